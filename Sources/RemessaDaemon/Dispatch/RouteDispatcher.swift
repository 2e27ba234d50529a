import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaMetrics
import RemessaProviders
import RemessaStore

/// Sends one route's queued messages to its gateway: fairly between drops and batches, strictly by priority,
/// never faster than the route's token bucket and in-flight window allow, slower while the gateway pushes back,
/// not at all while its circuit is open, and only inside each message's send window.
///
/// Crash safety: a message leaves the in-flight window only once its outcome is committed, so after a `kill -9`
/// at most `maxInFlight` messages were submitted without the store knowing; they are still `QUEUED` and go out
/// again with the same idempotency key (their id). While commits fail (a full disk), their outcomes wait in memory
/// (``UncommittedOutcomes``) and the route sends nothing new: what the process knows it never submits twice.
actor RouteDispatcher {
    let route: RouteConfiguration
    private let provider: any SMSProvider
    private let store: Store
    private let drops: DropList
    private let suppression: SuppressionCache
    let recorder: GroupCommit<DispatchRecord, Void>
    let health: CommitHealth
    let metrics: DaemonMetrics
    let logger: Logger

    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var bucket: TokenBucket
    private var adaptive: AdaptiveRate
    private var breaker: CircuitBreaker
    private var window: InFlightWindow
    private let retryPolicy: RetryPolicy
    private var random: SplitMix64

    private var scheduler = FairScheduler<Lane>()
    private var lanes: [Lane: LaneBuffer] = [:]
    private var cursors: [Int64: BatchCursor] = [:]
    /// Ids buffered or in flight, so a new pass over a batch does not hand them out twice.
    private var known: Set<Int64> = []
    /// Outcomes whose commit failed, retried with backoff; their ids stay in ``known``.
    var uncommitted = UncommittedOutcomes<DispatchRecord>()
    private var schedules = ScheduleCache()
    /// No submissions before this (the gateway's `Retry-After`).
    private var pausedUntil: Double = 0
    private var stopping = false
    /// Ids finished while a queue read was waiting for the store: its page may still show them as queued.
    private var finishedDuringRead: Set<Int64> = []
    private var reading = false
    /// Passes of ``refill()`` completed, so `--until-idle` can wait for one that began after it looked.
    private(set) var refills = 0

    /// Messages read per batch per store query, and the buffered count under which a batch is read again.
    private static let pageSize = 1024
    private static let lowWater = 256
    /// How long a stop keeps retrying outcomes the store did not take.
    static let stopRetryLimit = 30.0

    init(
        route: RouteConfiguration,
        provider: any SMSProvider,
        store: Store,
        drops: DropList,
        suppression: SuppressionCache,
        recorder: GroupCommit<DispatchRecord, Void>,
        health: CommitHealth,
        metrics: DaemonMetrics,
        logger: Logger
    ) {
        self.route = route
        self.provider = provider
        self.store = store
        self.drops = drops
        self.suppression = suppression
        self.recorder = recorder
        self.health = health
        self.metrics = metrics
        var logger = logger
        logger[metadataKey: "remessa.route"] = "\(route.name)"
        self.logger = logger
        self.started = clock.now
        // The loop wakes a little late now and then (a sleep overshoots, a store read runs): 20 ms of catch-up
        // keeps the long-run rate on target even with `burst: 1`.
        self.bucket = TokenBucket(
            rate: route.rate,
            burst: max(route.burst, Int(min(route.rate * 0.02, 1_000_000).rounded(.up))),
            now: 0
        )
        self.adaptive = AdaptiveRate(ceiling: route.rate)
        self.breaker = CircuitBreaker(
            failureThreshold: route.retry.circuitFailures,
            openFor: route.retry.circuitOpenFor.inSeconds
        )
        self.window = InFlightWindow(limit: route.maxInFlight)
        self.retryPolicy = RetryPolicy(
            maxAttempts: route.retry.maxAttempts,
            base: route.retry.backoff.inSeconds,
            cap: route.retry.backoffMax.inSeconds
        )
        // Seeded from the route's name (FNV-1a), so retry jitter is the same from run to run.
        self.random = SplitMix64(
            seed: route.name.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        )
    }

    /// Seconds since the dispatcher started, on the monotonic clock.
    var now: Double { started.duration(to: clock.now).inSeconds }

    /// Asks the run loop to stop handing out messages; `run()` returns once the ones in flight are committed.
    func stop() {
        stopping = true
    }

    /// Sends until ``stop()`` or cancellation, then waits for what is in flight.
    func run() async {
        await resumeSubmitted()
        logger.info(
            "Dispatching",
            metadata: ["remessa.rate": "\(route.rate)", "remessa.maxInFlight": "\(route.maxInFlight)"]
        )
        await withDiscardingTaskGroup { group in
            var lastRefill = -Double.infinity
            var lastGauges = -Double.infinity
            while !stopping, !Task.isCancelled {
                var t = now
                if uncommitted.isFailing {
                    // Nothing new while the store does not take outcomes: retry them, and read no queue.
                    await retryUncommitted()
                    if uncommitted.isFailing {
                        if t - lastGauges >= 1 {
                            publishGauges(at: t)
                            lastGauges = t
                        }
                        try? await Task.sleep(for: .seconds(min(uncommitted.wait(at: now) ?? 0.01, 0.05)))
                        continue
                    }
                    t = now
                }
                if t - lastRefill >= 0.25 || (scheduler.isEmpty && t - lastRefill >= 0.05) {
                    await refill()
                    lastRefill = now
                    t = lastRefill
                }
                if t - lastGauges >= 1 {
                    publishGauges(at: t)
                    lastGauges = t
                }
                if let pause = blockedFor(at: t) {
                    try? await Task.sleep(for: .seconds(pause))
                    continue
                }
                let handed = handOut(at: t, group: &group)
                if !handed {
                    try? await Task.sleep(for: .milliseconds(1))
                }
            }
        }
        await flushUncommitted(limit: Self.stopRetryLimit)
        publishGauges(at: now)
        logger.info("Dispatching stopped")
    }

    /// How long to wait before anything can be handed out, or `nil` when something can now.
    private func blockedFor(at t: Double) -> Double? {
        if scheduler.isEmpty {
            return 0.05
        }
        if t < pausedUntil {
            return min(pausedUntil - t, 0.25)
        }
        if case .open(let until) = breaker.state, t < until {
            return min(until - t, 0.25)
        }
        if window.inFlight >= window.limit {
            return 0.001
        }
        let delay = bucket.delay(for: 1, now: t)
        return delay > 0 ? min(delay, 0.05) : nil
    }

    /// Hands out as many messages as the window and the bucket allow, one lane at a time in the scheduler's
    /// order; answers whether it handed out any.
    private func handOut(at t: Double, group: inout DiscardingTaskGroup) -> Bool {
        let batchSize = max(1, provider.preferredBatchSize)
        var decided: [DispatchRecord] = []
        var handedAny = false
        let time = Date()
        handing: while window.inFlight < window.limit, bucket.available(now: t) >= 1, let lane = scheduler.next() {
            // While the circuit is not closed, one probe message at a time tells whether the gateway is back.
            let probing = breaker.state != .closed
            if probing, !breaker.allowsAttempt(now: t) {
                break handing
            }
            var chosen: [QueuedMessage] = []
            while chosen.count < (probing ? 1 : batchSize), window.inFlight < window.limit,
                bucket.available(now: t) >= 1, let message = pop(lane)
            {
                if let record = precheck(message, at: time) {
                    decided.append(record)
                    continue
                }
                _ = bucket.tryTake(now: t)
                _ = window.tryAcquire()
                chosen.append(message)
            }
            if lanes[lane]?.isEmpty ?? true {
                scheduler.deactivate(lane)
            }
            let submission = chosen
            if !submission.isEmpty {
                handedAny = true
                group.addTask { [provider] in
                    if probing { await provider.reconnect() }
                    await self.submit(submission)
                }
            }
            if probing {
                if submission.isEmpty { breaker.abandonProbe() }
                break handing
            }
        }
        let decisions = decided
        if !decisions.isEmpty {
            handedAny = true
            group.addTask { await self.commitDecisions(decisions) }
        }
        return handedAny
    }

    private func pop(_ lane: Lane) -> QueuedMessage? {
        guard let message = lanes[lane]?.popFirst() else { return nil }
        cursors[lane.batchID]?.buffered -= 1
        return message
    }

    /// What happens to a message instead of sending it: opted out since ingestion, or outside its window.
    private func precheck(_ message: QueuedMessage, at time: Date) -> DispatchRecord? {
        if suppression.contains(message.destination) {
            metrics.messageFailed(route: route.name, status: MessageStatus.optedOut.rawValue)
            return .finished(messageID: message.id, status: .optedOut, reasonCode: "OPTED_OUT", error: nil)
        }
        guard let drop = cursors[message.batchID].map(\.batch.drop),
            let snapshot = schedules.snapshot(drop: drop, drops: drops, at: time),
            !snapshot.isOpen(destination: message.destination)
        else {
            return nil
        }
        guard let opening = snapshot.nextOpening(destination: message.destination) else {
            return .finished(messageID: message.id, status: .expired, reasonCode: "NO_SEND_WINDOW", error: nil)
        }
        rescan(batchID: message.batchID, by: opening)
        return .scheduled(messageID: message.id, until: opening)
    }

    /// A message is done with (committed, or handed back to the store): a page read meanwhile must not take it up.
    func release(_ id: Int64) {
        known.remove(id)
        if reading { finishedDuringRead.insert(id) }
    }

    /// Makes the next pass over a batch start no later than `date` (a retry's or a window's time).
    private func rescan(batchID: Int64, by date: Date) {
        // Read first: a `cursors[id]?.x = f(cursors[id])` would read inside its own write access.
        guard let current = cursors[batchID]?.rescanAt, date < current else { return }
        cursors[batchID]?.rescanAt = date
    }

    private func commitDecisions(_ records: [DispatchRecord]) async {
        await record(records)
    }

    /// Hands the gateway what it took before a restart and has not reported on (see `SMSProvider.resume`).
    private func resumeSubmitted() async {
        var afterID: Int64 = 0
        do {
            while true {
                let page = try await store.submittedMessages(route: route.name, afterID: afterID, limit: 5000)
                guard let last = page.last else { return }
                afterID = last.id
                await provider.resume(page.map { outgoing($0, drop: "") })
            }
        } catch {
            logger.error("Cannot read the submitted messages", metadata: ["remessa.error": "\(error)"])
        }
    }

    private func outgoing(_ message: QueuedMessage, drop: String) -> OutgoingMessage {
        OutgoingMessage(
            id: message.id,
            destination: message.destination,
            text: message.text,
            encoding: message.encoding,
            segments: message.segments,
            correlationID: message.correlationID,
            drop: drop,
            batchID: message.batchID
        )
    }

    /// Submits `messages` (one gateway call), then commits their outcomes and frees their window slots.
    private func submit(_ messages: [QueuedMessage]) async {
        let submission = messages.map { outgoing($0, drop: cursors[$0.batchID]?.batch.drop ?? "") }
        let start = clock.now
        let outcomes = await provider.submit(submission)
        let latency = start.duration(to: clock.now)
        var records: [DispatchRecord] = []
        var requeued: [QueuedMessage] = []
        var accepted = 0
        let t = now
        let time = Date()
        for (message, outcome) in zip(messages, outcomes) {
            switch outcome {
            case .accepted(let providerID):
                accepted += 1
                records.append(.submitted(messageID: message.id, providerID: providerID))
            case .rejected(let status, let reasonCode, let detail):
                noteCircuit(breaker.recordSuccess(now: t))
                metrics.messageFailed(route: route.name, status: status.rawValue)
                records.append(.finished(messageID: message.id, status: status, reasonCode: reasonCode, error: detail))
            case .temporary(let reason, let pushBack, let retryAfter):
                if pushBack {
                    // The gateway is there, only busy: that closes a half-open circuit too.
                    noteCircuit(breaker.recordSuccess(now: t))
                    slowDown(at: t, retryAfter: retryAfter)
                    requeued.append(message)
                } else {
                    noteCircuit(breaker.recordFailure(now: t))
                    records.append(retryOrGiveUp(message, reason: reason, retryAfter: retryAfter, at: time))
                }
            }
        }
        if accepted > 0 {
            noteCircuit(breaker.recordSuccess(now: t))
            adaptive.succeeded(now: t)
            if bucket.rate != adaptive.current {
                bucket.setRate(adaptive.current, now: t)
            }
            metrics.messagesSubmitted(route: route.name, count: accepted, latency: latency)
        }
        for message in requeued.reversed() {
            let lane = Lane(batchID: message.batchID, priority: message.priority)
            lanes[lane, default: LaneBuffer()].pushFront(message)
            cursors[message.batchID]?.buffered += 1
            scheduler.activate(lane, drop: cursors[message.batchID]?.batch.drop ?? "", priority: message.priority)
        }
        // One record per message not requeued: each is released once committed, or held until it is.
        await record(records)
        window.release(messages.count)
    }

    /// A temporary failure: try again after the policy's backoff (or the gateway's `Retry-After`), or end
    /// `CARRIER_ERROR` once the attempts are used up.
    private func retryOrGiveUp(
        _ message: QueuedMessage,
        reason: String,
        retryAfter: Duration?,
        at time: Date
    )
        -> DispatchRecord
    {
        let attempts = message.attempts + 1
        guard let backoff = retryPolicy.delay(afterAttempt: attempts, unitRandom: random.unitDouble()) else {
            metrics.messageFailed(route: route.name, status: MessageStatus.carrierError.rawValue)
            return .finished(
                messageID: message.id,
                status: .carrierError,
                reasonCode: "RETRIES_EXHAUSTED",
                error: reason
            )
        }
        metrics.messageRetried(route: route.name)
        let retryAt = time.addingTimeInterval(max(backoff, retryAfter?.inSeconds ?? 0))
        rescan(batchID: message.batchID, by: retryAt)
        return .retry(messageID: message.id, retryAt: retryAt, error: reason)
    }

    private func noteCircuit(_ change: CircuitBreaker.State?) {
        switch change {
        case .open(let until)?:
            logger.warning(
                "Circuit open: the gateway keeps failing, pausing the route",
                metadata: ["remessa.pauseSeconds": "\(Int((until - now).rounded()))"]
            )
        case .closed?:
            logger.notice("Circuit closed: the gateway answers again")
        case .halfOpen?, nil:
            break
        }
    }

    /// The gateway said "too fast": halve the rate (at most once a second) and honour its `Retry-After`.
    private func slowDown(at t: Double, retryAfter: Duration?) {
        let before = adaptive.current
        adaptive.pushBack(now: t)
        if adaptive.current != before {
            bucket.setRate(adaptive.current, now: t)
            metrics.routePushedBack(route: route.name)
            logger.notice(
                "The gateway pushes back: slowing down",
                metadata: ["remessa.rate": "\(Int(adaptive.current.rounded()))"]
            )
        }
        if let retryAfter {
            pausedUntil = max(pausedUntil, t + retryAfter.inSeconds)
        }
    }

    private func publishGauges(at t: Double) {
        let open: Bool
        switch breaker.state {
        case .closed: open = false
        case .open, .halfOpen: open = true
        }
        metrics.setRouteState(
            route: route.name,
            inFlight: window.inFlight,
            tokens: bucket.available(now: t),
            rate: bucket.rate,
            circuitOpen: open,
            uncommitted: uncommitted.count
        )
    }
}

