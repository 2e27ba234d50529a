import CLibSSH2
import Foundation

/// An OpenSSH known_hosts file loaded into libssh2's checker for one session.
///
/// Lines are handed to libssh2 one at a time, so a line it cannot parse (a certificate authority, a key type it
/// does not know) is skipped instead of aborting the whole file as `libssh2_knownhost_readfile` would.
/// `@revoked` lines, which libssh2 does not understand, are kept here and refused explicitly.
final class KnownHostsFile {
    private let collection: OpaquePointer
    /// The session the collection allocates from: held so that it is freed only after the collection.
    private let session: SSHSession
    /// The base64 key blobs of `@revoked` lines.
    private(set) var revokedKeys: Set<String> = []
    /// Lines libssh2 could not parse.
    private(set) var skippedLines = 0
    /// Entries loaded.
    private(set) var entryCount = 0
    let path: String

    /// Reads `path` into a checker bound to `session`.
    init(path: String, session: SSHSession) throws(SFTPError) {
        self.path = path
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw SFTPError(
                code: .knownHostsUnreadable,
                operation: "known_hosts",
                path: path,
                detail: "cannot read the known_hosts file"
            )
        }
        self.session = session
        self.collection = try session.call("knownhost_init") { libssh2_knownhost_init(session.raw) }
        for line in contents.split(separator: UInt8(ascii: "\n")) {
            self.load(line: line)
        }
    }

    deinit {
        libssh2_knownhost_free(self.collection)
    }

    private func load(line: Data) {
        var bytes = Array(line)
        while let last = bytes.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: " ") {
            bytes.removeLast()
        }
        guard let first = bytes.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }),
            first != UInt8(ascii: "#")
        else { return }
        if first == UInt8(ascii: "@") {
            let fields = String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.first == "@revoked", fields.count >= 4 {
                self.revokedKeys.insert(String(fields[3]))
            } else {
                self.skippedLines += 1
            }
            return
        }
        let rc = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                libssh2_knownhost_readline(
                    self.collection,
                    chars.baseAddress,
                    chars.count,
                    LIBSSH2_KNOWNHOST_FILE_OPENSSH
                )
            }
        }
        if rc == 0 {
            self.entryCount += 1
        } else {
            self.skippedLines += 1
        }
    }

    /// The key types the file holds for `host`:`port`, most preferred first.
    ///
    /// libssh2 has no query for this, but its check answers "mismatch" when the host has an entry of the given
    /// type with another key, so checking a key no entry can hold reveals which types are present.
    func keyTypes(host: String, port: Int) -> [SSHHostKeyType] {
        let probe = Array("remessa-host-key-type-probe".utf8)
        return SSHHostKeyType.all.filter { type in
            self.check(host: host, port: port, key: probe, type: type) == .mismatch
        }
    }

    enum CheckResult {
        case match
        case mismatch
        case notFound
        case failure
    }

    /// Checks a raw host key blob of `type` for `host`:`port` (`[host]:port` entries first, then plain `host`).
    func check(host: String, port: Int, key: [UInt8], type: SSHHostKeyType) -> CheckResult {
        let typemask = LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | type.knownHostKeyMask
        let rc = key.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                libssh2_knownhost_checkp(
                    self.collection,
                    host,
                    Int32(port),
                    chars.baseAddress,
                    chars.count,
                    typemask,
                    nil
                )
            }
        }
        switch rc {
        case LIBSSH2_KNOWNHOST_CHECK_MATCH: return .match
        case LIBSSH2_KNOWNHOST_CHECK_MISMATCH: return .mismatch
        case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND: return .notFound
        default: return .failure
        }
    }
}
