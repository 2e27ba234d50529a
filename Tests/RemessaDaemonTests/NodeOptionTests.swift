import Foundation
import RemessaConfig
import RemessaDaemon
import RemessaTesting
import Testing

/// `remessad --node NAME --listen HOST:PORT` (contract §13): several nodes share one configuration file and one
/// machine, each with its own spool and listener.
@Suite("remessad --node and --listen", .serialized, .timeLimit(.minutes(2)))
struct NodeOptionTests {
    @Test("Node names: a-z, 0-9, '.', '_', '-', up to 64, not spool or store…")
    func nodeNames() {
        for name in ["n1", "node-a", "remessa.b_2", String(repeating: "a", count: 64)] {
            #expect(Daemon.isValidNodeName(name), "\(name)")
        }
        for name in [
            "", "N1", "-a", ".a", "a/b", "a b", "spool", "store.sqlite", "nó", String(repeating: "a", count: 65),
        ] {
            #expect(!Daemon.isValidNodeName(name), "\(name)")
        }
    }

    @Test("--listen takes HOST:PORT, IPv6 bracketed; anything else is refused")
    func listenAddresses() {
        #expect(HTTPConfiguration(listen: "127.0.0.1:9100") == HTTPConfiguration(host: "127.0.0.1", port: 9100))
        #expect(HTTPConfiguration(listen: "[::1]:9100") == HTTPConfiguration(host: "::1", port: 9100))
        for text in ["127.0.0.1", ":9100", "127.0.0.1:0", "127.0.0.1:70000", "::1:9100", "host:port"] {
            #expect(HTTPConfiguration(listen: text) == nil, "\(text)")
        }
    }

    @Test("--listen overrides http.listen; --node puts the spool in <state>/<node>; bad values exit 64")
    func daemonOptions() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        try "telefone;mensagem\n11987654321;Oi\n".write(
            toFile: drop + "/inbox/a.csv",
            atomically: true,
            encoding: .utf8
        )
        _ = try fixture.configuration("drops:\n" + localDropYAML("acme", path: drop))
        let config = fixture.root + "/remessad.yaml"
        let port = try FreePort.find()

        let checked = try DaemonProcess(
            CrashSafetyTests.remessad,
            ["--config", config, "--check-config", "--listen", "127.0.0.1:\(port)"],
            collecting: .standardOutput
        )
        #expect(await checked.waitForExit() == 0)
        #expect(checked.output.contains { $0.contains("http: 127.0.0.1:\(port)") }, "\(checked.output)")

        for arguments in [["--node", "Nó"], ["--node", "spool"], ["--listen", "localhost"]] {
            let refused = try DaemonProcess(
                CrashSafetyTests.remessad,
                ["--config", config, "--until-idle"] + arguments
            )
            #expect(await refused.waitForExit() == 64, "\(arguments)")
        }

        let node = try DaemonProcess(
            CrashSafetyTests.remessad,
            ["--config", config, "--until-idle", "--node", "n1", "--listen", "127.0.0.1:\(port)"]
        )
        #expect(await node.waitForExit() == 0, "\(node.output.suffix(20))")
        #expect(DaemonFixture.files(in: drop + "/archive") == ["a.csv"])
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: fixture.statePath + "/n1", isDirectory: &isFolder))
        #expect(isFolder.boolValue, "the node's spool")
        #expect(!FileManager.default.fileExists(atPath: fixture.statePath + "/spool"))
    }
}
