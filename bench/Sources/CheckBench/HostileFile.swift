import BenchSupport
import Foundation

/// A file built to make validation expensive (issue 11, point 4): every row's message is `@X@X@X…`, thousands
/// of placeholders naming a column whose cell is a 32 KiB run of `X`, so the text the row asks for is
/// hundreds of megabytes. Each row's message differs a little (its line number at the end), so no row reuses
/// another's compiled template. Rows stay under the default 64 KiB record limit.
func generateHostile(rows: Int, to path: String) throws -> Int {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteNoPermission) }
    defer { try? handle.close() }
    let placeholders = String(repeating: "@X", count: 12_000)
    let cell = String(repeating: "X", count: 32 * 1024)
    var bytes = 0
    var text = "telefone;mensagem;x\n"
    for index in 0..<rows {
        text += "55119\(String(8_000_0000 + index));\(placeholders) \(index);\(cell)\n"
        bytes += text.utf8.count
        handle.write(Data(text.utf8))
        text = ""
    }
    return bytes
}

/// `remessa check` on the hostile file, 3 runs: wall time, peak RSS and the verdict's counts.
func runHostile(remessa: String, rows: Int, work: String) throws {
    let file = work + "/hostile-\(rows).csv"
    let size = try generateHostile(rows: rows, to: file)
    print("file: \(file) — \(rows) rows, \(String(format: "%.1f", Double(size) / 1_048_576)) MiB")
    for run in 1...3 {
        let check = try ChildRun.run([remessa, "check", file, "--format", "json"])
        let rejected = check.output.contains("\"MESSAGE_TOO_LONG\" : \(rows)") ? "every row MESSAGE_TOO_LONG" : "?"
        print(
            String(
                format: "run %d: %6.2f s  peak RSS %6.1f MiB  exit %d  %@",
                run,
                check.seconds,
                check.peakRSSMiB,
                check.status,
                rejected
            )
        )
    }
}
