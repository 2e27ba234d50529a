import Foundation
import Testing

/// `remessa drop` on a `transport: local` drop, and the errors that come before any transport.
@Suite("remessa drop on a local drop, and its errors", .serialized, .timeLimit(.minutes(3)))
struct DropLocalTests {
    @Test("ls, get and put on a local drop behave as over SFTP")
    func listsGetsAndPutsLocally() throws {
        let fixture = try DropFixture()
        try DropFixture.setSeededModification(fixture.seed + "/inbox/clientes.csv")
        try fixture.writeConfiguration(drops: [DropFixture.localDrop("loja", path: fixture.seed)])
        try DropScenario(fixture: fixture, drop: "loja", dropDirectory: fixture.seed).run()
        #expect(try DropFixture.names(fixture.seed + "/inbox").allSatisfy { !$0.hasPrefix(".") })
    }

    @Test("an unknown drop is a usage error that lists the configured drops")
    func unknownDropListsTheConfiguredOnes() throws {
        let fixture = try DropFixture()
        try fixture.writeConfiguration(drops: [
            DropFixture.localDrop("loja", path: fixture.seed), DropFixture.localDrop("acme", path: fixture.seed),
        ])
        let run = try fixture.drop(["ls", "nope"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("no drop \"nope\""))
        #expect(run.stderr.contains("configured: acme, loja"))
    }

    @Test("a bad configuration exits 78 naming the key")
    func configurationErrorsNameTheirPath() throws {
        let fixture = try DropFixture()
        try fixture.writeConfiguration(drops: ["  loja:\n    transport: ftp\n    path: \(fixture.seed)\n"])
        let run = try fixture.drop(["ls", "loja"])
        #expect(run.status == 78)
        #expect(run.stderr.contains("drops.loja.transport"), "\(run.stderr)")
    }

    @Test("missing arguments exit 64")
    func usageErrors() throws {
        let fixture = try DropFixture()
        try fixture.writeConfiguration(drops: [DropFixture.localDrop("loja", path: fixture.seed)])
        #expect(try fixture.drop(["get", "loja", "inbox/clientes.csv"]).status == 64)
        #expect(try fixture.drop(["put", "loja"]).status == 64)
        #expect(try fixture.drop(["ls"]).status == 64)
    }
}
