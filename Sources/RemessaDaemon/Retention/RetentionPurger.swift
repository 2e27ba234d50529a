import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaDrops
import RemessaStore

/// Forgets what is older than a drop's `retention:` (contract §12): a finished batch's personal data and the
/// numbers and texts of replies in the store, then originals in `archive/`/`failed/` and files in `outbox/`. Opt-out lists and their history are
/// never touched. The daemon runs it hourly (``RetentionService``), `remessa purge` on demand.
package struct RetentionPurger: Sendable {
    /// One drop with the transport that reaches its folders.
    package struct Target: Sendable {
        package var drop: DropConfiguration
        package var transport: any DropTransport

        package init(drop: DropConfiguration, transport: any DropTransport) {
            self.drop = drop
            self.transport = transport
        }
    }

    /// What a pass erased (or, dry, would erase).
    package struct Report: Sendable {
        package var batches: [PurgeableBatch] = []
        package var messages = 0
        /// Replies whose number and text were erased (or would be).
        package var replies = 0
        /// `drop`, then the file's path in the drop.
        package var files: [(drop: String, path: String)] = []
        package var longestTransaction: Duration = .zero
        /// Drops whose folders could not be read or cleaned, with why.
        package var failures: [(drop: String, error: String)] = []
        /// False when readers kept the WAL from being truncated after a purge.
        package var walCleared = true
    }

    package let store: any Store
    package let logger: Logger

    package init(store: any Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Purges every target; unattributed replies (no drop's) go after `unattributedRetention`, the top level's
    /// `retention.messages`.
    package func run(
        _ targets: [Target],
        unattributedRetention: Duration,
        now: Date = Date(),
        dryRun: Bool = false
    ) async -> Report {
        var report = Report()
        do {
            report.replies += try await store.purgeReplies(
                drop: nil,
                receivedBefore: now - unattributedRetention.inSeconds,
                dryRun: dryRun
            )
        } catch {
            report.failures.append(("(unattributed replies)", "\(error)"))
        }
        for target in targets {
            let drop = target.drop
            do {
                report.replies += try await store.purgeReplies(
                    drop: drop.name,
                    receivedBefore: now - drop.retention.messages.inSeconds,
                    dryRun: dryRun
                )
                let due = try await store.purgeableBatches(
                    drop: drop.name,
                    finishedBefore: now - drop.retention.messages.inSeconds
                )
                report.batches += due
                for batch in due {
                    if dryRun {
                        report.messages += batch.messages
                        continue
                    }
                    let purge = try await store.purgeMessages(of: batch.id, at: now)
                    report.messages += purge.messages
                    report.longestTransaction = max(report.longestTransaction, purge.longestTransaction)
                    logger.notice(
                        "Batch purged",
                        metadata: [
                            "remessa.drop": "\(drop.name)", "remessa.batch.id": "\(batch.id)",
                            "remessa.messages": "\(purge.messages)",
                        ]
                    )
                }
            } catch {
                report.failures.append((drop.name, "\(error)"))
            }
            do {
                report.files += try await oldFiles(target, now: now, dryRun: dryRun)
            } catch {
                report.failures.append((drop.name, "\(error)"))
                logger.warning(
                    "Old drop files could not be deleted",
                    metadata: ["remessa.drop": "\(drop.name)", "remessa.error": "\(error)"]
                )
            }
        }
        if !dryRun, !report.batches.isEmpty || report.replies > 0 {
            report.walCleared = (try? await store.checkpointAfterPurge()) ?? false
        }
        return report
    }

    /// Deletes the originals and outbox files older than their retention; returns their paths.
    private func oldFiles(_ target: Target, now: Date, dryRun: Bool) async throws -> [(drop: String, path: String)] {
        let drop = target.drop
        let folders = drop.folders
        var deleted: [(drop: String, path: String)] = []
        for (folder, keep) in [
            (folders.archive, drop.retention.files), (folders.failed, drop.retention.files),
            (folders.outbox, drop.retention.outbox),
        ] {
            let cutoff = now.timeIntervalSince1970 - keep.inSeconds
            for entry in try await target.transport.list(folder)
            where entry.isRegularFile && Double(entry.modification) < cutoff {
                let path = DropPath.join(folder, entry.name)
                if !dryRun {
                    try await target.transport.remove(path)
                    logger.info(
                        "Old drop file deleted",
                        metadata: [
                            "remessa.drop": "\(drop.name)",
                            "remessa.path": "\(ControlCharacterEscaping.escaped(path))",
                        ]
                    )
                }
                deleted.append((drop.name, path))
            }
        }
        return deleted
    }
}
