import Foundation

/// The gateway's answers, the commits of their outcomes, and stopping.
extension DispatchMachine {
    /// The gateway answered a submission, one outcome per message in order (a missing one counts as a
    /// temporary failure).
    public mutating func submitted(_ id: Int, outcomes: [SubmitOutcome], at time: ClockReading) -> [DispatchAction] {
        guard let submission = submissions.removeValue(forKey: id) else { return advance(at: time) }
        let t = seconds(time)
        var actions: [DispatchAction] = []
        var records: [DispatchRecord] = []
        var requeued: [QueuedMessage] = []
        var accepted = false
        for (index, message) in submission.messages.enumerated() {
            let outcome =
                index < outcomes.count
                ? outcomes[index] : .temporary(reason: "the gateway gave no answer", pushBack: false, retryAfter: nil)
            switch outcome {
            case .accepted(let providerID):
                accepted = true
                records.append(.submitted(messageID: message.id, providerID: providerID))
            case .rejected(let status, let reasonCode, let detail):
                noteCircuit(breaker.recordSuccess(now: t), at: t, into: &actions)
                actions.append(.notice(.failed(status)))
                records.append(.finished(messageID: message.id, status: status, reasonCode: reasonCode, error: detail))
            case .temporary(let reason, let pushBack, let retryAfter):
                if pushBack {
                    // The gateway is there, only busy: that closes a half-open circuit too.
                    noteCircuit(breaker.recordSuccess(now: t), at: t, into: &actions)
                    slowDown(at: t, retryAfter: retryAfter, into: &actions)
                    requeued.append(message)
                } else {
                    noteCircuit(breaker.recordFailure(now: t), at: t, into: &actions)
                    records.append(
                        retryOrGiveUp(message, reason: reason, retryAfter: retryAfter, at: time, into: &actions)
                    )
                }
            }
        }
        if accepted {
            noteCircuit(breaker.recordSuccess(now: t), at: t, into: &actions)
            adaptive.succeeded(now: t)
            if bucket.rate != adaptive.current {
                bucket.setRate(adaptive.current, now: t)
            }
        }
        requeue(requeued, drop: submission.drop)
        if records.isEmpty {
            window.release(submission.messages.count)
        } else if uncommitted.isFailing {
            // Nothing reaches the store while it fails: these wait with the others.
            _ = uncommitted.hold(records, at: t)
            window.release(submission.messages.count)
        } else {
            outbox += records
            outboxSlots += submission.messages.count
        }
        return actions + advance(at: time)
    }

    /// Puts pushed-back messages first in their lanes again, in their order.
    private mutating func requeue(_ messages: [QueuedMessage], drop: String) {
        for message in messages.reversed() {
            guard let cursor = cursors[message.batchID], !cursor.expired else {
                // Its batch was cancelled, finished or expired meanwhile: the store has (or gets) its status.
                known.remove(message.id)
                continue
            }
            let lane = Lane(batchID: message.batchID, priority: message.priority)
            lanes[lane, default: LaneBuffer()].pushFront(message)
            cursors[message.batchID]?.buffered += 1
            scheduler.activate(lane, drop: drop, priority: message.priority)
        }
    }

    /// A temporary failure: try again after the policy's backoff (or the gateway's `Retry-After`), or end
    /// `CARRIER_ERROR` once the attempts are used up.
    private mutating func retryOrGiveUp(
        _ message: QueuedMessage,
        reason: String,
        retryAfter: Duration?,
        at time: ClockReading,
        into actions: inout [DispatchAction]
    ) -> DispatchRecord {
        let attempts = message.attempts + 1
        guard let backoff = settings.retry.delay(afterAttempt: attempts, unitRandom: random.unitDouble()) else {
            actions.append(.notice(.failed(.carrierError)))
            return .finished(
                messageID: message.id,
                status: .carrierError,
                reasonCode: "RETRIES_EXHAUSTED",
                error: reason
            )
        }
        actions.append(.notice(.retried))
        let retryAt = time.date.addingTimeInterval(max(backoff, retryAfter?.inSeconds ?? 0))
        rescan(batchID: message.batchID, by: retryAt, at: time)
        return .retry(messageID: message.id, retryAt: retryAt, error: reason)
    }

