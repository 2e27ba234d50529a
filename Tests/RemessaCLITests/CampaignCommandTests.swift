import Foundation
import RemessaCore
import RemessaStore
import RemessaTesting
import Testing

@Suite("remessa check --campaign and remessa bases", .serialized)
struct CampaignCommandTests {
    /// A drop folder with `bases/clientes.csv` and `inbox/<name>` holding `campaign`.
    private func dropWith(_ campaign: String, name: String = "natal.campaign.json") throws -> (String, String) {
        let root = try TemporaryDirectory.create(prefix: "campaign-check")
        for folder in ["inbox", "bases"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        try "telefone;nome\n11987654321;Ana\n21987654321;\n".write(
            toFile: root + "/bases/clientes.csv",
            atomically: true,
            encoding: .utf8
        )
        try campaign.write(toFile: root + "/inbox/" + name, atomically: true, encoding: .utf8)
        return (root, root + "/inbox/" + name)
    }

    @Test("A campaign is checked against its base in bases/ with its own settings")
    func checksAgainstTheBase() throws {
        let (root, path) = try dropWith(#"{"base": "clientes.csv", "template": "Oi @Nome", "onMissingField": "blank"}"#)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try RemessaCLI.run(["check", "--campaign", path, "--format", "json", "--template", "x @Nome"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.json["accepted"] as? Int == 2)
        // The campaign's onMissingField (blank) wins over check's own (reject): both rows are accepted.
        let strict = try RemessaCLI.run(["check", "--campaign", path, "--format", "json"])
        #expect(strict.json["accepted"] as? Int == 2, "the campaign's onMissingField wins")
        let text = try RemessaCLI.run(["check", "--campaign", path])
        #expect(text.stdout.contains("campaign \"natal.campaign.json\""))
    }

    @Test("Campaign problems exit 65 with the daemon's code and sentence")
    func rejections() throws {
        for (campaign, code) in [
            (#"{"base": "clientes.csv", "quando": "amanhã"}"#, "INVALID_CAMPAIGN"),
            (#"{"base": "outra.csv"}"#, "BASE_NOT_FOUND"),
            (#"{"base": "clientes.csv", "sendAt": "2099-01-01T00:00:00Z"}"#, "SCHEDULE_TOO_FAR"),
        ] {
            let (root, path) = try dropWith(campaign)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let run = try RemessaCLI.run(["check", "--campaign", path, "--format", "json", "--result", root + "/e.csv"])
            #expect(run.status == 65, "\(campaign)")
            #expect((run.json["fileError"] as? [String: Any])?["code"] as? String == code, "\(run.stdout)")
            #expect(try String(contentsOfFile: root + "/e.csv", encoding: .utf8).contains(code))
        }
    }

    @Test("With --config and --drop the route's senders decide, as in the daemon")
    func sendersFromConfiguration() throws {
        let (root, path) = try dropWith(#"{"base": "clientes.csv", "sender": "PIRATA"}"#)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let config = root + "/remessad.yaml"
        try """
        state:
          path: \(root)/state
        routes:
          sim: {provider: simulator, sender: LOJA, senders: [LOJA, NATAL]}
        drops:
          loja: {transport: local, path: \(root), template: "Oi"}
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let refused = try RemessaCLI.run(["check", "--campaign", path, "--config", config, "--drop", "loja"])
        #expect(refused.status == 65)
        #expect(refused.stdout.contains("SENDER_NOT_ALLOWED"))
        #expect(refused.stdout.contains("\"LOJA\", \"NATAL\""))
        let (root2, allowed) = try dropWith(#"{"base": "clientes.csv", "sender": "NATAL"}"#)
        defer { try? FileManager.default.removeItem(atPath: root2) }
        let run = try RemessaCLI.run(["check", "--campaign", allowed, "--config", config, "--drop", "loja"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test("remessa bases lists the saved bases with rows, saved and expiry")
    func bases() async throws {
        let fixture = try OperatorFixture()
        let id = try await fixture.store.recordBaseCheck(
            drop: "loja",
            name: "clientes.csv",
            remoteSize: 10,
            remoteModification: 1
        )
        try await fixture.store.recordDownload(of: id, size: 10, sha256: String(repeating: "a", count: 64))
        let now = Date()
        try await fixture.store.recordBaseVerdict(
            SavedBase(
                drop: "loja",
                name: "clientes.csv",
                fileID: id,
                state: .saved,
                sha256: String(repeating: "a", count: 64),
                size: 10,
                modification: 1,
                layout: "base",
                rows: 3,
                validRows: 2,
                rejectedRows: 1,
                reasons: ["INVALID_NUMBER": 1],
                firstSavedAt: now,
                savedAt: now,
                expiresAt: now + 30 * 86400
            ),
            summary: IngestSummary(layout: "base", encoding: "UTF-8", rows: 3, accepted: 2, rejected: 1, segments: 0),
            rejection: nil
        )
        let text = try RemessaCLI.run(["bases", "--config", fixture.configPath])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("clientes.csv"))
        #expect(text.stdout.contains(Timestamp.iso8601(now + 30 * 86400)))
        let json = try RemessaCLI.run(["bases", "--config", fixture.configPath, "--drop", "loja", "--format", "json"])
        let bases = try #require(json.json["bases"] as? [[String: Any]])
        #expect(bases.first?["rows"] as? Int == 3)
        #expect(bases.first?["validRows"] as? Int == 2)
        let unknown = try RemessaCLI.run(["bases", "--config", fixture.configPath, "--drop", "nenhum"])
        #expect(unknown.status == 64)
    }
}
