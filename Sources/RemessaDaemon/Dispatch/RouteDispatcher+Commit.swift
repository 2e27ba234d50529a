import Logging
import RemessaConfig
import RemessaMetrics
import RemessaStore

/// Committing outcomes, and holding them while the store does not take them (a full disk): the route sends
/// nothing new until they are recorded, so a message the gateway took is never submitted again by this process.
extension RouteDispatcher {
    /// Commits `records` and frees their messages; when the commit fails, holds them for ``retryUncommitted()``
    /// (their messages stay known: no pass over the queue hands them out again).
    func record(_ records: [DispatchRecord]) async {
        guard !records.isEmpty else { return }
        do {
            try await recorder.commit(records)
            for record in records { release(record.messageID) }
        } catch {
            metrics.routeCommitFailed(route: route.name)
            if uncommitted.hold(records, at: now) {
                logger.error(
                    "Cannot record outcomes: the route stops sending until the store takes them",
                    metadata: ["remessa.error": "\(error)", "remessa.outcomes": "\(uncommitted.count)"]
                )
            }
            health.set(route: route.name, uncommitted: uncommitted.count)
        }
    }

    /// Commits the held outcomes again once their backoff is over.
    func retryUncommitted() async {
        guard let taken = uncommitted.takeDue(at: now) else { return }
        do {
            try await recorder.commit(taken)
            for record in taken { release(record.messageID) }
            if let failedFor = uncommitted.committed(at: now) {
                logger.notice(
                    "Outcomes recorded: the route sends again",
                    metadata: ["remessa.outcomes": "\(taken.count)", "remessa.failedForSeconds": "\(Int(failedFor))"]
                )
            }
        } catch {
            metrics.routeCommitFailed(route: route.name)
            uncommitted.failed(taken, at: now)
        }
        health.set(route: route.name, uncommitted: uncommitted.count)
    }

    /// On stop, after the submissions in flight ended: retries the held outcomes for at most `limit` seconds,
    /// then says how many were not recorded (their messages are still `QUEUED`: a restart sends them again).
    func flushUncommitted(limit: Double) async {
        let deadline = now + limit
        while uncommitted.count > 0, now < deadline {
            let wait = uncommitted.wait(at: now) ?? 0.01
            if wait > 0 {
                try? await Task.sleep(for: .seconds(min(wait, deadline - now)))
            }
            await retryUncommitted()
        }
        guard uncommitted.count > 0 else { return }
        logger.critical(
            "Outcomes not recorded at stop: their messages may be sent again after a restart",
            metadata: ["remessa.outcomes": "\(uncommitted.count)", "remessa.retriedForSeconds": "\(Int(limit))"]
        )
    }
}
