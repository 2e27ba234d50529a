import Logging
import RemessaConfig
import RemessaStore
import ServiceLifecycle
import Synchronization

/// `--until-idle`: ends the run once every drop was polled until idle, every batch of the drops that could be
/// polled has its final file out, or waits only for a send window that is closed now (those `SCHEDULED`
/// messages go out on a later run), and one more poll of the idle drops then claims nothing (a file uploaded
/// while the batches were sending is processed too). It learns this from the services: the poller says how
/// each drop's loop ended and what a poll on request claimed, the publisher says when it finished a pass, the
/// dispatcher reads its queue afresh on request.
///
/// Returning triggers the group's graceful shutdown (see ``Daemon``), which stops claims, drains sending and
/// makes the publisher's last pass.
final class IdleWatch: Service, Sendable {
    let store: any Store
    let dispatcher: Dispatcher
    let configuration: RemessaConfiguration
    let logger: Logger
    private let endings: AsyncStream<[String: DropLoop.Ending]>
    private let endingsInput: AsyncStream<[String: DropLoop.Ending]>.Continuation
    private let passes: AsyncStream<Void>
    private let passesInput: AsyncStream<Void>.Continuation
    /// For the poller: poll the idle drops once more.
    let pollRequests: AsyncStream<Void>
    private let pollRequestsInput: AsyncStream<Void>.Continuation
    private let pollResults: AsyncStream<(claimed: Int, failing: Set<String>)>
    private let pollResultsInput: AsyncStream<(claimed: Int, failing: Set<String>)>.Continuation
    private let failing = Mutex<Set<String>?>(nil)

    init(store: any Store, dispatcher: Dispatcher, configuration: RemessaConfiguration, logger: Logger) {
        self.store = store
        self.dispatcher = dispatcher
        self.configuration = configuration
        self.logger = logger
        (endings, endingsInput) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        (passes, passesInput) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        (pollRequests, pollRequestsInput) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        (pollResults, pollResultsInput) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// For the poller: the idle drops were polled again, claiming `claimed` files; `failing` could not be polled.
    func polledAgain(claimed: Int, failing: Set<String>) {
        pollResultsInput.yield((claimed, failing))
    }

    /// For the poller: how each drop's loop ended.
    func pollersEnded(_ endings: [String: DropLoop.Ending]) {
        endingsInput.yield(endings)
    }

    /// For the publisher: a pass is done.
    func publisherPassed() {
        passesInput.yield()
    }

    /// The drops that could not be polled to the end, once the run ended (`nil` before, or when it was
    /// stopped from outside).
    var failingDrops: Set<String>? { failing.withLock { $0 } }

    func run() async throws {
        var endingsIterator = endings.makeAsyncIterator()
        guard let endings = await endingsIterator.next() else { return }
        var failing = Set(endings.filter { $0.value != .idle }.keys)
        var results = pollResults.cancelOnGracefulShutdown().makeAsyncIterator()
        while true {
            guard await batchesFinished(skipping: failing) else { return }
            // A file may have arrived while the batches were sending: look once more before ending the run.
            pollRequestsInput.yield()
            guard let again = await results.next() else { return }
            failing.formUnion(again.failing)
            if again.claimed == 0 { break }
            logger.info("Files arrived while sending; processing them before the run ends")
        }
        self.failing.withLock { $0 = failing }
        if failing.isEmpty {
            logger.info("Every drop is idle and every batch finished")
        } else {
            logger.error("Some drops could not be processed", metadata: ["remessa.drops": "\(failing.sorted())"])
        }
    }

    /// Waits, a publisher pass at a time, until no batch of a healthy drop has a message still to finish but
    /// those scheduled for later; answers false when shut down first.
    private func batchesFinished(skipping failing: Set<String>) async -> Bool {
        let clock = ContinuousClock()
        var settled = false
        var lastReport = clock.now
        for await _ in passes.cancelOnGracefulShutdown() {
            let unfinished: [BatchRecord]
            let later: [Int64: Int]
            do {
                unfinished = try await store.batches(unfinishedOnly: true)
                later = try await store.scheduledLater()
            } catch {
                logger.error("Cannot read the batches", metadata: ["remessa.error": "\(error)"])
                return true
            }
            let waiting = unfinished.filter { batch in
                !failing.contains(batch.drop) && configuration.drops[batch.drop] != nil
                    && batch.terminalCount + later[batch.id, default: 0] < batch.messages
            }
            if waiting.isEmpty, !settled {
                // Only messages scheduled for later are left: let every route read its queue once more (a TTL may
                // have run out, a window opened) before believing it.
                await dispatcher.settle()
                settled = true
                continue
            }
            settled = false
            if waiting.isEmpty {
                let scheduled = later.values.reduce(0, +)
                if scheduled > 0 {
                    logger.notice(
                        "Messages wait for their send window: they go out on a later run",
                        metadata: ["remessa.messagesScheduled": "\(scheduled)"]
                    )
                }
                return true
            }
            if lastReport.duration(to: clock.now) >= .seconds(10) {
                lastReport = clock.now
                let open = waiting.reduce(0) { $0 + $1.messages - $1.terminalCount }
                logger.info(
                    "Waiting for batches to finish",
                    metadata: ["remessa.batches": "\(waiting.count)", "remessa.messagesOpen": "\(open)"]
                )
            }
        }
        return false
    }
}
