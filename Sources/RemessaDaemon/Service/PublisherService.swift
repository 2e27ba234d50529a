import Foundation
import Logging
import RemessaConfig
import ServiceLifecycle
import Synchronization

/// Publishes every drop's delivery files each `dlrInterval`; on shutdown it makes one last pass, so what the
/// dispatcher recorded reaches the outbox.
struct PublisherService: Service {
    let environment: DaemonEnvironment
    /// The drops as last (re)loaded.
    let drops: DropList

    func run() async throws {
        var lastPass: [String: ContinuousClock.Instant] = [:]
        let clock = ContinuousClock()
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let now = clock.now
            let due = drops.current.filter { drop in
                lastPass[drop.name].map { $0.duration(to: now) >= drop.dlrInterval } ?? true
            }
            await pass(due)
            for drop in due { lastPass[drop.name] = now }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
        }
        await pass(drops.current)
    }

    /// One pass over `drops`, side by side.
    func pass(_ drops: [DropConfiguration]) async {
        await withDiscardingTaskGroup { group in
            for drop in drops {
                group.addTask {
                    do {
                        let context = try environment.context(for: drop)
                        try await OutboxPublisher(context: context).publishPending()
                    } catch {
                        environment.logger.error(
                            "Publishing failed",
                            metadata: ["remessa.drop": "\(drop.name)", "remessa.error": "\(error)"]
                        )
                    }
                }
            }
        }
    }
}

/// The current drops, shared between the reload handler and the services that iterate them.
final class DropList: Sendable {
    private let drops: Mutex<[DropConfiguration]>

    init(_ drops: [DropConfiguration]) {
        self.drops = Mutex(drops)
    }

    var current: [DropConfiguration] { drops.withLock { $0 } }

    func replace(with drops: [DropConfiguration]) {
        self.drops.withLock { $0 = drops }
    }
}
