import Logging
import RemessaCore
import RemessaPostgres
import ServiceLifecycle

/// A cluster node's hold on its leases (contract section 13): one ``LeaseRunner`` for each drop and each route,
/// so each is worked by one node at a time, and the node's own row, touched while it runs.
///
/// It is the group's first service, so it stops last: on a graceful stop every other service has stopped its
/// work before the leases are given back, and another node takes them over at once.
struct LeaseService: Service {
    let leases: Leases
    let board: LeaseBoard
    let settings: LeaseSettings
    /// The leases to keep at start: every configured drop and route.
    let initial: Set<LeaseKey>
    /// The leases to keep after each reload.
    let changes: AsyncStream<Set<LeaseKey>>
    let logger: Logger

    func run() async throws {
        do {
            try await leases.registerNode()
        } catch {
            logger.warning("Cannot record this node in the cluster", metadata: ["remessa.error": "\(error)"])
        }
        logger.notice("Node joined the cluster", metadata: ["remessa.leases": "\(initial.count)"])
        await withDiscardingTaskGroup { group in
            var runners: [LeaseKey: LeaseRunner] = [:]
            group.addTask { await self.touchWhileRunning() }
            keep(initial, runners: &runners, group: &group)
            for await wanted in changes.cancelOnGracefulShutdown() {
                keep(wanted, runners: &runners, group: &group)
            }
            // Every other service has stopped: give every lease back.
            for runner in runners.values { runner.shutdown() }
        }
        board.close()
    }

    /// Starts a runner for each lease of `wanted` that has none, and shuts down those of leases no longer wanted.
    private func keep(
        _ wanted: Set<LeaseKey>,
        runners: inout [LeaseKey: LeaseRunner],
        group: inout DiscardingTaskGroup
    ) {
        for (lease, runner) in runners where !wanted.contains(lease) {
            runner.shutdown()
            runners[lease] = nil
        }
        for lease in wanted.sorted(by: { $0.description < $1.description }) where runners[lease] == nil {
            let runner = LeaseRunner(lease: lease, leases: leases, board: board, settings: settings, logger: logger)
            runners[lease] = runner
            group.addTask { await runner.run() }
        }
    }

    /// Records every `renewEvery` that this node is alive, for `remessa status`.
    private func touchWhileRunning() async {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: settings.renewEvery) }
            do {
                try await leases.touchNode()
            } catch {
                logger.debug("Cannot record that this node is alive", metadata: ["remessa.error": "\(error)"])
            }
        }
    }
}
