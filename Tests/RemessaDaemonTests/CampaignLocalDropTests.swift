import Foundation
import RemessaCore
import RemessaStore
import RemessaTesting
import Testing

@Suite("Campaigns over local drops", .serialized, .timeLimit(.minutes(3)))
struct CampaignLocalDropTests {
    @Test("A base in bases/ is checked, answered with <name>.saved.json (exactly §10's keys), kept, never sent")
    func savedBase() async throws {
        let drop = try CampaignFixture()
        defer { drop.remove() }
        try drop.write(CampaignFixture.base + "123;Curto;\n", to: "bases/clientes.csv")
        #expect(try await drop.run() == 0)

        #expect(drop.files("bases") == ["clientes.csv"])
        #expect(drop.files("outbox") == ["clientes.csv.saved.json"])
        let saved = try drop.saved("clientes.csv")
        #expect(
            Set(saved.keys)
                == ["base", "layout", "rows", "validRows", "rejectedRows", "reasons", "sha256", "savedAt", "expiresAt"]
        )
        #expect(saved["base"] as? String == "clientes.csv")
        #expect(saved["layout"] as? String == "base")
        #expect(saved["rows"] as? Int == 3)
        #expect(saved["validRows"] as? Int == 2)
        #expect(saved["rejectedRows"] as? Int == 1)
        #expect(saved["reasons"] as? [String: Int] == ["INVALID_NUMBER": 1])
        #expect((saved["sha256"] as? String)?.count == 64)
        let savedAt = try #require(saved["savedAt"] as? String)
        let expiresAt = try #require(saved["expiresAt"] as? String)
        let days =
            try OffsetDateTime.parse(expiresAt).get().secondsSince1970
            - OffsetDateTime.parse(savedAt).get().secondsSince1970
        #expect(days == 30 * 86400)
        let store = try drop.store()
        #expect(try await store.batches().isEmpty)
        let base = try #require(try await store.savedBase(drop: "acme", name: "clientes.csv"))
        #expect(base.state == .saved && base.validRows == 2)

