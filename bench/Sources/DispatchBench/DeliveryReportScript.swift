import Crypto
import Foundation

/// Signed delivery report bodies for wrk: one per message, each with its `X-Remessa-Signature` (lower-case hex
/// HMAC-SHA256 of the exact body bytes, keyed with the route's `webhookSecret`), and the Lua script that cycles
/// through them, each wrk thread from its own share of the list.
enum DeliveryReportScript {
    /// Writes `<root>/dlr-bodies.tsv` (`signature<TAB>body` per line) and `<root>/dlr.lua`; answers the script.
    static func write(ids: [Int64], route: String, secret: String, root: String, threads: Int) throws -> String {
        let key = SymmetricKey(data: Array(secret.utf8))
        let at = Date().ISO8601Format()
        var lines = ""
        lines.reserveCapacity(ids.count * 160)
        for id in ids {
            let body = #"{"id": "\#(id)", "status": "DELIVERED", "code": "000", "at": "\#(at)"}"#
            let code = HMAC<SHA256>.authenticationCode(for: Array(body.utf8), using: key)
            lines += code.map { String(format: "%02x", $0) }.joined() + "\t" + body + "\n"
        }
        let bodies = root + "/dlr-bodies.tsv"
        try lines.write(toFile: bodies, atomically: true, encoding: .utf8)
        let script = root + "/dlr.lua"
        try """
        -- Cycles through pre-signed delivery reports; thread k starts k/\(threads) of the way through the list.
        local started = 0
        function setup(thread)
          thread:set("share", started)
          started = started + 1
        end

        local requests = {}
        function init(args)
          for line in io.lines("\(bodies)") do
            local tab = line:find("\\t", 1, true)
            requests[#requests + 1] = wrk.format("POST", "/dlr/\(route)", {
              ["Content-Type"] = "application/json",
              ["X-Remessa-Signature"] = line:sub(1, tab - 1),
            }, line:sub(tab + 1))
          end
          position = math.floor(#requests * (share or 0) / \(threads))
        end

        function request()
          position = position % #requests + 1
          return requests[position]
        end

        """.write(toFile: script, atomically: true, encoding: .utf8)
        return script
    }
}
