import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaMetrics
import RemessaProviders
import RemessaStore

/// Runs one route's ``DispatchMachine``: performs its actions (store reads and commits, gateway calls, timers)
/// in child tasks and feeds it their answers as events, one at a time. It wakes on events and on the deadlines
/// the machine names, never on a polling sleep. The rules live in the machine; this is only the I/O.
final class RouteDispatcher: Sendable {
    let route: RouteConfiguration
    private let provider: any SMSProvider
    private let store: any Store
    private let drops: DropList
    private let suppression: SuppressionCache
    private let health: CommitHealth
    let metrics: DaemonMetrics
    let logger: Logger
    private let events: AsyncStream<Event>
    private let input: AsyncStream<Event>.Continuation

    /// What reaches the run loop: the answers to the machine's actions, and the outside world's requests.
    private enum Event: Sendable {
        case tick
        case workArrived
        case stop
        case listed([DispatchBatch]?)
        case page(batchID: Int64, [QueuedMessage]?)
        case submitted(Int, [SubmitOutcome])
        case committed(Int, error: String?)
        case settle(CheckedContinuation<Void, Never>)
        case expired
        /// The route's lease ended: stop at once, leaving what is in flight to the lease's next holder.
        case leaseEnded
    }

    init(
        route: RouteConfiguration,
        provider: any SMSProvider,
        store: any Store,
        drops: DropList,
        suppression: SuppressionCache,
        health: CommitHealth,
        metrics: DaemonMetrics,
        logger: Logger
    ) {
        self.route = route
        self.provider = provider
        self.store = store
        self.drops = drops
        self.suppression = suppression
        self.health = health
        self.metrics = metrics
        var logger = logger
        logger[metadataKey: "remessa.route"] = "\(route.name)"
        self.logger = logger
        (events, input) = AsyncStream.makeStream(of: Event.self)
    }

    /// Asks the run loop to stop handing out messages; ``run()`` returns once the ones in flight are committed.
    func stop() {
        input.yield(.stop)
    }

    /// The route's lease ended (contract section 13): ``run()`` returns at once, without waiting for what is in
    /// flight; the lease's next holder submits those messages again under the same idempotency keys.
    func abandon() {
        input.yield(.leaseEnded)
    }

    /// New work may be queued: read the queue now rather than at the next listing.
    func workArrived() {
        input.yield(.workArrived)
    }

    /// Returns once the route has listed its queue afresh (a listing that began after this call) and read the
    /// pages it wanted, or once it stopped.
    func settle() async {
        await withCheckedContinuation { continuation in
            if case .terminated = input.yield(.settle(continuation)) {
                continuation.resume()
            }
        }
    }

    /// The machine's settings for this route.
    private var settings: DispatchSettings {
        DispatchSettings(
            rate: route.rate,
            burst: route.burst,
            maxInFlight: route.maxInFlight,
            batchSize: provider.preferredBatchSize,
            retry: RetryPolicy(
                maxAttempts: route.retry.maxAttempts,
                base: route.retry.backoff.inSeconds,
                cap: route.retry.backoffMax.inSeconds
            ),
            circuitFailures: route.retry.circuitFailures,
            circuitOpenFor: route.retry.circuitOpenFor,
            // Seeded from the route's name (FNV-1a), so retry jitter is the same from run to run.
            seed: route.name.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        )
    }

