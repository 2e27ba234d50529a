// `remessa check --format json` on a generated 1,000,000-row base file, beside Python's csv.reader merely
// splitting the same file, in the same run. Prints rows/s, MB/s, peak RSS and the ratio; asserts nothing.
//
//   bench/run check            (builds release binaries, then runs this)
//   CheckBench --remessa .build-release/release/remessa [--rows 1000000] [--work /tmp/remessa-bench]
//   CheckBench --remessa .build-release/release/remessa --hostile [--rows 300]   (see HostileFile.swift)
import BenchSupport
import Foundation
import Glibc

/// ~100-byte rows, numbers written the many ways clients write them, two placeholder columns.
func generate(rows: Int, to path: String) throws -> Int {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteNoPermission) }
    defer { try? handle.close() }
    let names = ["MARIA DA SILVA SANTOS", "joão pereira lima", "Ana Beatriz Souza", "Carlos Eduardo Rocha"]
    let stores = ["Av. Paulista, 1000 - Bela Vista", "Rua do Ouvidor 50, Centro", "Praça Sete de Setembro 12"]
    let ddds = [11, 21, 31, 41, 51, 61, 71, 81, 85, 91]
    let cities = ["São Paulo - SP", "Rio de Janeiro - RJ", "Belo Horizonte - MG", "Curitiba - PR"]
    var text = "destination;nome;loja;cupom;codigo;cidade\n"
    var bytes = 0
    for index in 0..<rows {
        let ddd = ddds[index % ddds.count]
        let subscriber = 9_0000_0000 + (index / ddds.count) % 1_0000_0000
        let s = String(subscriber)
        let number: String
        switch index % 5 {
        case 0: number = "55\(ddd)\(s)"
        case 1: number = "(\(ddd)) \(s.prefix(5))-\(s.suffix(4))"
        case 2: number = "+55 \(ddd) \(s.prefix(5))-\(s.suffix(4))"
        case 3: number = "0\(ddd) \(s.prefix(5)) \(s.suffix(4))"
        default: number = "\(ddd)\(s)"
        }
        let name = names[index % names.count]
        let store = index % 7 == 0 ? "\"\(stores[index % stores.count]); loja 2\"" : stores[index % stores.count]
        let city = cities[index % cities.count]
        text += "\(number);\(name);\(store);CUPOM\(index % 97);C\(index);\(city)\n"
        if text.utf8.count > 1 << 20 {
            bytes += text.utf8.count
            handle.write(Data(text.utf8))
            text = ""
        }
    }
    bytes += text.utf8.count
    handle.write(Data(text.utf8))
    return bytes
}

func argument(_ name: String, default value: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    return arguments[index + 1]
}

let remessa = argument("--remessa", default: ".build-release/release/remessa")
let hostile = CommandLine.arguments.contains("--hostile")
let rows = Int(argument("--rows", default: hostile ? "300" : "1000000")) ?? 1_000_000
let work = argument("--work", default: NSTemporaryDirectory() + "remessa-bench")
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
if hostile {
    try runHostile(remessa: remessa, rows: rows, work: work)
    exit(0)
}
let file = work + "/base-\(rows).csv"
let size = try generate(rows: rows, to: file)
let megabytes = Double(size) / 1_048_576
print("file: \(file) — \(rows) rows, \(String(format: "%.1f", megabytes)) MiB (\(size / rows) B/row)")

let template = "Olá @PrimeiroNome, sua loja mais próxima: @Loja"
let pythonSplit = """
    import csv, sys
    n = 0
    with open(sys.argv[1], newline='', encoding='utf-8') as f:
        for row in csv.reader(f, delimiter=';'):
            n += 1
    print(n)
    """

var checks: [ChildRun] = []
var pythons: [ChildRun] = []
for _ in 0..<3 {
    checks.append(try ChildRun.run([remessa, "check", file, "--format", "json", "--template", template]))
    pythons.append(try ChildRun.run(["python3", "-c", pythonSplit, file]))
}
let check = checks.min { $0.seconds < $1.seconds }!
let python = pythons.min { $0.seconds < $1.seconds }!
guard check.status == 0, check.output.contains("\"accepted\" : \(rows)") else {
    print("remessa check did not accept every row (exit \(check.status)):\n\(check.output.prefix(2000))")
    exit(1)
}

func line(_ label: String, _ m: ChildRun) -> String {
    String(
        format: "%@ %6.2f s  %10.0f rows/s  %7.1f MiB/s  peak RSS %6.1f MiB",
        label.padding(toLength: 28, withPad: " ", startingAt: 0),
        m.seconds,
        Double(rows) / m.seconds,
        megabytes / m.seconds,
        Double(m.peakRSSKiB) / 1024
    )
}
print("best of 3 runs each:")
print(line("remessa check --format json", check))
print(line("python3 csv.reader (split)", python))
print(String(format: "ratio (python time / remessa time): %.2fx", python.seconds / check.seconds))
