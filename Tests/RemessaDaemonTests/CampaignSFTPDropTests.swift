import Foundation
import RemessaCore
import RemessaStore
import RemessaTesting
import Testing

/// Saved bases and campaign files over a real OpenSSH sshd on 127.0.0.1 (contract §10).
@Suite("Campaigns over SFTP drops", .serialized, .timeLimit(.minutes(5)))
struct CampaignSFTPDropTests {
    @Test("A base saved, a campaign on it sent, bad campaigns answered, a deleted base forgotten, over SFTP")
    func campaignsOverSFTP() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        try await SSHDSandbox.withSandbox(SSHDSandboxConfiguration(users: ["rdmn-camp"])) { sandbox in
            let user = try #require(sandbox.user("rdmn-camp"))
            let root = user.dropDirectory
            for folder in ["inbox", "bases"] {
                try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
            }
            func write(_ text: String, _ relative: String) throws {
                try text.write(toFile: root + "/" + relative, atomically: true, encoding: .utf8)
            }
            try write(CampaignFixture.base, "bases/clientes.csv")
            try write("telefone;nome\n", "bases/vazia.csv")
            let sendAt = Timestamp.iso8601(Date().addingTimeInterval(600))
            try write(
                #"{"base": "clientes.csv", "template": "Natal, @Nome", "sender": "NATAL", "label": "Natal", "#
                    + #""sendAt": "\#(sendAt)", "priority": "BAIXA"}"#,
                "inbox/natal.campaign.json"
            )
            try write(#"{"base": "nenhuma.csv"}"#, "inbox/sem-base.campaign.json")
            try write(#"{"base": "clientes.csv", "cor": "azul"}"#, "inbox/chave.campaign.json")
            try write(#"{"base": "clientes.csv", "validateOnly": true}"#, "inbox/teste.campaign.json")
            try SFTPDropTests.giveToUser(root + "/inbox", user)
            try SFTPDropTests.giveToUser(root + "/bases", user)
            let yaml = """
                routes:
                  sim:
                    provider: simulator
                    rate: 100000
                    sender: LOJA
                    senders: [LOJA, NATAL]
                    simulator: {submitLatency: 0ms, dlrDelay: 50ms}
                drops:

                """
                + SFTPDropTests.sftpDropYAML("camp", user: user, sandbox: sandbox, extra: "    template: \"Oi\"")
            let configuration = try fixture.configuration(yaml)
            #expect(try await fixture.runUntilIdle(configuration) == 0)

            let outbox = DaemonFixture.files(in: root + "/outbox")
            #expect(DaemonFixture.files(in: root + "/bases") == ["clientes.csv"])
            #expect(DaemonFixture.files(in: root + "/failed").contains("vazia.csv"))
            #expect(outbox.contains("clientes.csv.saved.json"))
            #expect(outbox.contains("vazia.csv.error.csv"))
            #expect(DaemonFixture.files(in: root + "/archive") == ["natal.campaign.json", "teste.campaign.json"])
            let result = try DaemonFixture.rows(root + "/outbox/natal.campaign.json.result.csv")
            #expect(result.map { $0[3] } == ["ACCEPTED", "ACCEPTED"])
            #expect(outbox.contains("teste.campaign.json.result.csv"))
            for (name, code) in [("sem-base", "BASE_NOT_FOUND"), ("chave", "INVALID_CAMPAIGN")] {
                let errors = try DaemonFixture.rows(root + "/outbox/\(name).campaign.json.error.csv")
                #expect(errors.first?.first == code, "\(name)")
                #expect(DaemonFixture.files(in: root + "/failed").contains("\(name).campaign.json"))
            }
            let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
            let batches = try await store.batches()
            #expect(batches.count == 1, "validateOnly and rejected campaigns send nothing")
            let batch = try #require(batches.first)
            #expect(batch.fileName == "natal.campaign.json")
            #expect(batch.settings.label == "Natal" && batch.settings.sender == "NATAL")
            #expect(batch.settings.sendAt.map { Timestamp.iso8601($0) } == sendAt)

            // The client deletes the base: the next poll forgets it.
            try FileManager.default.removeItem(atPath: root + "/bases/clientes.csv")
            #expect(try await fixture.runUntilIdle(configuration) == 0)
            #expect(try await store.savedBase(drop: "camp", name: "clientes.csv") == nil)
        }
    }
}