    /// Sends until ``stop()`` (then waits for what is in flight, within the machine's bounds), ``abandon()`` or
    /// cancellation. A dispatcher runs once.
    func run() async {
        await resumeSubmitted()
        logger.info(
            "Dispatching",
            metadata: ["remessa.rate": "\(route.rate)", "remessa.maxInFlight": "\(route.maxInFlight)"]
        )
        var machine = DispatchMachine(
            settings: settings,
            gate: RouteGate(drops: drops, suppression: suppression),
            at: .now
        )
        var loop = LoopState()
        var abandoned = false
        await withDiscardingTaskGroup { group in
            _ = perform(machine.start(at: .now), machine: machine, loop: &loop, group: &group)
            for await event in events {
                let time = ClockReading.now
                let actions: [DispatchAction]
                switch event {
                case .tick:
                    loop.timers.removeAll { $0 <= time.instant }
                    actions = machine.tick(at: time)
                case .workArrived: actions = machine.workArrived(at: time)
                case .stop: actions = machine.stop(at: time)
                case .listed(let batches?):
                    loop.listingsDone += 1
                    actions = machine.queueListed(batches, at: time)
                case .listed(nil):
                    loop.listingsDone += 1
                    actions = machine.listingFailed(at: time)
                case .expired:
                    loop.expiring -= 1
                    actions = []
                case .leaseEnded:
                    abandoned = true
                    actions = []
                case .settle(let continuation):
                    loop.settling.append((continuation, after: loop.listingsStarted))
                    actions = machine.workArrived(at: time)
                case .page(let batchID, let page?): actions = machine.pageRead(batchID: batchID, page, at: time)
                case .page(let batchID, nil): actions = machine.pageFailed(batchID: batchID, at: time)
                case .submitted(let id, let outcomes): actions = machine.submitted(id, outcomes: outcomes, at: time)
                case .committed(let id, nil): actions = machine.committed(id, at: time)
                case .committed(let id, let error?):
                    loop.lastCommitError = error
                    actions = machine.commitFailed(id, at: time)
                }
                let stopped = perform(actions, machine: machine, loop: &loop, group: &group)
                if time.instant >= loop.nextGauges {
                    publishGauges(machine, at: time)
                    loop.nextGauges = time.instant + .seconds(1)
                }
                health.set(route: route.name, uncommitted: machine.uncommittedCount)
                if stopped || abandoned { break }
                loop.resumeSettled(reading: machine.isReading || loop.expiring > 0)
            }
            loop.resumeSettled(reading: false, stopped: true)
            // Timers and, after the stop's bounds, submissions that never answered.
            group.cancelAll()
        }
        // Nothing reads the stream any more: a ``settle()`` still in it, or one that comes later, is answered now.
        input.finish()
        for await case .settle(let continuation) in events {
            continuation.resume()
        }
        publishGauges(machine, at: .now)
        if abandoned {
            health.set(route: route.name, uncommitted: 0)
            logger.warning(
                "Dispatching handed over: the route's lease ended",
                metadata: ["remessa.inFlight": "\(machine.uncommittedCount)"]
            )
        } else {
            logger.info("Dispatching stopped")
        }
    }

    /// The run loop's own bookkeeping.
    private struct LoopState {
        /// Deadlines of the timers running, so a wake already covered starts no new one.
        var timers: [ContinuousClock.Instant] = []
        var nextGauges = ContinuousClock.Instant.now
        var lastCommitError = ""
        /// Expiries started and not finished: a settled route has none.
        var expiring = 0
        var listingsStarted = 0
        var listingsDone = 0
        /// ``settle()`` callers, each with the listings started before it asked.
        var settling: [(continuation: CheckedContinuation<Void, Never>, after: Int)] = []

        /// Resumes the ``settle()`` callers whose listing is done and whose pages are read.
        mutating func resumeSettled(reading: Bool, stopped: Bool = false) {
            guard !settling.isEmpty, stopped || !reading else { return }
            let done = listingsDone
            settling.removeAll { waiter in
                guard stopped || waiter.after < done else { return false }
                waiter.continuation.resume()
                return true
            }
        }
    }

    /// Starts what `actions` ask for; answers whether the machine stopped.
    private func perform(
        _ actions: [DispatchAction],
        machine: DispatchMachine<RouteGate>,
        loop: inout LoopState,
        group: inout DiscardingTaskGroup
    ) -> Bool {
        var stopped = false
        for action in actions {
            switch action {
            case .listQueue:
                loop.listingsStarted += 1
                group.addTask { await self.listQueue() }
            case .readPage(let batchID, let afterID, let limit):
                group.addTask { await self.readPage(batchID: batchID, afterID: afterID, limit: limit) }
            case .expire(let batchID, let reason, let sparing):
                loop.expiring += 1
                group.addTask {
                    await self.expire(batchID: batchID, reason: reason, sparing: sparing)
                    self.input.yield(.expired)
                }
            case .submit(let submission):
                group.addTask { await self.submit(submission) }
            case .commit(let commit):
                group.addTask { await self.commit(commit) }
            case .wake(let deadline):
                guard !loop.timers.contains(where: { $0 <= deadline }) else { continue }
                loop.timers.append(deadline)
                group.addTask { [input] in
                    try? await Task.sleep(until: deadline, clock: .continuous)
                    input.yield(.tick)
                }
            case .notice(let notice):
                note(notice, lastCommitError: loop.lastCommitError)
            case .stopped(let unrecorded, let abandoned):
                noteStopped(unrecorded: unrecorded, abandoned: abandoned, settings: machine.settings)
                stopped = true
            }
        }
        return stopped
    }

