import Foundation
import RemessaStore
import RemessaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The normal deployment: clients upload as their own Unix users, `remessad` runs as its own.
@Suite("Clients upload as their own Unix users", .serialized, .timeLimit(.minutes(3)))
struct UnixUserDropTests {
    static let remessad = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("remessad").path

    @Test("remessad as its own user claims another user's upload once, and creates 0640/0600 files under umask 000")
    func anotherUsersUpload() async throws {
        // Debian's default: link() of another user's file is refused, which is what the claim must not need.
        let hardlinks = try String(contentsOfFile: "/proc/sys/fs/protected_hardlinks", encoding: .utf8)
        #expect(hardlinks.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        let daemonUser = try SystemUser.ensure("remessa-test-daemon")
        let client = try SystemUser.ensure("remessa-test-client")
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        try daemonUser.own(acme)
        // The inbox is the client's; the daemon's group may take files out of it.
        try client.own(acme + "/inbox")
        #expect(chown(acme + "/inbox", client.uid, daemonUser.gid) == 0)
        #expect(chmod(acme + "/inbox", 0o2770) == 0)
        let upload = acme + "/inbox/clientes.csv"
        try "telefone;nome\n11987654321;Ana\n21987654321;Bia\n".write(
            toFile: upload,
            atomically: false,
            encoding: .utf8
        )
        try client.own(upload)
        #expect(chmod(upload, 0o644) == 0)
        try FileManager.default.createDirectory(atPath: fixture.statePath, withIntermediateDirectories: true)
        try daemonUser.own(fixture.statePath)
        _ = try fixture.configuration(
            "drops:\n" + localDropYAML("acme", path: acme, extra: "    template: \"Oi @Nome\"")
        )

        let daemon = try DaemonProcess(
            "/usr/bin/setpriv",
            [
                "--reuid=\(daemonUser.uid)", "--regid=\(daemonUser.gid)", "--clear-groups", "/bin/sh", "-c",
                "umask 000 && exec \"$0\" \"$@\"", Self.remessad, "--config", fixture.root + "/remessad.yaml",
                "--until-idle",
            ]
        )
        let status = await daemon.waitForExit(timeout: .seconds(90))
        #expect(status == 0, "\(daemon.output.suffix(20).joined(separator: "\n"))")

        #expect(DaemonFixture.files(in: acme + "/inbox").isEmpty)
        #expect(DaemonFixture.files(in: acme + "/archive") == ["clientes.csv"])
        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        #expect(try await store.recentFiles(limit: 10).count == 1, "claimed once, not once per poll")
        #expect(Self.mode(acme + "/outbox/clientes.csv.result.csv") == 0o640)
        #expect(Self.mode(fixture.statePath + "/store.sqlite") == 0o600)
        #expect(Self.mode(fixture.statePath + "/store.lock") == 0o600)
        for name in DaemonFixture.files(in: acme + "/outbox") {
            #expect(Self.mode(acme + "/outbox/" + name) == 0o640, "\(name)")
        }
        for folder in ["processing", "archive", "failed", "outbox"] {
            #expect(Self.mode(acme + "/" + folder) == 0o750, "\(folder)")
        }
    }

    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }
}
