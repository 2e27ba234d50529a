import Foundation
import Logging
import RemessaConfig
import RemessaCore
import ServiceLifecycle
import Synchronization

/// Publishes every drop's DLR, replies and opt-out files each `dlrInterval`, and a batch's final file and summary within
/// `finalCheck` of its last message becoming terminal; on shutdown it makes one last pass, so what the
/// dispatcher recorded reaches the outbox.
struct PublisherService: Service {
    let environment: DaemonEnvironment
    /// The drops as last (re)loaded.
    let drops: DropList
    var finalCheck: Duration = .seconds(2)
    /// Told after each pass (`--until-idle` checks then whether every batch is finished).
    var onPass: @Sendable () -> Void = {}

    func run() async throws {
        var publisher = PublisherSchedule()
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            await publisher.tick(self)
            onPass()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: finalCheck) }
        }
        await pass(drops.current)
    }

    /// One pass over `drops`, side by side; with `eventsDue` false only terminal batches are published.
    func pass(_ drops: [DropConfiguration], eventsDue: Bool = true) async {
        await withDiscardingTaskGroup { group in
            // In a cluster only the drop's lease holder publishes to its outbox, under the lease's fence.
            for drop in drops {
                guard let term = environment.board.term(for: .drop(drop.name)) else { continue }
                group.addTask {
                    do {
                        let context = try environment.context(for: drop)
                        try await term.run {
                            try await OutboxPublisher(context: context).publishPending(eventsDue: eventsDue)
                            // Replies and opt-out changes are drop-wide: due with the drop's DLR files.
                            if eventsDue { try await DropReportPublisher(context: context).publishPending() }
                        }
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

/// When each drop's DLR files are next due.
struct PublisherSchedule {
    private var lastPass: [String: ContinuousClock.Instant] = [:]
    private let clock = ContinuousClock()

    /// Publishes the drops whose `dlrInterval` passed in full, and the others' finished batches only.
    mutating func tick(_ service: PublisherService) async {
        let now = clock.now
        var due: [DropConfiguration] = []
        var notDue: [DropConfiguration] = []
        for drop in service.drops.current {
            if lastPass[drop.name].map({ $0.duration(to: now) >= drop.dlrInterval }) ?? true {
                due.append(drop)
                lastPass[drop.name] = now
            } else {
                notDue.append(drop)
            }
        }
        await service.pass(due)
        await service.pass(notDue, eventsDue: false)
    }
}

/// The current drops, shared between the reload handler and the services that iterate them.
final class DropList: Sendable {
    private let drops: Mutex<[DropConfiguration]>

    init(_ drops: [DropConfiguration]) {
        self.drops = Mutex(drops)
    }

    var current: [DropConfiguration] { drops.withLock { $0 } }

    /// The drop called `name`, if it is configured.
    func drop(named name: String) -> DropConfiguration? {
        drops.withLock { drops in drops.first { $0.name == name } }
    }

    func replace(with drops: [DropConfiguration]) {
        self.drops.withLock { $0 = drops }
    }
}
