import Foundation
import Logging
import RemessaConfig
import RemessaCore
import ServiceLifecycle

/// Runs ``RetentionPurger`` over every configured drop at start and then every `interval` (an hour), until the
/// daemon stops. The purge writes in short transactions, so dispatch never waits on it for long.
struct RetentionService: Service {
    let environment: DaemonEnvironment
    let drops: DropList
    /// The top level's `retention.messages`: how long unattributed replies are kept.
    let unattributedRetention: Duration
    var interval: Duration = .seconds(3600)

    func run() async throws {
        let purger = RetentionPurger(store: environment.store, logger: environment.logger)
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            var targets: [RetentionPurger.Target] = []
            // A drop's outbox files are purged by its lease holder only.
            for drop in drops.current where environment.board.term(for: .drop(drop.name)) != nil {
                do {
                    targets.append(.init(drop: drop, transport: try environment.context(for: drop).transport))
                } catch {
                    environment.logger.error(
                        "Drop cannot start",
                        metadata: ["remessa.drop": "\(drop.name)", "remessa.error": "\(error)"]
                    )
                }
            }
            let report = await purger.run(targets, unattributedRetention: unattributedRetention)
            if !report.batches.isEmpty || !report.files.isEmpty || report.replies > 0 {
                environment.logger.notice(
                    "Retention purge done",
                    metadata: [
                        "remessa.batches": "\(report.batches.count)", "remessa.messages": "\(report.messages)",
                        "remessa.replies": "\(report.replies)",
                        "remessa.files": "\(report.files.count)", "remessa.wal_cleared": "\(report.walCleared)",
                    ]
                )
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