extension RouteDispatcher {
    /// Reads more of each batch's queue when its buffers run low, ends what outlived its `ttl`, forgets batches
    /// that were cancelled or finished, and refreshes the suppression list.
    private func refill() async {
        do {
            await suppression.refresh(from: store)
            let batches = try await store.dispatchBatches(route: route.name)
            let current = Set(batches.map(\.id))
            for id in cursors.keys where !current.contains(id) {
                forget(batchID: id)
            }
            let time = Date()
            for batch in batches {
                if cursors[batch.id] == nil {
                    cursors[batch.id] = BatchCursor(batch: batch)
                }
                if let ttl = drops.drop(named: batch.drop)?.ttl,
                    batch.createdAt.addingTimeInterval(ttl.inSeconds) < time
                {
                    let expired = try await store.expireQueued(batchID: batch.id, at: time)
                    if expired > 0 {
                        logger.notice(
                            "Time to live ran out: messages expired",
                            metadata: ["remessa.batch": "\(batch.id)", "remessa.messages": "\(expired)"]
                        )
                    }
                    forget(batchID: batch.id, keepCursor: true)
                    continue
                }
                try await read(batchID: batch.id, at: time)
            }
        } catch {
            logger.error("Cannot read the queue", metadata: ["remessa.error": "\(error)"])
        }
        refills += 1
    }

