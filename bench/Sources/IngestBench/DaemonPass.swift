import BenchSupport
import Foundation
import Glibc
import Logging
import RemessaConfig
import RemessaCore
import RemessaDaemon
import RemessaPostgres
import RemessaStore

/// The child process: the daemon over a local drop whose inbox holds the base file, until the file is archived.
/// Prints one `key=value` line for the parent, which reads the peak RSS of this process with `wait4`.
enum DaemonPass {
    static let template = "Olá @PrimeiroNome, sua loja mais próxima: @Loja"

    /// `root` holds `state/` and `drop/inbox/<file>`; the drop is named `bench`. With `postgres` (`url` and
    /// `passwordFile`), the store is that database (the spool stays in `state/`).
    static func configurationYAML(root: String, postgres: (url: String, passwordFile: String)?) -> String {
        let store = postgres.map { "\n  postgres: {url: \"\($0.url)\", passwordFile: \"\($0.passwordFile)\"}" } ?? ""
        return """
            state:
              path: \(root)/state\(store)
            drops:
              bench:
                transport: local
                path: \(root)/drop
                pollInterval: 100ms
                stableFor: 100ms
                maxFileSize: none
                template: "\(template)"

            """
    }

    static func run(root: String, postgres: (url: String, passwordFile: String)?) async throws {
        let timeline = Timeline()
        let source = root + "/remessad.yaml"
        let yaml = configurationYAML(root: root, postgres: postgres)
        try yaml.write(toFile: source, atomically: true, encoding: .utf8)
        let configuration = try RemessaConfiguration.parse(yaml: yaml, source: source, environment: [:])
        let daemon = Daemon(
            configurationPath: source,
            configuration: configuration,
            variables: [:],
            logger: timeline.logger()
        )
        // The daemon as it runs in production, stopped with SIGTERM once the file is archived: `--until-idle`
        // would also wait for the million messages to be sent (at the simulator's 200/s).
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await daemon.run() }
            let deadline = ContinuousClock.now + .seconds(600)
            while timeline.first("Original moved") == nil, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            kill(getpid(), SIGTERM)
            try await group.waitForAll()
        }
        let seconds = timeline.elapsed
        let entries = timeline.all
        guard timeline.first("Original moved") != nil else {
            for entry in entries { print("# \(entry.seconds) \(entry.message) \(entry.metadata)") }
            throw BenchFailure("the file was not archived within 600 s")
        }

        // Where the time went, from the daemon's own log messages.
        let claimed = timeline.first("File claimed")?.seconds
        let downloaded = timeline.first("File downloaded")
        let accepted = timeline.first("File accepted")
        let published = timeline.first("Outbox file published")?.seconds
        let moved = timeline.first("Original moved")?.seconds

        // The store, as an operator command sees it: every message stored (some already sent before the SIGTERM)
        // and the file's own counts.
        let quiet = Logger(label: "remessad.bench.store") { _ in SwiftLogNoOpLogHandler() }
        let (stored, file) = try await ConfiguredStore.with(
            configuration.state,
            access: .operator,
            environment: [:],
            logger: quiet
        ) { store in
            let activity = try await store.dropActivity(since: .distantPast).first { $0.drop == "bench" }
            return (
                activity?.statusCounts.values.reduce(0, +) ?? 0,
                try await store.recentFiles(drop: "bench", limit: 1).first
            )
        }

        var report: [(String, String)] = [
            ("stopped", format(seconds)),
            ("claimed", format(claimed)),
            ("download", format(downloaded?.metadata["remessa.duration"]?.durationSeconds)),
            ("downloaded", format(downloaded?.seconds)),
            ("ingest", format(accepted?.metadata["remessa.duration"]?.durationSeconds)),
            ("accepted_at", format(accepted?.seconds)),
            ("published", format(published)),
            ("moved", format(moved)),
            ("messages", "\(stored)"),
            ("rows", "\(file?.rows ?? -1)"),
            ("accepted", "\(file?.accepted ?? -1)"),
            ("rejected", "\(file?.rejected ?? -1)"),
            ("outcome", file?.outcome.map { "\($0)" } ?? "none"),
        ]
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        report.append(("self_rss_kib", "\(usage.ru_maxrss)"))
        print(report.map { "\($0.0)=\($0.1)" }.joined(separator: " "))
        if ProcessInfo.processInfo.environment["INGEST_BENCH_LOG"] != nil {
            for entry in entries {
                FileHandle.standardError.write(
                    Data(String(format: "%8.3f  %@ %@\n", entry.seconds, entry.message, "\(entry.metadata)").utf8)
                )
            }
        }
    }

    private static func format(_ seconds: Double?) -> String {
        seconds.map { String(format: "%.3f", $0) } ?? "-"
    }
}
