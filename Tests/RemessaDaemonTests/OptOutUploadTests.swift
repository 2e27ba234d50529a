import Foundation
import RemessaCore
import RemessaStore
import RemessaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Two local drops, `acme` and `loja`, on a fast simulator route, and helpers to read what the daemon answered to
/// uploads in `optout/` (contract §11).
struct OptOutUploadFixture {
    let fixture: DaemonFixture
    let acme: String
    let loja: String

    init() throws {
        fixture = try DaemonFixture()
        acme = try fixture.localDrop("acme")
        loja = try fixture.localDrop("loja")
        for drop in [acme, loja] {
            try FileManager.default.createDirectory(atPath: drop + "/optout", withIntermediateDirectories: true)
        }
    }

    func remove() { fixture.remove() }

    func run(acmeExtra: String = "") async throws -> Int32 {
        let yaml = """
            routes:
              sim:
                provider: simulator
                rate: 100000
                simulator: {submitLatency: 0ms, dlrDelay: 50ms}
            drops:

            """
        let drops =
            localDropYAML("acme", path: acme, extra: "    template: \"Oi @Nome\"\n" + acmeExtra)
            + localDropYAML("loja", path: loja, extra: "    template: \"Oi @Nome\"")
        return try await fixture.runUntilIdle(try fixture.configuration(yaml + drops))
    }

    func store() throws -> any Store { try SQLiteStore(directory: fixture.statePath, access: .operator) }

    /// Every number on `drop`'s own list.
    func list(_ drop: String) async throws -> [String] {
        try await store().suppressions(list: OptOutListName.own(drop: drop), limit: 1000).map(\.destination)
    }
}

@Suite("Opt-out uploads in optout/", .serialized, .timeLimit(.minutes(3)))
struct OptOutUploadTests {
    /// Adds, a remove of a number added above, and three bad lines; `(11)`/national forms included.
    static let upload = """
        telefone;acao
        (11) 98765-4321;incluir
        21987654322;INCLUIR
        +55 31 98765-4323;add
        21987654322;excluir
        123;incluir
        11987654329;apagar
        ;excluir

        """

    @Test(
        "An upload is applied to the drop's own list, answered line by line in <name>.optout.csv, archived, reported as client in optouts.NNNN.csv; a later inbox file is OPTED_OUT"
    )
    func uploadApplied() async throws {
        let drops = try OptOutUploadFixture()
        defer { drops.remove() }
        try Self.upload.write(toFile: drops.acme + "/optout/bloqueio.csv", atomically: true, encoding: .utf8)
        #expect(try await drops.run() == 0)

        #expect(DaemonFixture.files(in: drops.acme + "/optout").isEmpty)
        #expect(DaemonFixture.files(in: drops.acme + "/archive") == ["bloqueio.csv"])
        #expect(DaemonFixture.files(in: drops.acme + "/failed").isEmpty)
        #expect(DaemonFixture.files(in: drops.acme + "/processing").isEmpty)
        let answer = try Data(contentsOf: URL(fileURLWithPath: drops.acme + "/outbox/bloqueio.csv.optout.csv"))
        #expect(answer.starts(with: [0xEF, 0xBB, 0xBF] + Array("line;number;action;status;reason;message\r\n".utf8)))
        let rows = try DaemonFixture.rows(drops.acme + "/outbox/bloqueio.csv.optout.csv")
        #expect(
            rows.map { Array($0.prefix(5)) } == [
                ["2", "5511987654321", "add", "APPLIED", ""],
                ["3", "5521987654322", "add", "APPLIED", ""],
                ["4", "5531987654323", "add", "APPLIED", ""],
                ["5", "5521987654322", "remove", "APPLIED", ""],
                ["6", "123", "add", "REJECTED", "INVALID_NUMBER"],
                ["7", "5511987654329", "apagar", "REJECTED", "UNKNOWN_ACTION"],
                ["8", "", "remove", "REJECTED", "MISSING_DESTINATION"],
            ]
        )
        // The sentences follow the drop's locale (pt-BR by default).
        #expect(rows[5][5].hasPrefix("Ação desconhecida"))
        #expect(rows.prefix(4).allSatisfy { $0[5].isEmpty })