    private func noteCircuit(_ change: CircuitBreaker.State?, at t: Double, into actions: inout [DispatchAction]) {
        switch change {
        case .open(let until)?:
            actions.append(.notice(.circuitOpened(pause: .seconds(until - t))))
        case .closed?:
            actions.append(.notice(.circuitClosed))
        case .halfOpen?, nil:
            break
        }
    }

    /// The gateway said "too fast": halve the rate (at most once a second) and honour its `Retry-After`.
    private mutating func slowDown(at t: Double, retryAfter: Duration?, into actions: inout [DispatchAction]) {
        let before = adaptive.current
        adaptive.pushBack(now: t)
        if adaptive.current != before {
            bucket.setRate(adaptive.current, now: t)
            actions.append(.notice(.slowedDown(rate: adaptive.current)))
        }
        if let retryAfter {
            pausedUntil = max(pausedUntil, t + retryAfter.inSeconds)
        }
    }

    // MARK: Commits

    /// The commit went through: its messages are done with and their window slots free.
    public mutating func committed(_ id: Int, at time: ClockReading) -> [DispatchAction] {
        guard let commit = committing, commit.id == id else { return advance(at: time) }
        committing = nil
        var actions: [DispatchAction] = []
        for record in commit.records { release(record.messageID) }
        window.release(commit.slots)
        if commit.isRetry, let failedFor = uncommitted.committed(at: seconds(time)) {
            actions.append(.notice(.commitsRecovered(recorded: commit.records.count, failedFor: .seconds(failedFor))))
        }
        return actions + advance(at: time)
    }

    /// The commit failed: its outcomes are held and retried with backoff, and nothing new goes out meanwhile.
    public mutating func commitFailed(_ id: Int, at time: ClockReading) -> [DispatchAction] {
        guard let commit = committing, commit.id == id else { return advance(at: time) }
        committing = nil
        let t = seconds(time)
        var actions: [DispatchAction] = [.notice(.commitFailed)]
        window.release(commit.slots)
        var spellStarts = false
        if commit.isRetry {
            uncommitted.failed(commit.records, at: t)
        } else {
            spellStarts = uncommitted.hold(commit.records, at: t)
        }
        if !outbox.isEmpty {
            _ = uncommitted.hold(outbox, at: t)
            window.release(outboxSlots)
            outbox = []
            outboxSlots = 0
        }
        if spellStarts {
            actions.append(.notice(.commitsFailing(held: uncommitted.count)))
        }
        return actions + advance(at: time)
    }

    /// Starts the next commit when none is running: the held outcomes when their retry is due, else the outbox.
    mutating func startCommit(at t: Double, into actions: inout [DispatchAction]) {
        guard committing == nil else { return }
        if let held = uncommitted.takeDue(at: t) {
            let commit = Commit(id: takeID(), records: held, slots: 0, isRetry: true)
            committing = commit
            actions.append(.commit(DispatchCommit(id: commit.id, records: held)))
        } else if !outbox.isEmpty, !uncommitted.isFailing {
            let commit = Commit(id: takeID(), records: outbox, slots: outboxSlots, isRetry: false)
            outbox = []
            outboxSlots = 0
            committing = commit
            actions.append(.commit(DispatchCommit(id: commit.id, records: commit.records)))
        }
    }

    // MARK: Stopping

    /// Ends a stop once nothing is in flight and the held outcomes are committed, or its bounds ran out.
    mutating func finishStopping(at t: Double, into actions: inout [DispatchAction]) {
        guard var stopping, !isStopped else { return }
        if !submissions.isEmpty {
            guard t >= stopping.since + settings.stopGrace.inSeconds else { return }
            let unrecorded = outbox.count + (committing?.records.count ?? 0) + uncommitted.count
            isStopped = true
            actions.append(
                .stopped(unrecorded: unrecorded, abandoned: submissions.values.reduce(0) { $0 + $1.messages.count })
            )
            return
        }
        if committing != nil || !outbox.isEmpty {
            return
        }
        if uncommitted.count > 0 {
            let drainedAt = stopping.drainedAt ?? t
            stopping.drainedAt = drainedAt
            self.stopping = stopping
            guard t >= drainedAt + settings.stopRetryLimit.inSeconds else { return }
        }
        isStopped = true
        actions.append(.stopped(unrecorded: uncommitted.count, abandoned: 0))
    }
}
