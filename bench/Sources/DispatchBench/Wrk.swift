import BenchSupport
import Foundation

/// One `wrk` run and the figures it printed.
struct WrkRun {
    var requestsPerSecond: Double
    var requests: Int
    var failures: Int
    var averageLatency: String
    var output: String

    /// Runs `wrk -t<threads> -c<connections> -d<seconds>s [-s script] url`.
    static func run(
        url: String,
        script: String? = nil,
        threads: Int = 2,
        connections: Int = 64,
        seconds: Int = 10
    ) throws -> WrkRun {
        var arguments = ["wrk", "-t\(threads)", "-c\(connections)", "-d\(seconds)s"]
        if let script { arguments += ["-s", script] }
        let run = try ChildRun.run(arguments + [url])
        guard run.status == 0, let rate = Self.value(after: "Requests/sec:", in: run.output).flatMap(Double.init) else {
            throw BenchFailure("wrk \(url) exited with \(run.status):\n\(run.output)")
        }
        let total =
            run.output.split(separator: "\n").first { $0.contains("requests in") }
            .flatMap { $0.split(separator: " ").first }.flatMap { Int($0) } ?? 0
        let non2xx = Self.value(after: "Non-2xx or 3xx responses:", in: run.output).flatMap(Int.init) ?? 0
        let errors =
            run.output.split(separator: "\n").first { $0.contains("Socket errors:") }
            .map { line in
                line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }.reduce(0, +)
            } ?? 0
        let latency =
            run.output.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("Latency") }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true) }
            .flatMap { $0.count > 1 ? String($0[1]) : nil } ?? "?"
        return WrkRun(
            requestsPerSecond: rate,
            requests: total,
            failures: non2xx + errors,
            averageLatency: latency,
            output: run.output
        )
    }

    private static func value(after label: String, in output: String) -> String? {
        guard let line = output.split(separator: "\n").first(where: { $0.contains(label) }),
            let range = line.range(of: label)
        else { return nil }
        return line[range.upperBound...].trimmingCharacters(in: .whitespaces)
    }

    var summary: String {
        String(
            format: "%.0f req/s (%d requests, %d failed, mean latency %@)",
            requestsPerSecond,
            requests,
            failures,
            averageLatency
        )
    }
}
