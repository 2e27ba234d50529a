import Foundation

/// Reading the queue: listings of the route's batches, pages of each batch, and handing messages out.
extension DispatchMachine {
    /// The route's batches, listed after ``DispatchAction/listQueue``: batches gone (cancelled, finished) are
    /// forgotten, those past their time to live expired, and those running low read.
    public mutating func queueListed(_ batches: [DispatchBatch], at time: ClockReading) -> [DispatchAction] {
        guard reading == .listing else { return advance(at: time) }
        reading = .none
        var actions: [DispatchAction] = []
        let current = Set(batches.map(\.id))
        for id in cursors.keys where !current.contains(id) {
            forget(batchID: id)
        }
        for batch in batches {
            if cursors[batch.id] == nil {
                let cursor = BatchCursor(batch: batch, at: time.date)
                cursors[batch.id] = cursor
                // Scheduled ahead: its first pass comes due at its `sendAt`.
                nextRescan = min(nextRescan, seconds(cursor.rescanAt, at: time))
            }
            // Read again at every listing: the drop's time to live may have been reloaded.
            let deadline = batch.deadline(timeToLive: gate.timeToLive(drop: batch.drop))
            cursors[batch.id]?.deadline = deadline
            if let deadline, deadline.date <= time.date {
                // Again at every listing: a message in flight at the deadline may have come back for a retry.
                expire(batchID: batch.id, reason: deadline.reason, into: &actions)
                continue
            }
            if wantsPage(batch.id, at: time.date), !pagesWanted.contains(batch.id) {
                pagesWanted.append(batch.id)
            }
        }
        updateNextDeadline(at: time)
        scheduleListing(after: time)
        return actions + advance(at: time)
    }

    /// Expires every batch whose deadline passed since the last look: the machine wakes for it, so a
    /// `sendUntil` or a time to live ends the batch on time, not at the next listing.
    mutating func expireDue(at time: ClockReading, into actions: inout [DispatchAction]) {
        guard nextDeadline <= seconds(time) else { return }
        for (batchID, cursor) in cursors where !cursor.expired {
            if let deadline = cursor.deadline, deadline.date <= time.date {
                expire(batchID: batchID, reason: deadline.reason, into: &actions)
            }
        }
        updateNextDeadline(at: time)
    }

    /// Ends what of a batch has not gone out, sparing what is in flight or submitted and not yet committed, and
    /// drops its buffered messages.
    private mutating func expire(batchID: Int64, reason: BatchExpiry, into actions: inout [DispatchAction]) {
        var sparing = submissions.values.filter { $0.batchID == batchID }.flatMap { $0.messages.map(\.id) }
        for record in outbox + (committing?.records ?? []) {
            if case .submitted(let id, _) = record { sparing.append(id) }
        }
        actions.append(.expire(batchID: batchID, reason: reason, sparing: sparing.sorted()))
        cursors[batchID]?.expired = true
        forget(batchID: batchID, keepCursor: true)
    }

    /// The earliest deadline of a batch not yet expired, on the machine's clock.
    mutating func updateNextDeadline(at time: ClockReading) {
        nextDeadline = .infinity
        for cursor in cursors.values where !cursor.expired {
            if let deadline = cursor.deadline {
                nextDeadline = min(nextDeadline, seconds(deadline.date, at: time))
            }
        }
    }

    /// The listing failed: tried again at the next one.
    public mutating func listingFailed(at time: ClockReading) -> [DispatchAction] {
        if reading == .listing {
            reading = .none
            scheduleListing(after: time)
        }
        return advance(at: time)
    }