        #expect(try await drops.list("acme") == ["5511987654321", "5531987654323"])
        let store = try drops.store()
        let history = try await store.suppressionHistory("5521987654322", list: "drop:acme")
        #expect(history.map(\.action) == [.added, .removed])
        #expect(history.allSatisfy { $0.source == .client && $0.reason == "optout/bloqueio.csv" })
        let file = try #require(try await store.recentFiles(drop: "acme").first { $0.name == "bloqueio.csv" })
        #expect(file.kind == .optout && file.outcome == .accepted && file.stage == .done)
        #expect(file.rows == 7 && file.accepted == 4 && file.rejected == 3)
        #expect(try await store.batches().isEmpty, "an opt-out upload sends nothing")

        let report = try DaemonFixture.rows(drops.acme + "/outbox/optouts.0001.csv")
        #expect(
            report.map { [$0[0], $0[1], $0[2], $0[4]] } == [
                ["5511987654321", "add", "client", ""], ["5521987654322", "add", "client", ""],
                ["5531987654323", "add", "client", ""], ["5521987654322", "remove", "client", ""],
            ]
        )
        // Counts only in the logs, never a number.
        let leaks = drops.fixture.logs.lines.filter { $0.contains("987654321") || $0.contains("987654323") }
        #expect(leaks.isEmpty, "\(leaks)")
        #expect(drops.fixture.logs.contains(message: "Opt-out upload applied"))

        // The next inbox file of acme refuses the uploaded numbers; the one removed again is sent.
        try "telefone;nome\n11987654321;Ana\n21987654322;Bia\n31987654323;Cid\n"
            .write(toFile: drops.acme + "/inbox/clientes.csv", atomically: true, encoding: .utf8)
        #expect(try await drops.run() == 0)
        let result = try DaemonFixture.rows(drops.acme + "/outbox/clientes.csv.result.csv")
        #expect(result.map { $0[3] + ":" + $0[4] } == ["REJECTED:OPTED_OUT", "ACCEPTED:", "REJECTED:OPTED_OUT"])
    }

    @Test("An upload to drop A changes A's list only: B's list, the global list and B's sending are untouched")
    func otherDropUntouched() async throws {
        let drops = try OptOutUploadFixture()
        defer { drops.remove() }
        try "11987654321\n21987654322\n".write(
            toFile: drops.acme + "/optout/lista.txt",
            atomically: true,
            encoding: .utf8
        )
        try "telefone;nome\n11987654321;Ana\n".write(
            toFile: drops.loja + "/inbox/clientes.csv",
            atomically: true,
            encoding: .utf8
        )
        #expect(try await drops.run() == 0)
        #expect(try await drops.list("acme") == ["5511987654321", "5521987654322"])
        #expect(try await drops.list("loja").isEmpty)
        let store = try drops.store()
        #expect(try await store.suppressionCount() == 0, "the global list is not the client's")
        #expect(try DaemonFixture.rows(drops.loja + "/outbox/clientes.csv.result.csv").map { $0[3] } == ["ACCEPTED"])
        #expect(!DaemonFixture.files(in: drops.loja + "/outbox").contains { $0.hasPrefix("optouts.") })
        #expect(DaemonFixture.files(in: drops.loja + "/archive") == ["clientes.csv"])
    }

    @Test(
        "A binary or empty upload is rejected as a whole: <name>.error.csv with BINARY_FILE/EMPTY_FILE in the drop's locale, failed/, nothing applied"
    )
    func binaryAndEmpty() async throws {
        let drops = try OptOutUploadFixture()
        defer { drops.remove() }
        // A spreadsheet saved as .xlsx (a zip) and a text with NUL bytes.
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00] + Array(repeating: 0, count: 64)
        try Data(zip).write(to: URL(fileURLWithPath: drops.acme + "/optout/planilha.csv"))
        try Data(Array("11987654321\n".utf8) + [0, 0, 0, 0]).write(
            to: URL(fileURLWithPath: drops.acme + "/optout/nul.txt")
        )
        try Data().write(to: URL(fileURLWithPath: drops.acme + "/optout/vazio.csv"))
        try "telefone;acao\n".write(toFile: drops.acme + "/optout/cabecalho.csv", atomically: true, encoding: .utf8)
        // A cancel marker's name means nothing in optout/: an empty upload, not a cancel.
        try Data().write(to: URL(fileURLWithPath: drops.acme + "/optout/clientes.csv.cancel"))
        #expect(try await drops.run(acmeExtra: "    locale: en") == 0)

        #expect(
            DaemonFixture.files(in: drops.acme + "/failed") == [
                "cabecalho.csv", "clientes.csv.cancel", "nul.txt", "planilha.csv", "vazio.csv",
            ]
        )
        #expect(DaemonFixture.files(in: drops.acme + "/archive").isEmpty)
        for (name, code) in [
            ("planilha.csv", "BINARY_FILE"), ("nul.txt", "BINARY_FILE"), ("vazio.csv", "EMPTY_FILE"),
            ("cabecalho.csv", "NO_DATA_ROWS"), ("clientes.csv.cancel", "EMPTY_FILE"),
        ] {
            let error = try DaemonFixture.rows(drops.acme + "/outbox/" + name + ".error.csv")
            #expect(error.first?.first == code, "\(name)")
            #expect(error.first?.last?.hasPrefix("The file") == true, "\(name): English, the drop's locale")
            #expect(!FileManager.default.fileExists(atPath: drops.acme + "/outbox/" + name + ".optout.csv"))
        }
        #expect(try await drops.list("acme").isEmpty)
    }

    @Test("An upload over the drop's maxFileSize is FILE_TOO_LARGE, judged before it is read; nothing applied")
    func tooLarge() async throws {
        let drops = try OptOutUploadFixture()
        defer { drops.remove() }
        try "11987654321\n21987654322\n31987654323\n".write(
            toFile: drops.acme + "/optout/grande.txt",
            atomically: true,
            encoding: .utf8
        )
        #expect(try await drops.run(acmeExtra: "    maxFileSize: 20") == 0)
        #expect(DaemonFixture.files(in: drops.acme + "/failed") == ["grande.txt"])
        #expect(try DaemonFixture.rows(drops.acme + "/outbox/grande.txt.error.csv").first?.first == "FILE_TOO_LARGE")
        #expect(try await drops.list("acme").isEmpty)
    }

    @Test("A link in optout/ is NOT_A_REGULAR_FILE, moved to failed/ unread; another drop's list is not read")
    func linkRefused() async throws {
        let drops = try OptOutUploadFixture()
        defer { drops.remove() }
        try "11987654321\n".write(toFile: drops.loja + "/segredo.txt", atomically: true, encoding: .utf8)
        #expect(symlink(drops.loja + "/segredo.txt", drops.acme + "/optout/link.txt") == 0)
        #expect(try await drops.run() == 0)
        #expect(DaemonFixture.files(in: drops.acme + "/failed") == ["link.txt"])
        let error = try DaemonFixture.rows(drops.acme + "/outbox/link.txt.error.csv")
        #expect(error.first?.first == "NOT_A_REGULAR_FILE")
        #expect(try await drops.list("acme").isEmpty)
    }

    @Test("folders.optout renames the folder; marker readiness claims the upload with its .ok")
    func renamedFolderWithMarker() async throws {
        let drops = try OptOutUploadFixture()
        defer { drops.remove() }
        try FileManager.default.createDirectory(atPath: drops.acme + "/bloqueios", withIntermediateDirectories: true)
        try "telefone\n11987654321\n".write(
            toFile: drops.acme + "/bloqueios/a.csv",
            atomically: true,
            encoding: .utf8
        )
        try "".write(toFile: drops.acme + "/bloqueios/a.csv.ok", atomically: true, encoding: .utf8)
        try "telefone\n21987654321\n".write(toFile: drops.acme + "/optout/b.csv", atomically: true, encoding: .utf8)
        #expect(try await drops.run(acmeExtra: "    folders: {optout: bloqueios}\n    readiness: marker") == 0)
        #expect(DaemonFixture.files(in: drops.acme + "/bloqueios").isEmpty)
        #expect(DaemonFixture.files(in: drops.acme + "/archive") == ["a.csv"])
        #expect(try await drops.list("acme") == ["5511987654321"])
        // optout/ is not acme's opt-out folder any more: its file stays unread.
        #expect(DaemonFixture.files(in: drops.acme + "/optout") == ["b.csv"])
    }
}