        // Another run finds it unchanged: nothing new.
        #expect(try await drop.run() == 0)
        #expect(drop.files("outbox") == ["clientes.csv.saved.json"])
    }

    @Test("A base rejected as a whole gets its error file and moves to failed/; a campaign naming it is told so")
    func rejectedBase() async throws {
        let drop = try CampaignFixture()
        defer { drop.remove() }
        try drop.write("telefone;nome\n", to: "bases/vazia.csv")
        #expect(try await drop.run() == 0)
        #expect(drop.files("bases").isEmpty)
        #expect(drop.files("failed") == ["vazia.csv"])
        #expect(try drop.error("vazia.csv")?.code == "NO_DATA_ROWS")

        try drop.write(#"{"base": "vazia.csv"}"#, to: "inbox/usa-vazia.campaign.json")
        #expect(try await drop.run() == 0)
        let error = try #require(try drop.error("usa-vazia.campaign.json"))
        #expect(error.code == "BASE_NOT_FOUND")
        #expect(error.message.contains("foi recusada"))
        #expect(drop.files("failed") == ["usa-vazia.campaign.json", "vazia.csv"])
    }

    @Test("A campaign sends its base with every one of its settings, named after the campaign file")
    func campaign() async throws {
        let drop = try CampaignFixture()
        defer { drop.remove() }
        try drop.write(CampaignFixture.base, to: "bases/clientes.csv")
        let sendAt = Timestamp.iso8601(Date().addingTimeInterval(600))
        let sendUntil = Timestamp.iso8601(Date().addingTimeInterval(3600))
        try drop.write(
            """
            {"base": "clientes.csv", "template": "Feliz Natal, @Nome da loja @Loja!", "sender": "NATAL",
             "sendAt": "\(sendAt)", "sendUntil": "\(sendUntil)", "priority": "ALTA", "countryCode": "auto",
             "onMissingField": "blank", "label": "Natal 2026"}
            """,
            to: "inbox/natal.campaign.json"
        )
        #expect(try await drop.run() == 0)

        #expect(drop.files("archive") == ["natal.campaign.json"])
        #expect(drop.files("bases") == ["clientes.csv"])
        let result = try drop.rows("outbox/natal.campaign.json.result.csv")
        #expect(result.map { $0[3] } == ["ACCEPTED", "ACCEPTED"])
        let batch = try #require(try await drop.batch(of: "natal.campaign.json"))
        #expect(batch.settings.label == "Natal 2026")
        #expect(batch.settings.sender == "NATAL")
        #expect(batch.settings.sendAt.map { Timestamp.iso8601($0) } == sendAt)
        #expect(batch.settings.sendUntil.map { Timestamp.iso8601($0) } == sendUntil)
        let messages = try await drop.messages(of: batch)
        #expect(messages.first?.text == "Feliz Natal, Ana Souza da loja Centro!")
        #expect(messages.last?.text.hasPrefix("Feliz Natal, Bia da loja") == true)
        #expect(messages.allSatisfy { $0.priority == .alta })
    }

    @Test("Without its own settings a campaign takes the drop's; its label is the campaign file's name")
    func campaignDefaults() async throws {
        let drop = try CampaignFixture()
        defer { drop.remove() }
        try drop.write(CampaignFixture.base, to: "bases/clientes.csv")
        try drop.write(#"{"base": "clientes.csv", "sendAt": "2020-01-01T00:00:00-03:00"}"#, to: "inbox/a.campaign.json")
        #expect(try await drop.run() == 0)
        let batch = try #require(try await drop.batch(of: "a.campaign.json"))
        #expect(batch.settings.label == "a.campaign.json")
        #expect(batch.settings.sender == nil)
        // A date already past means now.
        #expect(batch.settings.sendAt == nil)
        #expect(try await drop.messages(of: batch).map(\.text) == ["Oi Ana", "Oi Bia"])
    }

    @Test("validateOnly publishes the result file and sends nothing")
    func validateOnly() async throws {
        let drop = try CampaignFixture()
        defer { drop.remove() }
        try drop.write(CampaignFixture.base, to: "bases/clientes.csv")
        try drop.write(#"{"base": "clientes.csv", "validateOnly": true}"#, to: "inbox/teste.campaign.json")
        #expect(try await drop.run() == 0)
        #expect(drop.files("archive") == ["teste.campaign.json"])
        #expect(try drop.rows("outbox/teste.campaign.json.result.csv").map { $0[3] } == ["ACCEPTED", "ACCEPTED"])
        #expect(try drop.rows("outbox/teste.campaign.json.result.csv").allSatisfy { $0[6].isEmpty })
        #expect(try await drop.store().batches().isEmpty)
        #expect(!drop.files("outbox").contains { $0.contains(".final.") || $0.contains(".dlr.") })
    }

    @Test(
        "A campaign rejected as a whole gets its error file naming the problem and moves to failed/",
        arguments: [
            (#"{"base": "clientes.csv", "sendat": "2026-12-24T09:00:00-03:00"}"#, "INVALID_CAMPAIGN", "sendat", ""),
            (#"{"base": "clientes.csv", "sendAt": "2026-12-24T09:00:00"}"#, "INVALID_CAMPAIGN", "sendAt", ""),
            (#"["clientes.csv"]"#, "INVALID_CAMPAIGN", "", ""),
            (#"{"base": "outra.csv"}"#, "BASE_NOT_FOUND", "base", ""),
            (#"{"base": "clientes.csv", "sender": "PIRATA"}"#, "SENDER_NOT_ALLOWED", "sender", ""),
            (#"{"base": "clientes.csv", "sendAt": "2099-01-01T00:00:00Z"}"#, "SCHEDULE_TOO_FAR", "sendAt", ""),
            (
                #"{"base": "clientes.csv", "sendAt": "2099-01-02T00:00:00Z", "sendUntil": "2099-01-01T00:00:00Z"}"#,
                "SCHEDULE_TOO_FAR", "sendUntil", "    maxScheduleAhead: 100000d\n"
            ),
        ]
    )
    func rejectedCampaign(json: String, code: String, field: String, extra: String) async throws {
        let drop = try CampaignFixture()
        defer { drop.remove() }
        try drop.write(CampaignFixture.base, to: "bases/clientes.csv")
        try drop.write(json, to: "inbox/x.campaign.json")
        #expect(try await drop.run(extra: extra) == 0)
        #expect(drop.files("failed") == ["x.campaign.json"])
        let error = try #require(try drop.error("x.campaign.json"))
        #expect(error.code == code)
        #expect(error.field == field)
        // The sentence names the key, or for a sender the sender refused.
        if !field.isEmpty { #expect(error.message.contains(field == "sender" ? "PIRATA" : field), "\(error.message)") }
        #expect(try await drop.store().batches().isEmpty)
    }

    @Test("The same campaign on the same base is DUPLICATE_FILE; another label, or a changed base, is a new one")
    func duplicates() async throws {
        let drop = try CampaignFixture()
        defer { drop.remove() }
        try drop.write(CampaignFixture.base, to: "bases/clientes.csv")
        try drop.write(#"{"base": "clientes.csv"}"#, to: "inbox/a.campaign.json")
        #expect(try await drop.run() == 0)
        try drop.write(#"{"base": "clientes.csv"}"#, to: "inbox/b.campaign.json")
        try drop.write(#"{"base": "clientes.csv", "label": "outra"}"#, to: "inbox/c.campaign.json")
        #expect(try await drop.run() == 0)
        #expect(try drop.error("b.campaign.json")?.code == "DUPLICATE_FILE")
        #expect(try drop.error("b.campaign.json")?.message.contains("a.campaign.json") == true)
        #expect(drop.files("archive") == ["a.campaign.json", "c.campaign.json"])

        // The base changes (new content, same name): checked again, and the same campaign is new on it.
        try drop.write(CampaignFixture.base + "31987654321;Caio;Sul\n", to: "bases/clientes.csv")
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(5)],
            ofItemAtPath: drop.drop + "/bases/clientes.csv"
        )
        try drop.write(#"{"base": "clientes.csv"}"#, to: "inbox/d.campaign.json")
        #expect(try await drop.run() == 0)
        #expect(drop.files("archive") == ["a.campaign.json", "c.campaign.json", "d.campaign.json"])
        #expect(try await drop.batch(of: "d.campaign.json")?.messages == 3)
        let store = try drop.store()
        #expect(try await store.savedBase(drop: "acme", name: "clientes.csv")?.rows == 3)
        #expect(drop.files("outbox").filter { $0.hasPrefix("clientes.csv.saved") }.count == 2)
    }

    @Test("A campaign naming a base still being uploaded waits for it, up to baseWait, then BASE_NOT_FOUND")
    func baseStillUploading() async throws {
        let drop = try CampaignFixture()
        defer { drop.remove() }
        // Marker readiness: the base is not ready until its .ok exists, so it stays "being uploaded".
        try drop.write(CampaignFixture.base, to: "bases/clientes.csv")
        try drop.write(#"{"base": "clientes.csv"}"#, to: "inbox/a.campaign.json")
        try drop.write("", to: "inbox/a.campaign.json.ok")
        let extra = "    readiness: marker\n    baseWait: 2s\n"
        let configuration = try drop.fixture.configuration(drop.yaml(extra: extra))
        // The base without its marker keeps the drop busy: run for 4 s, then look.
        let run = Task { try await drop.fixture.runUntilIdle(configuration) }
        try await Task.sleep(for: .seconds(1))
        #expect(
            drop.files("inbox") == ["a.campaign.json.ok"]
                || drop.files("processing").map { $0.drop { $0 != "-" }.dropFirst() } == ["a.campaign.json"]
        )
        #expect(drop.files("failed").isEmpty, "still waiting after 1 s")
        try await Task.sleep(for: .seconds(3))
        run.cancel()
        _ = try? await run.value
        let error = try #require(try drop.error("a.campaign.json"))
        #expect(error.code == "BASE_NOT_FOUND")
        #expect(error.message.contains("ainda estava sendo enviada"))

        // Once ready, the same campaign is sent.
        try drop.write("", to: "bases/clientes.csv.ok")
        try drop.write(#"{"base": "clientes.csv"}"#, to: "inbox/b.campaign.json")
        try drop.write("", to: "inbox/b.campaign.json.ok")
        #expect(try await drop.run(extra: extra) == 0)
        #expect(drop.files("archive") == ["b.campaign.json"])
    }

    @Test("A base is deleted baseRetention after it was first saved; a campaign then finds it expired")
    func retention() async throws {
        let drop = try CampaignFixture()
        defer { drop.remove() }
        try drop.write(CampaignFixture.base, to: "bases/clientes.csv")
        #expect(try await drop.run(extra: "    baseRetention: 4s\n") == 0)
        #expect(drop.files("bases") == ["clientes.csv"])
        try await Task.sleep(for: .seconds(4.2))
        try drop.write(#"{"base": "clientes.csv"}"#, to: "inbox/a.campaign.json")
        #expect(try await drop.run(extra: "    baseRetention: 4s\n") == 0)
        #expect(drop.files("bases").isEmpty)
        let error = try #require(try drop.error("a.campaign.json"))
        #expect(error.code == "BASE_NOT_FOUND")
        #expect(error.message.contains("expirou"))
    }

    @Test("A base the client deletes is forgotten")
    func clientDeletes() async throws {
        let drop = try CampaignFixture()
        defer { drop.remove() }
        try drop.write(CampaignFixture.base, to: "bases/clientes.csv")
        #expect(try await drop.run() == 0)
        let store = try drop.store()
        #expect(try await store.savedBase(drop: "acme", name: "clientes.csv") != nil)
        try FileManager.default.removeItem(atPath: drop.drop + "/bases/clientes.csv")
        #expect(try await drop.run() == 0)
        #expect(try await store.savedBase(drop: "acme", name: "clientes.csv") == nil)
    }

    @Test("A Sinch file of a declared sub-account takes its route, sender, template and priority")
    func sinchSubAccount() async throws {
        let drop = try CampaignFixture()
        defer { drop.remove() }
        let rows = "numero;texto;correlationId\n11987654321;;a1\n21987654321;Texto proprio;a2\nEOF\n"
        try drop.write(rows, to: "inbox/PROJETO1.20261121.01.txt")
        // Other correlation ids: the same content would be DUPLICATE_FILE.
        try drop.write(rows.replacingOccurrences(of: ";a", with: ";b"), to: "inbox/OUTRO.20261121.01.txt")
        let extra = """
                route: sim
                subAccounts:
                  PROJETO1: {route: vip, sender: NATAL, template: "Do projeto 1", priority: ALTA}

            """
        let route = "  vip:\n    provider: simulator\n    senders: [NATAL]\n    simulator: {submitLatency: 0ms}\n"
        #expect(try await drop.run(extra: extra, routeExtra: route) == 0)
        let projeto = try #require(try await drop.batch(of: "PROJETO1.20261121.01.txt"))
        #expect(projeto.route == "vip")
        #expect(projeto.settings.sender == "NATAL")
        let messages = try await drop.messages(of: projeto)
        #expect(messages.map(\.text) == ["Do projeto 1", "Texto proprio"])
        #expect(messages.allSatisfy { $0.priority == .alta })
        let outro = try #require(try await drop.batch(of: "OUTRO.20261121.01.txt"))
        #expect(outro.route == "sim")
        #expect(outro.settings.sender == nil)
        let texts = try await drop.messages(of: outro).map(\.text)
        #expect(texts.contains("Texto proprio") && !texts.contains("Do projeto 1"))
    }
}
