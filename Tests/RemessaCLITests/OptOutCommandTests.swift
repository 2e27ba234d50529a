import Foundation
import RemessaCore
import RemessaStore
import Testing

/// `remessa optout add|remove|list|import|history` through the built binary, against a real store.
@Suite("Operator commands: optout")
struct OptOutCommandTests {
    /// The operator the tests act as when `--by` is not given.
    static let joao = ["SUDO_USER": "", "USER": "joao", "TZ": "UTC"]

    @Test("add normalises typed numbers, keeps who/when/why, and says which were already on the list")
    func add() async throws {
        let fixture = try OperatorFixture()
        let run = try fixture.run(
            ["optout", "add", "(11) 98765-4321", "21987654322", "+55 11 98765-4321", "--reason", "pediu por SAC"]
                + ["--by", "maria"]
        )
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "Added 2 numbers to the opt-out list.\n  5511987654321  added\n  5521987654322  added\n")
        let entry = try #require(try await fixture.store.suppression("5511987654321"))
        #expect(entry.addedBy == "maria")
        #expect(entry.reason == "pediu por SAC")

        let again = try fixture.run(["optout", "add", "11987654321", "31 98765-4323"], environment: Self.joao)
        #expect(again.status == 0, "\(again.stderr)")
        let lines = again.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Added 1 number to the opt-out list; 1 was already on it.")
        #expect(lines[1].hasPrefix("  5511987654321  already on the list: since 20"))
        #expect(lines[1].hasSuffix(", by maria: pediu por SAC"))
        #expect(lines[2] == "  5531987654323  added")
        // Without --by: $SUDO_USER when set, else $USER.
        #expect(try await fixture.store.suppression("5531987654323")?.addedBy == "joao")
        #expect(try await fixture.store.suppressionHistory("5511987654321").count == 1)