    /// Reads the next page of a batch's queue into its lanes, if its buffers are low.
    ///
    /// Submissions finish while the query runs, so the cursor is read again after it and only changed, never
    /// replaced: their requeues and retry times stay.
    private func read(batchID: Int64, at time: Date) async throws {
        guard let before = cursors[batchID], before.buffered < Self.lowWater else { return }
        if before.passComplete {
            guard before.rescanAt <= time else { return }
            // A new pass from the start; without anything sooner, another one in 30 s as a safety net.
            cursors[batchID]?.passComplete = false
            cursors[batchID]?.afterID = 0
            cursors[batchID]?.rescanAt = time.addingTimeInterval(30)
        }
        let afterID = cursors[batchID]?.afterID ?? 0
        reading = true
        defer {
            reading = false
            finishedDuringRead = []
        }
        let page = try await store.queuedMessages(batchID: batchID, afterID: afterID, limit: Self.pageSize)
        guard var cursor = cursors[batchID] else { return }
        for message in page where !known.contains(message.id) && !finishedDuringRead.contains(message.id) {
            if let notBefore = message.notBefore, notBefore > time {
                cursor.rescanAt = min(cursor.rescanAt, notBefore)
                continue
            }
            let lane = Lane(batchID: batchID, priority: message.priority)
            lanes[lane, default: LaneBuffer()].append(message)
            known.insert(message.id)
            cursor.buffered += 1
            scheduler.activate(lane, drop: cursor.batch.drop, priority: message.priority)
        }
        if page.count < Self.pageSize {
            cursor.passComplete = true
        } else if let last = page.last {
            cursor.afterID = last.id
        }
        cursors[batchID] = cursor
    }

    /// Drops a batch's buffered messages (cancelled, finished or expired: the store has their status).
    private func forget(batchID: Int64, keepCursor: Bool = false) {
        for priority in Priority.allCases {
            let lane = Lane(batchID: batchID, priority: priority)
            if var buffer = lanes.removeValue(forKey: lane) {
                for message in buffer.drain() { known.remove(message.id) }
                scheduler.deactivate(lane)
            }
        }
        if keepCursor {
            cursors[batchID]?.buffered = 0
        } else {
            cursors[batchID] = nil
        }
    }
}