    /// A page of a batch's queue, read after ``DispatchAction/readPage(batchID:afterID:limit:)``.
    ///
    /// Submissions answered while the read ran, so the cursor is only changed, never replaced: their requeues
    /// and retry times stay.
    public mutating func pageRead(batchID: Int64, _ page: [QueuedMessage], at time: ClockReading) -> [DispatchAction] {
        guard reading == .page(batchID: batchID) else { return advance(at: time) }
        reading = .none
        defer { finishedDuringRead = [] }
        guard var cursor = cursors[batchID], !cursor.expired else { return advance(at: time) }
        for message in page where !known.contains(message.id) && !finishedDuringRead.contains(message.id) {
            if let notBefore = message.notBefore, notBefore > time.date {
                cursor.rescanAt = min(cursor.rescanAt, notBefore)
                continue
            }
            let lane = Lane(batchID: batchID, priority: message.priority)
            lanes[lane, default: LaneBuffer()].append(message)
            known.insert(message.id)
            cursor.buffered += 1
            scheduler.activate(lane, drop: cursor.batch.drop, priority: message.priority)
        }
        if page.count < settings.pageSize {
            cursor.passComplete = true
            // Without a retry or a window sooner, the batch is read again in 30 s as a safety net.
            cursor.rescanAt = min(cursor.rescanAt, time.date.addingTimeInterval(30))
            nextRescan = min(nextRescan, seconds(cursor.rescanAt, at: time))
        } else if let last = page.last {
            cursor.afterID = last.id
        }
        cursors[batchID] = cursor
        return advance(at: time)
    }

    /// The page could not be read: the batch is read again at the next listing.
    public mutating func pageFailed(batchID: Int64, at time: ClockReading) -> [DispatchAction] {
        if reading == .page(batchID: batchID) {
            reading = .none
            finishedDuringRead = []
        }
        return advance(at: time)
    }

    /// Whether a batch's next page should be read: its buffer is low and its pass unfinished, or a finished
    /// pass has a retry or a window due.
    func wantsPage(_ batchID: Int64, at date: Date) -> Bool {
        guard let cursor = cursors[batchID], !cursor.expired, cursor.buffered < settings.lowWater else { return false }
        return !cursor.passComplete || cursor.rescanAt <= date
    }

    /// Starts the listing when due, else the next wanted page.
    mutating func startRead(at time: ClockReading, into actions: inout [DispatchAction]) {
        guard reading == .none else { return }
        if nextListing <= seconds(time) {
            reading = .listing
            actions.append(.listQueue)
            return
        }
        if nextRescan <= seconds(time) {
            queueDueRescans(at: time)
        }
        while !pagesWanted.isEmpty {
            let batchID = pagesWanted.removeFirst()
            guard wantsPage(batchID, at: time.date), let cursor = cursors[batchID] else { continue }
            if cursor.passComplete {
                cursors[batchID]?.passComplete = false
                cursors[batchID]?.afterID = 0
                cursors[batchID]?.rescanAt = .distantFuture
            }
            reading = .page(batchID: batchID)
            let afterID = cursors[batchID]?.afterID ?? 0
            actions.append(.readPage(batchID: batchID, afterID: afterID, limit: settings.pageSize))
            return
        }
    }

    /// Sets the next listing: soon while there is work, rarely while there is none.
    mutating func scheduleListing(after time: ClockReading) {
        if listAgain {
            nextListing = seconds(time)
            listAgain = false
            return
        }
        let active = !submissions.isEmpty || cursors.values.contains { !$0.passComplete || $0.buffered > 0 }
        nextListing = seconds(time) + (active ? settings.activeListing : settings.idleListing).inSeconds
    }

    /// Wants a page of every finished pass whose retry or window came due, and finds the next such time.
    mutating func queueDueRescans(at time: ClockReading) {
        nextRescan = .infinity
        for (batchID, cursor) in cursors where cursor.passComplete {
            if cursor.rescanAt <= time.date {
                if cursor.buffered < settings.lowWater, !pagesWanted.contains(batchID) {
                    pagesWanted.append(batchID)
                }
            } else {
                nextRescan = min(nextRescan, seconds(cursor.rescanAt, at: time))
            }
        }
    }

    /// `date` as seconds on the machine's clock, given that `time` is now on both clocks.
    func seconds(_ date: Date, at time: ClockReading) -> Double {
        guard date != .distantFuture else { return .infinity }
        return seconds(time) + max(0, date.timeIntervalSince(time.date))
    }

    /// Makes the next pass over a batch start no later than `date` (a retry's or a window's time).
    mutating func rescan(batchID: Int64, by date: Date, at time: ClockReading) {
        guard let cursor = cursors[batchID], date < cursor.rescanAt else { return }
        cursors[batchID]?.rescanAt = date
        if cursor.passComplete {
            nextRescan = min(nextRescan, seconds(date, at: time))
        }
    }