        let json = try fixture.run(["optout", "add", "11987654321", "--format", "json"], environment: Self.joao)
        #expect(json.json.int("added") == 0)
        #expect(json.json.int("alreadyPresent") == 1)
        #expect(json.json.string("by") == "joao")
        let number = try #require(json.json.objects("numbers").first)
        #expect(number.string("destination") == "5511987654321")
        #expect(number.string("result") == "alreadyPresent")
        #expect(number.string("addedBy") == "maria")
    }

    @Test("A number that is not valid is refused with the parser's sentence, masked, and nothing is added")
    func invalidNumber() async throws {
        let fixture = try OperatorFixture()
        let run = try fixture.run(["optout", "add", "11987654321", "11 2345-678"])
        #expect(run.status == 65)
        #expect(run.stdout.isEmpty)
        #expect(
            run.stderr.hasPrefix(
                "remessa optout add: \"11*****78\" is not a valid number: The area code (DDD) is missing"
            )
        )
        #expect(try await fixture.store.suppressionCount() == 0)
        #expect(try fixture.run(["optout", "remove", "abc"]).status == 65)
        #expect(try fixture.run(["optout", "add"]).status == 64)
    }

    @Test("list shows numbers in full with who, when and why, as text and JSON, searched and limited")
    func list() async throws {
        let fixture = try OperatorFixture()
        let empty = try fixture.run(["optout", "list"])
        #expect(empty.status == 0)
        #expect(empty.stdout == "The opt-out list is empty.\n")
        let monday = Date(timeIntervalSince1970: 1_795_000_000)
        try await fixture.store.addSuppression(["5521987654322"], actor: "maria", reason: "PROCON", at: monday)
        try await fixture.store.addSuppression(["5511987654321"], actor: "joao", reason: "", at: monday)

        let text = try fixture.run(["optout", "list"], environment: ["TZ": "UTC"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(
            text.stdout == """
                NUMBER         ADDED                      BY     REASON
                5511987654321  2026-11-18T11:06:40+00:00  joao   -
                5521987654322  2026-11-18T11:06:40+00:00  maria  PROCON
                2 numbers on the list.

                """
        )

        let json = try fixture.run(["optout", "list", "--format", "json", "--search", "654-322"])
        #expect(json.json.string("search") == "654322")
        #expect(json.json.int("total") == 1)
        let entry = try #require(json.json.objects("entries").first)
        #expect(entry.string("destination") == "5521987654322")
        #expect(entry.string("addedBy") == "maria")
        #expect(entry.string("reason") == "PROCON")
        #expect(entry.string("addedAt") != nil)

        let limited = try fixture.run(["optout", "list", "--limit", "1", "--search", "55"])
        #expect(limited.stdout.hasSuffix("1 of 2 numbers containing 55; --limit or --search for others.\n"))
        let none = try fixture.run(["optout", "list", "--search", "000"])
        #expect(none.stdout == "No number on the opt-out list contains 000.\n")
    }

    @Test("remove takes numbers off, the history keeps both changes")
    func remove() async throws {
        let fixture = try OperatorFixture()
        try await fixture.store.addSuppression(["5511987654321"], actor: "maria", reason: "SAC")
        let run = try fixture.run(
            ["optout", "remove", "11 98765-4321", "21987654322", "--reason", "cliente voltou a aceitar"],
            environment: Self.joao
        )
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Removed 1 number from the opt-out list; 1 was not on it.")
        #expect(lines[1].hasPrefix("  5511987654321  removed (was on the list: since "))
        #expect(lines[2] == "  5521987654322  not on the list")
        #expect(try await fixture.store.suppression("5511987654321") == nil)

        let history = try fixture.run(["optout", "history", "11987654321"], environment: Self.joao)
        #expect(history.status == 0)
        let rows = history.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first == "5511987654321 is not on the opt-out list.")
        #expect(rows.count == 4)
        #expect(rows[2].contains("  add     maria  SAC"))
        #expect(rows[3].contains("  remove  joao   cliente voltou a aceitar"))
        let json = try fixture.run(["optout", "history", "11987654321", "--format", "json"])
        #expect(json.json["suppressed"] as? Bool == false)
        #expect(json.json.objects("changes").map { $0.string("action") } == ["add", "remove"])
    }

    @Test("import reads a messy Windows-1252 ; CSV: the celular column, bad lines by number, a summary")
    func importCSV() async throws {
        let fixture = try OperatorFixture()
        try await fixture.store.addSuppression(["5531987654323"], actor: "maria", reason: "SAC")
        var bytes: [UInt8] = Array("Nome;Telefone fixo;Celular;Observa".utf8) + [0xE7, 0xE3] + Array("o\r\n".utf8)
        bytes +=
            Array("Jos".utf8) + [0xE9] + Array(";1133334444;(11) 98765-4321;S".utf8) + [0xE3]
            + Array("o Paulo\r\n".utf8)
        bytes += Array("Maria;;21 98765-4322;\r\n".utf8)
        bytes += Array("Sem celular;;11 2345-678;\r\n".utf8)
        bytes += Array(";;;\r\n".utf8)
        bytes += Array("Ana;;\"+55 11 98765-4321\";de novo\r\n".utf8)
        bytes += Array("Cid;;31987654323;\r\n".utf8)
        let path = fixture.directory + "/optout.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let run = try fixture.run(["optout", "import", path, "--reason", "lista do PROCON"], environment: Self.joao)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout
                == "Read 4 numbers: 2 added, 1 already on the list, 1 repeated in the file, 1 bad line skipped.\n"
        )
        #expect(run.stderr.hasPrefix("remessa optout import: line 4 skipped: The area code (DDD) is missing"))
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(
            try await fixture.store.suppressedDestinations(lists: ["global"]) == [
                "5511987654321", "5521987654322", "5531987654323",
            ]
        )
        #expect(try await fixture.store.suppression("5521987654322")?.reason == "lista do PROCON")
        #expect(try await fixture.store.suppression("5531987654323")?.reason == "SAC")
    }

    @Test("import reads one number a line (UTF-8 with BOM) and reports as JSON")
    func importLines() async throws {
        let fixture = try OperatorFixture()
        let path = fixture.directory + "/numeros.txt"
        try "\u{FEFF}11987654321\n\n21 98765-4322\nnúmero?\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try fixture.run(["optout", "import", path, "--format", "json", "--by", "rotina"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.json.isNull("column"))
        #expect(run.json.int("numbers") == 2)
        #expect(run.json.int("added") == 2)
        #expect(run.json.int("badLines") == 1)
        #expect(run.json.objects("firstBadLines").first?.int("line") == 4)
        #expect(try await fixture.store.suppressionHistory("5521987654322").first?.actor == "rotina")
    }

    @Test("import refuses a file it cannot use: missing 66, a workbook 65, no valid number 65")
    func importRefusals() async throws {
        let fixture = try OperatorFixture()
        let missing = try fixture.run(["optout", "import", fixture.directory + "/nao-existe.csv"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("nao-existe.csv"))

        let workbook = fixture.directory + "/lista.xlsx"
        try Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 200)).write(to: URL(fileURLWithPath: workbook))
        let binary = try fixture.run(["optout", "import", workbook])
        #expect(binary.status == 65)
        #expect(binary.stderr.contains("Excel"))

        let bad = fixture.directory + "/ruim.csv"
        try "telefone\n123\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let none = try fixture.run(["optout", "import", bad])
        #expect(none.status == 65)
        #expect(none.stderr.contains("line 2 skipped"))
        #expect(none.stderr.contains("no valid number"))
        #expect(try await fixture.store.suppressionCount() == 0)
    }

    @Test("optout commands share the operator exit statuses: 78 for the configuration")
    func configuration() throws {
        let fixture = try OperatorFixture()
        let run = try RemessaCLI.run(["optout", "list", "--config", fixture.directory + "/nao-existe.yaml"])
        #expect(run.status == 78)
    }
}
