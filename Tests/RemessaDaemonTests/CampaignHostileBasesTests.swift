import Foundation
import RemessaCore
import RemessaStore
import RemessaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What a client plants in `bases/` (contract §10, §14), and a drop that names its bases folder itself.
@Suite("Saved bases: planted files and a renamed folder", .serialized, .timeLimit(.minutes(3)))
struct CampaignHostileBasesTests {
    @Test("A link or a FIFO in bases/ is NOT_A_REGULAR_FILE, moved to failed/ unread; a campaign naming it is refused")
    func plantedBases() async throws {
        let drop = try CampaignFixture()
        defer { drop.remove() }
        let other = try drop.fixture.localDrop("other")
        let secret = "telefone;nome\n21999990001;Zeca\n"
        try secret.write(toFile: other + "/inbox/segredo.csv", atomically: true, encoding: .utf8)
        #expect(symlink(other + "/inbox/segredo.csv", drop.drop + "/bases/link.csv") == 0)
        #expect(mkfifo(drop.drop + "/bases/pipe.csv", 0o666) == 0)
        try drop.write(CampaignFixture.base, to: "bases/boa.csv")
        #expect(try await drop.run() == 0)

        #expect(drop.files("bases") == ["boa.csv"])
        #expect(drop.files("failed") == ["link.csv", "pipe.csv"])
        for name in ["link.csv", "pipe.csv"] {
            #expect(try drop.error(name)?.code == "NOT_A_REGULAR_FILE", "\(name)")
        }
        #expect(HostileLocalDropTests.type(drop.drop + "/failed/link.csv") == .typeSymbolicLink, "moved as a link")
        #expect(try DaemonFixture.text(other + "/inbox/segredo.csv") == secret)
        for name in drop.files("outbox") {
            #expect(!(try drop.text("outbox/" + name)).contains("21999990001"), "\(name)")
        }

        try drop.write(#"{"base": "link.csv"}"#, to: "inbox/usa-link.campaign.json")
        #expect(try await drop.run() == 0)
        #expect(try drop.error("usa-link.campaign.json")?.code == "BASE_NOT_FOUND")
        #expect(try await drop.store().batches().isEmpty)
    }

    @Test("folders.bases renames the folder: a base there is saved and a campaign finds it; bases/ is not read")
    func renamedFolder() async throws {
        let drop = try CampaignFixture()
        defer { drop.remove() }
        try FileManager.default.createDirectory(atPath: drop.drop + "/salvos", withIntermediateDirectories: true)
        try drop.write(CampaignFixture.base, to: "salvos/clientes.csv")
        try drop.write(CampaignFixture.base, to: "bases/ignorada.csv")
        try drop.write(#"{"base": "clientes.csv", "label": "Renomeada"}"#, to: "inbox/natal.campaign.json")
        #expect(try await drop.run(extra: "    folders: {bases: salvos}\n") == 0)

        #expect(drop.files("salvos") == ["clientes.csv"])
        #expect(drop.files("bases") == ["ignorada.csv"])
        #expect(try drop.saved("clientes.csv")["validRows"] as? Int == 2)
        #expect(!drop.files("outbox").contains("ignorada.csv.saved.json"))
        let batch = try #require(try await drop.batch(of: "natal.campaign.json"))
        #expect(batch.messages == 2)
        #expect(batch.settings.label == "Renomeada")
    }
}