    // MARK: Actions

    private func listQueue() async {
        await suppression.refresh(from: store)
        do {
            input.yield(.listed(try await store.dispatchBatches(route: route.name)))
        } catch {
            logger.error("Cannot read the queue", metadata: ["remessa.error": "\(error)"])
            input.yield(.listed(nil))
        }
    }

    private func readPage(batchID: Int64, afterID: Int64, limit: Int) async {
        do {
            let page = try await store.queuedMessages(batchID: batchID, afterID: afterID, limit: limit)
            input.yield(.page(batchID: batchID, page))
        } catch {
            logger.error("Cannot read the queue", metadata: ["remessa.error": "\(error)"])
            input.yield(.page(batchID: batchID, nil))
        }
    }

    private func expire(batchID: Int64, reason: BatchExpiry, sparing: [Int64]) async {
        do {
            let expired = try await store.expireQueued(batchID: batchID, reason: reason, sparing: sparing)
            guard expired > 0 else { return }
            logger.notice(
                "Batch's time ran out: messages expired",
                metadata: [
                    "remessa.batch": "\(batchID)", "remessa.messages": "\(expired)",
                    "remessa.reason": "\(reason.rawValue)",
                ]
            )
        } catch {
            logger.error(
                "Cannot expire a batch",
                metadata: ["remessa.batch": "\(batchID)", "remessa.error": "\(error)"]
            )
        }
    }

    /// One gateway call; the answer goes back to the machine, the accepted count and latency to the metrics.
    private func submit(_ submission: DispatchSubmission) async {
        if submission.isProbe { await provider.reconnect() }
        let outgoing = submission.messages.map {
            OutgoingMessage($0, drop: submission.drop, sender: submission.sender, expiresAt: submission.expiresAt)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let outcomes = await provider.submit(outgoing)
        let accepted = outcomes.count { if case .accepted = $0 { true } else { false } }
        if accepted > 0 {
            metrics.messagesSubmitted(route: route.name, count: accepted, latency: start.duration(to: clock.now))
        }
        input.yield(.submitted(submission.id, outcomes))
    }

    private func commit(_ commit: DispatchCommit) async {
        do {
            try await store.recordDispatch(commit.records)
            input.yield(.committed(commit.id, error: nil))
        } catch {
            input.yield(.committed(commit.id, error: "\(error)"))
        }
    }

    /// Hands the gateway what it took before a restart and has not reported on (see `SMSProvider.resume`).
    private func resumeSubmitted() async {
        var afterID: Int64 = 0
        do {
            while true {
                let page = try await store.submittedMessages(route: route.name, afterID: afterID, limit: 5000)
                guard let last = page.last else { return }
                afterID = last.id
                await provider.resume(page.map { OutgoingMessage($0, drop: "") })
            }
        } catch {
            logger.error("Cannot read the submitted messages", metadata: ["remessa.error": "\(error)"])
        }
    }
}

extension OutgoingMessage {
    /// `message` as the gateway receives it.
    init(_ message: QueuedMessage, drop: String, sender: String? = nil, expiresAt: Date? = nil) {
        self.init(
            id: message.id,
            destination: message.destination,
            text: message.text,
            encoding: message.encoding,
            segments: message.segments,
            correlationID: message.correlationID,
            drop: drop,
            batchID: message.batchID,
            sender: sender,
            expiresAt: expiresAt
        )
    }
}
