import Foundation
import RemessaTesting
import Testing

/// Runs the built `remessa` binary, as a person or a script would.
struct RemessaCLI {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("remessa")

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String

        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] ?? [:]
        }
    }

    /// Runs the built `remessa` in the repository, with `environment` added to this process's.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.currentDirectoryURL = repository
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }

    /// `remessa check --format json` on a sample, with its drop's template.
    static func checkSample(_ drop: String, _ file: String, _ extra: [String] = []) throws -> Run {
        var arguments = ["check", "SampleDrops/\(drop)/inbox/\(file)", "--format", "json"]
        let template = "SampleDrops/\(drop)/template.txt"
        if FileManager.default.fileExists(atPath: repository.appendingPathComponent(template).path) {
            arguments += ["--template-file", template]
        }
        return try run(arguments + extra)
    }
}

extension [String: Any] {
    func int(_ key: String) -> Int? { self[key] as? Int }
    func string(_ key: String) -> String? { self[key] as? String }
    var reasons: [String: Int] { self["reasons"] as? [String: Int] ?? [:] }
    var fileErrorCode: String? { (self["fileError"] as? [String: Any])?["code"] as? String }
}

/// One sample and what `remessa check --format json` must say about it (SampleDrops/README.md).
struct SampleExpectation: CustomTestStringConvertible, Sendable {
    var drop: String
    var file: String
    var status: Int32
    var layout: String?
    var encoding = "UTF-8"
    var delimiter: String? = ";"
    var rows: Int
    var accepted: Int
    var reasons: [String: Int] = [:]
    var fileError: String? = nil

    var testDescription: String { "\(drop)/\(file)" }
}

@Suite struct CheckCommandTests {
    static let samples: [SampleExpectation] = [
        SampleExpectation(
            drop: "acme-varejo",
            file: "clientes-promo.csv",
            status: 0,
            layout: "base",
            rows: 13,
            accepted: 9,
            reasons: ["DUPLICATE": 1, "MISSING_DESTINATION": 1, "INVALID_NUMBER": 1, "MISSING_FIELD": 1]
        ),
        SampleExpectation(
            drop: "acme-varejo",
            file: "base-windows1252.csv",
            status: 0,
            layout: "base",
            encoding: "windows-1252",
            rows: 4,
            accepted: 4
        ),
        SampleExpectation(
            drop: "acme-varejo",
            file: "planilha-excel-problemas.csv",
            status: 0,
            layout: "base",
            delimiter: ",",
            rows: 10,
            accepted: 1,
            reasons: ["INVALID_NUMBER": 7, "FORMULA": 2]
        ),
        SampleExpectation(
            drop: "acme-varejo",
            file: "mensagens-multilinha.csv",
            status: 0,
            layout: "base",
            delimiter: ",",
            rows: 4,
            accepted: 3,
            reasons: ["MISSING_CORRELATION_ID": 1]
        ),
        SampleExpectation(
            drop: "acme-varejo",
            file: "planilha-salva-como-xlsx.csv",
            status: 65,
            layout: nil,
            delimiter: nil,
            rows: 0,
            accepted: 0,
            fileError: "BINARY_FILE"
        ),
        SampleExpectation(
            drop: "acme-varejo",
            file: "texto-unicode-excel.txt",
            status: 65,
            layout: nil,
            delimiter: nil,
            rows: 0,
            accepted: 0,
            fileError: "BINARY_FILE"
        ),
        SampleExpectation(
            drop: "acme-varejo",
            file: "vazio.csv",
            status: 65,
            layout: nil,
            delimiter: nil,
            rows: 0,
            accepted: 0,
            fileError: "EMPTY_FILE"
        ),
        SampleExpectation(
            drop: "acme-varejo",
            file: "so-cabecalho.csv",
            status: 65,
            layout: "base",
            rows: 0,
            accepted: 0,
            fileError: "NO_DATA_ROWS"
        ),
        SampleExpectation(
            drop: "sinch-parceiro",
            file: "PROJETO1.20261121.01.txt",
            status: 0,
            layout: "sinch",
            rows: 5,
            accepted: 4,
            reasons: ["INVALID_NUMBER": 1]
        ),
        SampleExpectation(
            drop: "sinch-parceiro",
            file: "3486.20261121.02.txt",
            status: 0,
            layout: "sinch",
            rows: 2,
            accepted: 2
        ),
        SampleExpectation(
            drop: "sinch-parceiro",
            file: "PROJETO1.20261121.03.txt",
            status: 65,
            layout: "sinch",
            rows: 2,
            accepted: 0,
            fileError: "MISSING_EOF"
        ),
        SampleExpectation(
            drop: "engage-cobranca",
            file: "publico-cobranca.csv",
            status: 0,
            layout: "engage",
            rows: 7,
            accepted: 3,
            reasons: ["UNSUPPORTED_CHANNEL": 1, "INVALID_EMAIL": 1, "MISSING_FIELD": 1, "INVALID_PRIORITY": 1]
        ),
        SampleExpectation(
            drop: "engage-cobranca",
            file: "publico-coluna-extra.csv",
            status: 65,
            layout: "engage",
            rows: 3,
            accepted: 0,
            fileError: "COLUMN_COUNT_MISMATCH"
        ),
        SampleExpectation(
            drop: "engage-cobranca",
            file: "publico-com-formula.csv",
            status: 65,
            layout: "engage",
            rows: 1,
            accepted: 0,
            fileError: "FORMULA_IN_CELL"
        ),
    ]

