// Split speed of RemessaCore's CSVReader on ~100 MB of generated contact rows, beside Python's csv.reader.
//
// Usage: CSVSplitBench [megabytes]   (default 100). Prints figures; asserts nothing.

import Foundation
import RemessaCore

/// SplitMix64: seeded, so every run splits the same bytes.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Rows like a store's campaign export: phone;name;message;correlation id;priority, ~100 bytes, CRLF.
/// About one row in ten quotes its message (a `;`, an escaped quote, sometimes a line break inside).
func generateRows(bytes target: Int) -> (data: [UInt8], rows: Int) {
    var random = SplitMix64(state: 42)
    let firstNames = ["Maria", "João", "Ana", "José", "Francisco", "Antônia", "Luís", "Conceição", "Paulo", "Márcia"]
    let lastNames = ["Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Gonçalves", "Araújo", "Ribeiro"]
    let messages = [
        "Sua fatura vence amanhã, evite juros e multa pagando hoje",
        "Promoção de aniversário na loja mais próxima de você, confira",
        "Seu pedido foi enviado e chega em 3 dias úteis no endereço",
        "Confirme sua consulta de amanhã respondendo SIM ou NAO",
    ]
    let quotedMessages = [
        "\"Olá; sua entrega chega hoje entre 8h e 12h, fique atento\"",
        "\"Cupom \"\"VOLTA10\"\" válido até domingo em todas as lojas\"",
        "\"Atenção: boleto disponível\r\nAcesse o app e pague com Pix\"",
    ]
    let priorities = ["ALTA", "MEDIA", "BAIXA"]
    var data: [UInt8] = []
    data.reserveCapacity(target + 256)
    data.append(contentsOf: "numero;nome;mensagem;correlationId;prioridade\r\n".utf8)
    var rows = 0
    while data.count < target {
        let phone = "55\(11 + random.next() % 88)9\(10_000_000 + random.next() % 89_999_999)"
        let name = "\(firstNames.randomElement(using: &random)!) \(lastNames.randomElement(using: &random)!)"
        let message =
            random.next() % 10 == 0
            ? quotedMessages.randomElement(using: &random)!
            : messages.randomElement(using: &random)!
        let row = "\(phone);\(name);\(message);PED\(random.next() % 1_000_000);\(priorities[rows % 3])\r\n"
        data.append(contentsOf: row.utf8)
        rows += 1
    }
    return (data, rows)
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Splits `data` in 1 MiB chunks; the checksum keeps the optimiser from skipping the field accessors.
func split(_ data: [UInt8], decode: Bool) throws -> (records: Int, checksum: Int) {
    var reader = CSVReader(delimiter: UInt8(ascii: ";"))
    var decoder = TextDecoder(sample: data.prefix(1 << 16))
    var records = 0
    var checksum = 0
    let chunkSize = 1 << 20
    try data.withUnsafeBytes { all in
        var start = 0
        while start < all.count {
            let end = min(start + chunkSize, all.count)
            try reader.feed(UnsafeRawBufferPointer(rebasing: all[start..<end])) { record in
                records &+= 1
                if decode {
                    for index in 0..<record.count {
                        checksum &+= decoder.string(from: record.bytes(index)).utf8.count
                    }
                } else {
                    checksum &+= record.count &+ record.bytes(record.count &- 1).count
                }
            }
            start = end
        }
    }
    try reader.finish { _ in records &+= 1 }
    return (records, checksum)
}

/// Best of `runs` timings of `work`.
func best(of runs: Int, _ work: () throws -> Void) rethrows -> Double {
    var fastest = Double.infinity
    let clock = ContinuousClock()
    for _ in 0..<runs {
        let elapsed = try clock.measure(work)
        fastest = min(fastest, seconds(elapsed))
    }
    return fastest
}

/// Python 3's csv.reader over the same bytes, timed inside Python (interpreter start-up excluded).
func pythonSeconds(_ data: [UInt8]) throws -> (seconds: Double, records: Int) {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("csvsplitbench-\(getpid()).csv")
    try Data(data).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let script = """
        import csv, sys, time
        best = None
        for _ in range(3):
            start = time.perf_counter()
            rows = 0
            with open(sys.argv[1], newline='', encoding='utf-8') as f:
                for row in csv.reader(f, delimiter=';'):
                    rows += 1
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        print(rows, best)
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, url.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let fields = String(decoding: output, as: UTF8.self).split(separator: " ")
    guard process.terminationStatus == 0, fields.count == 2, let records = Int(fields[0]),
        let seconds = Double(fields[1].trimmingCharacters(in: .whitespacesAndNewlines))
    else {
        throw CocoaError(.executableLoad)
    }
    return (seconds, records)
}

let megabytes = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 100
let (data, rows) = generateRows(bytes: megabytes * 1_000_000)
let mb = Double(data.count) / 1e6
print("data: \(String(format: "%.1f", mb)) MB, \(rows) rows + header, 1 MiB chunks")

var splitResult = (records: 0, checksum: 0)
let splitTime = try best(of: 5) { splitResult = try split(data, decode: false) }
precondition(splitResult.records == rows + 1, "expected \(rows + 1) records, got \(splitResult.records)")
print(
    String(
        format: "CSVReader split:          %7.0f MB/s  %10.0f rows/s  (%.3f s)",
        mb / splitTime,
        Double(rows) / splitTime,
        splitTime
    )
)

var decodeResult = (records: 0, checksum: 0)
let decodeTime = try best(of: 3) { decodeResult = try split(data, decode: true) }
print(
    String(
        format: "CSVReader split + decode: %7.0f MB/s  %10.0f rows/s  (%.3f s, every field to a String)",
        mb / decodeTime,
        Double(rows) / decodeTime,
        decodeTime
    )
)

do {
    let python = try pythonSeconds(data)
    precondition(python.records == rows + 1, "python read \(python.records) records")
    print(
        String(
            format: "Python csv.reader:        %7.0f MB/s  %10.0f rows/s  (%.3f s)",
            mb / python.seconds,
            Double(rows) / python.seconds,
            python.seconds
        )
    )
    print(String(format: "ratio: CSVReader split is %.1fx Python's csv.reader", python.seconds / splitTime))
} catch {
    print("Python csv.reader: could not run python3 (\(error))")
}
