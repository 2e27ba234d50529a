/// What the threads of one striped transfer share: the plan, who has which stripe, each session's lane of
/// blocks, and how they all stop together.
///
/// Worker 0 is the client's own session, running on its thread; workers 1… are extra sessions on helper threads
/// (see ``SFTPClient/startExtraSessions(for:path:flags:direction:_:)``); one more helper thread reads or writes
/// the local file in order.
final class StripedTransfer: Sendable {
    let plan: StripePlan
    let schedule: StripeSchedule
    /// One lane per session.
    let lanes: [BlockPipe]

    init(plan: StripePlan, sessions: Int, blockSize: Int, laneDepth: Int) {
        self.plan = plan
        self.schedule = StripeSchedule(stripeCount: plan.count, workers: sessions)
        self.lanes = (0..<sessions).map { _ in BlockPipe(blockSize: blockSize, blockCount: laneDepth) }
    }

    /// Stops every part: no more stripes are handed out and every lane wakes up empty.
    func cancel() {
        self.schedule.cancel()
        for lane in self.lanes { lane.cancel() }
    }

    /// Runs worker 0's share, then joins `threads`; throws the failure that stopped the transfer, if any.
    ///
    /// A part that only stopped because another failed throws ``TransferInterrupted``; the other failure is the
    /// one reported.
    func run(_ mainShare: () throws -> Void, joining threads: [HelperThread]) throws {
        var failures: [any Error] = []
        do {
            try mainShare()
            self.schedule.leave()
        } catch {
            failures.append(error)
            self.cancel()
        }
        for thread in threads {
            do {
                try thread.join()
            } catch {
                failures.append(error)
            }
        }
        if let failure = failures.first(where: { !($0 is TransferInterrupted) }) ?? failures.first {
            throw failure
        }
    }
}

/// Thrown by a part of a striped transfer that stopped because another part failed.
struct TransferInterrupted: Error {}