    @Test(arguments: samples)
    func sampleDropsGiveTheContractJSON(_ sample: SampleExpectation) throws {
        let run = try RemessaCLI.checkSample(sample.drop, sample.file)
        #expect(run.status == sample.status, "\(run.stderr)")
        let json = run.json
        #expect(json.string("file") == "SampleDrops/\(sample.drop)/inbox/\(sample.file)")
        #expect(json.string("layout") == sample.layout)
        #expect(json.string("encoding") == sample.encoding)
        #expect(json.string("delimiter") == sample.delimiter)
        #expect(json.int("rows") == sample.rows)
        #expect(json.int("accepted") == sample.accepted)
        #expect(json.int("rejected") == sample.rows - sample.accepted)
        #expect(json.reasons == sample.reasons)
        #expect(json.fileErrorCode == sample.fileError)
        if sample.fileError == nil {
            #expect(json["fileError"] is NSNull)
        } else {
            let fileError = json["fileError"] as? [String: Any]
            #expect((fileError?["message"] as? String)?.isEmpty == false)
        }
        #expect(json.int("segments") != nil)
    }

    @Test func resultFileIsFormulaSafeAndInInputOrder() throws {
        let directory = try TemporaryDirectory(prefix: "remessa-cli")
        defer { directory.remove() }
        let result = directory.appending("out.result.csv")
        let run = try RemessaCLI.checkSample(
            "acme-varejo",
            "planilha-excel-problemas.csv",
            ["--result", result, "--locale", "en"]
        )
        #expect(run.status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: result))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "Excel needs the BOM")
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("line;destination;correlation_id;status;reason_code;reason;message_id;segments"))
        let lines = text.split(separator: "\r\n")
        #expect(lines.count == 11)
        let lineNumbers: [String] = lines.dropFirst().map { String($0.prefix { $0 != ";" }) }
        let expected: [String] = (2...11).map { String($0) }
        #expect(lineNumbers == expected)
        // The formula the client sent comes back quoted and defused.
        #expect(text.contains("\"'=HYPERLINK(\"\"http://exemplo.com\"\")\""))
        #expect(!FileManager.default.fileExists(atPath: result + ".tmp"))
    }

    @Test func rejectedFileWritesTheErrorCSV() throws {
        let directory = try TemporaryDirectory(prefix: "remessa-cli")
        defer { directory.remove() }
        let result = directory.appending("x.csv")
        let run = try RemessaCLI.checkSample("engage-cobranca", "publico-coluna-extra.csv", ["--result", result])
        #expect(run.status == 65)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: result))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "Excel needs the BOM")
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("code;line;field;message\r\n"))
        #expect(text.contains("COLUMN_COUNT_MISMATCH;3;;"))
        #expect(text.contains("KEY_COLUMN_EMPTY;4;VALOR_DO_REGISTRO;"))
    }

    @Test func exitCodesForUsageAndUnreadableInput() throws {
        #expect(try RemessaCLI.run(["check"]).status == 64)
        #expect(
            try RemessaCLI.run(["check", "SampleDrops/acme-varejo/inbox/vazio.csv", "--layout", "xml"]).status == 64
        )
        #expect(try RemessaCLI.run(["check", "SampleDrops/nao-existe.csv"]).status == 66)
        #expect(try RemessaCLI.run(["check", "SampleDrops"]).status == 66)
    }

    @Test func textReportNamesTheVerdictAndTheFirstRejections() throws {
        let run = try RemessaCLI.run([
            "check", "SampleDrops/acme-varejo/inbox/clientes-promo.csv",
            "--template-file", "SampleDrops/acme-varejo/template.txt", "--locale", "en",
        ])
        #expect(run.status == 0)
        #expect(run.stdout.contains("ACCEPTED"))
        #expect(run.stdout.contains("line 11"))
        #expect(run.stdout.contains("DUPLICATE"))
        // Numbers are not printed in full in the report.
        #expect(!run.stdout.contains("5511987654321"))
    }

    @Test func optionsChangeTheVerdict() throws {
        let absent = try RemessaCLI.run([
            "check", "SampleDrops/sinch-parceiro/inbox/3486.20261121.02.txt", "--format", "json",
            "--country-code", "present", "--max-segments", "1",
        ])
        #expect(absent.json.int("accepted") == 2)
        let unknown = try RemessaCLI.run([
            "check", "SampleDrops/acme-varejo/inbox/clientes-promo.csv", "--format", "json",
            "--template", "Oi {{apelido}}",
        ])
        #expect(unknown.status == 65)
        #expect(unknown.json.fileErrorCode == "UNKNOWN_PLACEHOLDER")
    }
}
