import Foundation
import InMemoryLogging
import RemessaConfig
import RemessaCore
import RemessaDaemon
import RemessaStore
import RemessaTesting
import Testing

@Suite("Daemon over local drops", .serialized, .timeLimit(.minutes(3)))
struct LocalDropTests {
    @Test("Every sample file ends in archive/ or failed/ with its result or error file, and its messages stored")
    func sampleDrops() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        let sinch = try fixture.localDrop("sinch")
        let engage = try fixture.localDrop("engage")
        let acmeFiles = try fixture.seed("acme-varejo", into: acme)
        let sinchFiles = try fixture.seed("sinch-parceiro", into: sinch)
        let engageFiles = try fixture.seed("engage-cobranca", into: engage)
        let sample = DaemonFixture.sampleDrops
        let configuration = try fixture.configuration(
            "drops:\n"
                + localDropYAML("acme", path: acme, extra: "    templateFile: \(sample)/acme-varejo/template.txt")
                + localDropYAML("sinch", path: sinch)
                + localDropYAML(
                    "engage",
                    path: engage,
                    extra: "    templateFile: \(sample)/engage-cobranca/template.txt"
                )
        )
        #expect(try await fixture.runUntilIdle(configuration) == 0)

        let expected: [String: Int] = [
            "clientes-promo.csv": 9, "base-windows1252.csv": 4, "planilha-excel-problemas.csv": 1,
            "mensagens-multilinha.csv": 3, "PROJETO1.20261121.01.txt": 4, "3486.20261121.02.txt": 2,
            "publico-cobranca.csv": 3,
        ]
        let rejected: [String: String] = [
            "planilha-salva-como-xlsx.csv": "BINARY_FILE", "texto-unicode-excel.txt": "BINARY_FILE",
            "vazio.csv": "EMPTY_FILE", "so-cabecalho.csv": "NO_DATA_ROWS", "PROJETO1.20261121.03.txt": "MISSING_EOF",
            "publico-coluna-extra.csv": "COLUMN_COUNT_MISMATCH", "publico-com-formula.csv": "FORMULA_IN_CELL",
        ]
        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        let files = try await store.recentFiles(limit: 100)
        #expect(files.count == acmeFiles.count + sinchFiles.count + engageFiles.count)
        #expect(files.allSatisfy { $0.stage == .done })

        for (drop, names) in [(acme, acmeFiles), (sinch, sinchFiles), (engage, engageFiles)] {
            #expect(DaemonFixture.files(in: drop + "/inbox").isEmpty)
            #expect(DaemonFixture.files(in: drop + "/processing").isEmpty)
            for name in names {
                if let count = expected[name] {
                    #expect(DaemonFixture.files(in: drop + "/archive").contains(name), "\(name) archived")
                    let rows = try DaemonFixture.rows(drop + "/outbox/" + name + ".result.csv")
                    let accepted = rows.filter { $0.count > 6 && $0[3] == "ACCEPTED" }
                    #expect(accepted.count == count, "\(name)")
                    #expect(accepted.allSatisfy { !$0[6].isEmpty }, "every accepted row of \(name) has a message id")
                    let record = try #require(files.first { $0.name == name })
                    #expect(record.outcome == .accepted)
                    let batch = try #require(try await store.batch(record.id))
                    #expect(batch.messages == count)
                    // Sent and reported on by the built-in simulator; a Ceará number may wait for its legal hours.
                    #expect(batch.statusCounts.values.reduce(0, +) == count)
                    #expect(batch.statusCounts.keys.allSatisfy { $0.isTerminal || $0 == .scheduled }, "\(name)")
                } else {
                    let code = try #require(rejected[name], "\(name) is expected somewhere")
                    #expect(DaemonFixture.files(in: drop + "/failed").contains(name), "\(name) failed")
                    let errors = try DaemonFixture.rows(drop + "/outbox/" + name + ".error.csv")
                    #expect(errors.first?.first == code, "\(name)")
                    #expect(files.first { $0.name == name }?.errorCode == code)
                }
            }
        }
        // Log hygiene: no full phone number of the samples reaches the logs.
        let messages = fixture.logs.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!messages.contains("5511987654321"))
        #expect(messages.contains("File accepted"))
    }

    @Test("The same content uploaded again within dedupeWindow is rejected as DUPLICATE_FILE, naming the first")
    func duplicateFile() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        let content = "telefone;nome\n11987654321;Ana\n21987654321;Bia\n"
        try content.write(toFile: acme + "/inbox/a.csv", atomically: true, encoding: .utf8)
        let configuration = try fixture.configuration(
            "drops:\n" + localDropYAML("acme", path: acme, extra: "    template: \"Oi @Nome\"")
        )
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        try content.write(toFile: acme + "/inbox/a-de-novo.csv", atomically: true, encoding: .utf8)
        try content.write(toFile: acme + "/inbox/a.csv", atomically: true, encoding: .utf8)
        #expect(try await fixture.runUntilIdle(configuration) == 0)

        #expect(DaemonFixture.files(in: acme + "/archive") == ["a.csv"])
        #expect(DaemonFixture.files(in: acme + "/failed") == ["a-de-novo.csv", "a.csv"])
        let errors = try DaemonFixture.rows(acme + "/outbox/a-de-novo.csv.error.csv")
        #expect(errors.first?.first == "DUPLICATE_FILE")
        #expect(errors.first?.joined(separator: ";").contains("arquivo a.csv") == true)
        #expect(DaemonFixture.files(in: acme + "/outbox").contains("a.csv.error.csv"))
        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        #expect(try await store.batches().count == 1)
    }

    @Test("Marker readiness claims a file only once its .ok exists, and removes the marker with it")
    func markerReadiness() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        try "telefone\n11987654321\n".write(toFile: acme + "/inbox/sem-marcador.csv", atomically: true, encoding: .utf8)
        try "telefone\n21987654321\n".write(toFile: acme + "/inbox/com-marcador.csv", atomically: true, encoding: .utf8)
        try "".write(toFile: acme + "/inbox/com-marcador.csv.ok", atomically: true, encoding: .utf8)
        let configuration = try fixture.configuration(
            "drops:\n" + localDropYAML("acme", path: acme, extra: "    readiness: marker\n    template: \"Oi\"")
        )
        // The file without a marker stays pending, so the drop never becomes idle: run for 2 s, then look.
        let run = Task { try await fixture.runUntilIdle(configuration) }
        try await Task.sleep(for: .seconds(2))
        run.cancel()
        _ = try? await run.value
        #expect(DaemonFixture.files(in: acme + "/archive") == ["com-marcador.csv"])
        #expect(DaemonFixture.files(in: acme + "/inbox") == ["sem-marcador.csv"])
    }

    @Test("Hidden, temporary and non-matching names are never claimed")
    func eligibility() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        for name in [".oculto.csv", "upload.csv.part", "upload.csv.filepart", "notas.pdf", "x.tmp"] {
            try "telefone\n11987654321\n".write(toFile: acme + "/inbox/" + name, atomically: true, encoding: .utf8)
        }
        try "telefone\n11987654321\n".write(toFile: acme + "/inbox/LISTA.CSV", atomically: true, encoding: .utf8)
        let configuration = try fixture.configuration(
            "drops:\n" + localDropYAML("acme", path: acme, extra: "    template: \"Oi\"")
        )
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        #expect(DaemonFixture.files(in: acme + "/archive") == ["LISTA.CSV"])
        #expect(DaemonFixture.files(in: acme + "/inbox").count == 5)
    }
}
