import Logging
import RemessaConfig
import RemessaCore
import RemessaStore
import ServiceLifecycle
import Synchronization

/// The poll loops of every drop, side by side, so one slow or broken drop never stalls another. A reload
/// (SIGHUP) starts new drops, stops removed ones and restarts changed ones, each after its current step. In a
/// cluster a drop is polled only while this node holds its lease.
struct PollerService: Service {
    let environment: DaemonEnvironment
    let initial: [DropConfiguration]
    let reloads: AsyncStream<RemessaConfiguration>
    /// In `--until-idle` mode: each drop is polled until it is idle (or keeps failing) and the watch is told how
    /// each loop ended; then, each time the watch asks (its batches are finished), the drops that were idle are
    /// polled once more until idle, and the watch is told how many files that claimed (a file that arrived
    /// meanwhile is processed before the run ends), until the group shuts down.
    var idleWatch: IdleWatch?

    func run() async throws {
        if let idleWatch {
            let endings = await pollUntilIdle(initial).endings
            idleWatch.pollersEnded(endings)
            var idle = initial.filter { endings[$0.name] == .idle }
            for await _ in idleWatch.pollRequests.cancelOnGracefulShutdown() {
                let again = await pollUntilIdle(idle)
                let failing = Set(again.endings.filter { $0.value != .idle }.keys)
                idle.removeAll { failing.contains($0.name) }
                idleWatch.polledAgain(claimed: again.claimed, failing: failing)
            }
            return
        }
        let registry = DropRegistry()
        await withDiscardingTaskGroup { group in
            func start(_ drops: [DropConfiguration]) {
                for (drop, generation) in registry.replace(with: drops) {
                    group.addTask { await self.runDrop(drop, generation: generation, registry: registry) }
                }
            }
            start(initial)
            for await configuration in reloads.cancelOnGracefulShutdown() {
                start(Array(configuration.drops.values))
            }
        }
    }

    /// Polls every drop of `drops` until it has nothing eligible left; answers how each loop ended, and how many
    /// files they claimed.
    private func pollUntilIdle(_ drops: [DropConfiguration]) async -> (endings: [String: DropLoop.Ending], claimed: Int)
    {
        let claimed = Mutex(0)
        let onTick: @Sendable (String, DropContext.TickResult?) -> Void = { [environment] drop, result in
            claimed.withLock { $0 += result?.claimed ?? 0 }
            environment.onTick(drop, result)
        }
        let endings = await withTaskGroup(of: (String, DropLoop.Ending).self) { group in
            for drop in drops {
                group.addTask {
                    do {
                        let loop = DropLoop(context: try environment.context(for: drop), onTick: onTick)
                        // In a cluster the drop may be another node's for a while: polled once it is this one's.
                        guard let term = await environment.board.waitForTerm(.drop(drop.name)) else {
                            return (drop.name, .stopped)
                        }
                        return (drop.name, await term.run { await loop.run(untilIdle: true) { term.isCurrent } })
                    } catch {
                        environment.logger.error(
                            "Drop cannot start",
                            metadata: ["remessa.drop": "\(drop.name)", "remessa.error": "\(error)"]
                        )
                        return (drop.name, .failing)
                    }
                }
            }
            var endings: [String: DropLoop.Ending] = [:]
            for await (name, ending) in group { endings[name] = ending }
            return endings
        }
        return (endings, claimed.withLock { $0 })
    }

    private func runDrop(_ drop: DropConfiguration, generation: Int, registry: DropRegistry) async {
        // A replaced loop finishes its current step first; two loops never work one drop at once.
        while registry.isRunning(drop.name, otherThan: generation) {
            try? await Task.sleep(for: .milliseconds(100))
        }
        registry.markRunning(drop.name, generation: generation)
        defer { registry.markStopped(drop.name, generation: generation) }
        do {
            let context = try environment.context(for: drop)
            let loop = DropLoop(context: context, onTick: environment.onTick)
            // Polled under each term of the drop's lease in turn (contract section 13): only its holder claims.
            while registry.isCurrent(drop.name, generation: generation), !Task.isCancelled,
                !Task.isShuttingDownGracefully
            {
                guard let term = await environment.board.waitForTerm(.drop(drop.name)) else { break }
                _ = await term.run {
                    await loop.run(untilIdle: false) {
                        term.isCurrent && registry.isCurrent(drop.name, generation: generation)
                    }
                }
            }
            if !registry.isCurrent(drop.name, generation: generation) {
                // Removed or changed by a reload: its connection goes with it.
                await environment.contexts.close(drop)
            }
        } catch {
            environment.logger.error(
                "Drop cannot start",
                metadata: ["remessa.drop": "\(drop.name)", "remessa.error": "\(error)"]
            )
        }
    }
}

/// Which generation of each drop's loop is current, and which is running.
final class DropRegistry: Sendable {
    private struct State {
        var current: [String: (drop: DropConfiguration, generation: Int)] = [:]
        var running: [String: Int] = [:]
        var nextGeneration = 1
    }

    private let state = Mutex(State())

    /// Installs a new set of drops; returns those that need a (new) loop.
    func replace(with drops: [DropConfiguration]) -> [(DropConfiguration, Int)] {
        state.withLock { state in
            var started: [(DropConfiguration, Int)] = []
            var next: [String: (drop: DropConfiguration, generation: Int)] = [:]
            for drop in drops {
                if let existing = state.current[drop.name], existing.drop == drop {
                    next[drop.name] = existing
                } else {
                    next[drop.name] = (drop, state.nextGeneration)
                    started.append((drop, state.nextGeneration))
                    state.nextGeneration += 1
                }
            }
            state.current = next
            return started
        }
    }

    func isCurrent(_ name: String, generation: Int) -> Bool {
        state.withLock { $0.current[name]?.generation == generation }
    }

    func isRunning(_ name: String, otherThan generation: Int) -> Bool {
        state.withLock { state in state.running[name].map { $0 != generation } ?? false }
    }

    func markRunning(_ name: String, generation: Int) {
        state.withLock { $0.running[name] = generation }
    }

    func markStopped(_ name: String, generation: Int) {
        state.withLock { state in
            if state.running[name] == generation { state.running[name] = nil }
        }
    }
}
