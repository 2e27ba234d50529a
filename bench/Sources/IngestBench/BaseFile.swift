import BenchSupport
import Foundation

/// CheckBench's generated base file, the input of both sides.
enum BaseFile {
    /// `<work>/base-<rows>.csv`, reused when it holds its header and `rows` lines; otherwise CheckBench (which
    /// owns the generator) writes it, running its own benchmark on the way.
    static func prepare(rows: Int, work: String, checkBench: String, remessa: String) throws -> String {
        let path = work + "/base-\(rows).csv"
        // Counting the lines also brings the file into the page cache for both sides alike.
        if FileManager.default.fileExists(atPath: path), try lineCount(path) == rows + 1 {
            return path
        }
        print("generating \(path) with CheckBench (its figures follow)")
        let run = try ChildRun.run(
            [checkBench, "--remessa", remessa, "--rows", "\(rows)", "--work", work],
            passOutput: true
        )
        let lines = (try? lineCount(path)) ?? 0
        guard lines == rows + 1 else {
            throw BenchFailure("CheckBench (exit \(run.status)) left \(lines) lines in \(path), not \(rows + 1)")
        }
        return path
    }
}