    /// Drops a batch's buffered messages (cancelled, finished or expired: the store has their status).
    mutating func forget(batchID: Int64, keepCursor: Bool = false) {
        for priority in Priority.allCases {
            let lane = Lane(batchID: batchID, priority: priority)
            if var buffer = lanes.removeValue(forKey: lane) {
                for message in buffer.drain() { known.remove(message.id) }
                scheduler.deactivate(lane)
            }
        }
        pagesWanted.removeAll { $0 == batchID }
        if keepCursor {
            cursors[batchID]?.buffered = 0
        } else {
            cursors[batchID] = nil
        }
    }

    /// A message is done with (committed, or handed back to the store): a page read meanwhile must not take it up.
    mutating func release(_ id: Int64) {
        known.remove(id)
        if case .page = reading { finishedDuringRead.insert(id) }
    }

    // MARK: Handing out

    /// Hands out as many messages as the pause, the circuit, the window and the bucket allow, one lane at a
    /// time in the scheduler's order; what the gate decides instead of sending goes to the next commit.
    mutating func handOut(at time: ClockReading, into actions: inout [DispatchAction]) {
        let t = seconds(time)
        guard t >= pausedUntil else { return }
        while window.inFlight < window.limit, bucket.available(now: t) >= 1, let lane = scheduler.next() {
            // While the circuit is not closed, one probe message at a time tells whether the gateway is back.
            let probing = breaker.state != .closed
            if probing, !breaker.allowsAttempt(now: t) {
                return
            }
            guard let cursor = cursors[lane.batchID] else {
                scheduler.deactivate(lane)
                continue
            }
            let drop = cursor.batch.drop
            var chosen: [QueuedMessage] = []
            while chosen.count < (probing ? 1 : settings.batchSize), window.inFlight < window.limit,
                bucket.available(now: t) >= 1, let message = pop(lane)
            {
                if let record = decideInstead(message, drop: drop, at: time, into: &actions) {
                    // Its id stays known until the record is committed: a page read meanwhile still shows it.
                    outbox.append(record)
                    continue
                }
                _ = bucket.tryTake(now: t)
                _ = window.tryAcquire()
                chosen.append(message)
            }
            if lanes[lane]?.isEmpty ?? true {
                scheduler.deactivate(lane)
            }
            if wantsPage(lane.batchID, at: time.date), !pagesWanted.contains(lane.batchID) {
                pagesWanted.append(lane.batchID)
            }
            if !chosen.isEmpty {
                let submission = DispatchSubmission(
                    id: takeID(),
                    batchID: lane.batchID,
                    drop: drop,
                    messages: chosen,
                    isProbe: probing,
                    sender: cursor.batch.sender,
                    expiresAt: cursor.deadline?.date
                )
                submissions[submission.id] = submission
                actions.append(.submit(submission))
            }
            if probing {
                if chosen.isEmpty { breaker.abandonProbe() }
                return
            }
        }
    }

    private mutating func pop(_ lane: Lane) -> QueuedMessage? {
        guard let message = lanes[lane]?.popFirst() else { return nil }
        cursors[lane.batchID]?.buffered -= 1
        return message
    }

    /// What happens to a message instead of sending it: opted out since ingestion, or outside its window.
    private mutating func decideInstead(
        _ message: QueuedMessage,
        drop: String,
        at time: ClockReading,
        into actions: inout [DispatchAction]
    ) -> DispatchRecord? {
        switch gate.verdict(for: message, drop: drop, at: time.date) {
        case .send:
            return nil
        case .optedOut:
            actions.append(.notice(.failed(.optedOut)))
            return .finished(messageID: message.id, status: .optedOut, reasonCode: "OPTED_OUT", error: nil)
        case .wait(let opening):
            // An opening not after now would have the message read, scheduled and read again at once.
            let opening = max(opening, time.date.addingTimeInterval(1))
            rescan(batchID: message.batchID, by: opening, at: time)
            return .scheduled(messageID: message.id, until: opening)
        case .noWindow:
            return .finished(messageID: message.id, status: .expired, reasonCode: "NO_SEND_WINDOW", error: nil)
        }
    }

    mutating func takeID() -> Int {
        nextID += 1
        return nextID
    }
}
