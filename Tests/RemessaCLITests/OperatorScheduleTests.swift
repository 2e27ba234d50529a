import Foundation
import RemessaCore
import RemessaStore
import Testing

/// `remessa batches` and `remessa batch ID` show a campaign's label, sender and schedule (contract §10).
@Suite("Operator commands: campaigns")
struct OperatorScheduleTests {
    /// A month ahead, in whole seconds (the store keeps them exactly).
    static let sendAt = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 30 * 86_400).rounded())

    /// A scheduled campaign and a plain file in `loja`.
    static func populated() async throws -> (OperatorFixture, campaign: Int64, plain: Int64) {
        let fixture = try OperatorFixture()
        let settings = BatchSettings(label: "Natal 2026", sender: "LOJA", sendAt: sendAt, sendUntil: sendAt + 7_200)
        let campaign = try await fixture.acceptedFile("natal.campaign.json", messages: 3, settings: settings)
        let plain = try await fixture.acceptedFile("clientes.csv", messages: 2)
        return (fixture, campaign.file, plain.file)
    }

    @Test("batches --format json and text: label, sender, sendAt and sendUntil, or null and -")
    func batches() async throws {
        let (fixture, campaign, plain) = try await Self.populated()
        let json = try fixture.run(["batches", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let batches = json.json.objects("batches")
        let scheduled = try #require(batches.first { $0.int("id") == Int(campaign) })
        #expect(scheduled.string("label") == "Natal 2026")
        #expect(scheduled.string("sender") == "LOJA")
        #expect(scheduled.string("sendAt") == Timestamp.iso8601(Self.sendAt))
        #expect(scheduled.string("sendUntil") == Timestamp.iso8601(Self.sendAt + 7_200))
        let immediate = try #require(batches.first { $0.int("id") == Int(plain) })
        for key in ["label", "sender", "sendAt", "sendUntil"] {
            #expect(immediate.isNull(key), "\(key)")
        }

        let text = try fixture.run(["batches"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n")
        #expect(lines[0].contains("LABEL") && lines[0].contains("SENDER") && lines[0].contains("SCHEDULE"))
        let row = try #require(lines.first { $0.contains("natal.campaign.json") })
        #expect(row.contains("Natal 2026"))
        #expect(row.contains("LOJA"))
        #expect(row.contains(Timestamp.iso8601(Self.sendAt) + " → " + Timestamp.iso8601(Self.sendAt + 7_200)))
        #expect(row.hasSuffix("scheduled"), "its sendAt is ahead")
        #expect(try #require(lines.first { $0.contains("clientes.csv") }).hasSuffix("running"))
    }

    @Test("batch ID text and json: the label, the sender and the schedule")
    func batch() async throws {
        let (fixture, campaign, plain) = try await Self.populated()
        let text = try fixture.run(["batch", String(campaign)])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("label         Natal 2026\n"))
        #expect(text.stdout.contains("sender        LOJA\n"))
        #expect(text.stdout.contains("send at       \(Timestamp.iso8601(Self.sendAt))\n"))
        #expect(text.stdout.contains("send until    \(Timestamp.iso8601(Self.sendAt + 7_200))\n"))
        #expect(text.stdout.contains("Agendada"))
        #expect(text.stdout.contains("state         scheduled"))

        let json = try fixture.run(["batch", String(campaign), "--format", "json"])
        #expect(json.json.object("batch")?.string("label") == "Natal 2026")
        #expect(json.json.object("batch")?.string("sendAt") == Timestamp.iso8601(Self.sendAt))

        let immediate = try fixture.run(["batch", String(plain)])
        #expect(immediate.stdout.contains("sender        the route's\n"))
        #expect(immediate.stdout.contains("send at       at once\n"))
    }

    @Test("batch ID of a saved base says it is never sent, not that its batch is still to come")
    func savedBase() async throws {
        let fixture = try OperatorFixture()
        let id = try await fixture.store.recordClaimIntent(
            drop: "loja",
            name: "clientes.csv",
            processingName: "clientes.csv",
            remoteSize: 10,
            remoteModification: 1,
            kind: .base
        )
        try await fixture.store.setStage(.done, of: id)
        let text = try fixture.run(["batch", String(id)])
        #expect(
            text.stdout.contains("state         a saved base (bases/), done; never sent, so no batch"),
            "\(text.stdout)"
        )
    }
}
