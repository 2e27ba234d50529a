import Synchronization

/// Delivery reports waiting for their time, and the one loop that hands them to the sink in due order.
///
/// A gateway reports thousands of messages a second, so there is no task or timer per report: reports are
/// appended to one queue (each route has one fixed delay, so appending keeps the queue in due order) and a single
/// loop (``run()``, in the caller's task) sleeps until the head is due, then hands over every report that is due
/// as one array. The loop ends at ``stop()`` or when its task is cancelled; reports still pending at ``stop()``
/// are dropped, as a gateway that went away would drop them (the dispatcher's `dlrTimeout` covers them).
final class DeliveryReportSchedule<C: Clock<Duration>>: Sendable {
    private struct Pending: Sendable {
        let due: C.Instant
        let report: DeliveryReport
    }

    private struct State: Sendable {
        var pending: [Pending] = []
        /// Reports before `head` were handed over; they are dropped from the array in chunks.
        var head = 0
        var waiter: CheckedContinuation<Void, Never>?
        var stopped = false

        var hasPending: Bool { self.head < self.pending.count }
    }

    private enum Step {
        case deliver([DeliveryReport])
        case sleep(until: C.Instant)
        case wait
        case stop
    }

    /// The most reports one call of the sink receives.
    static var maximumHandOver: Int { 5_000 }

    private let clock: C
    private let delay: Duration
    private let sink: DeliveryReportSink
    private let state = Mutex(State())

    init(clock: C, delay: Duration, sink: @escaping DeliveryReportSink) {
        self.clock = clock
        self.delay = delay
        self.sink = sink
    }

    /// Queues `reports` for `delay` from now. Does nothing after ``stop()``.
    func schedule(_ reports: [DeliveryReport]) {
        guard !reports.isEmpty else { return }
        let waiter = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.stopped else { return nil }
            // Reading the clock under the lock keeps concurrent submitters' reports in due order.
            let due = self.clock.now.advanced(by: self.delay)
            state.pending.append(contentsOf: reports.lazy.map { Pending(due: due, report: $0) })
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Reports queued and not yet handed over.
    var pendingCount: Int {
        self.state.withLock { $0.pending.count - $0.head }
    }

    /// Ends the loop after the hand-over in progress, and drops what is still pending.
    func stop() {
        let waiter = self.state.withLock { state in
            state.stopped = true
            state.pending = []
            state.head = 0
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Hands reports to the sink as they fall due, until ``stop()`` or cancellation.
    func run() async {
        while true {
            switch self.nextStep() {
            case .stop:
                return
            case .deliver(let reports):
                await self.sink(reports)
            case .sleep(let instant):
                do {
                    try await self.clock.sleep(until: instant, tolerance: nil)
                } catch {
                    return
                }
            case .wait:
                await self.waitForReports()
            }
        }
    }

    private func nextStep() -> Step {
        self.state.withLock { state in
            guard !state.stopped, !Task.isCancelled else { return .stop }
            guard state.hasPending else { return .wait }
            let now = self.clock.now
            let start = state.head
            var end = start
            let limit = min(state.pending.count, start + Self.maximumHandOver)
            while end < limit, state.pending[end].due <= now {
                end += 1
            }
            guard end > start else { return .sleep(until: state.pending[start].due) }
            let reports = state.pending[start..<end].map(\.report)
            state.head = end
            if state.head == state.pending.count {
                state.pending.removeAll(keepingCapacity: true)
                state.head = 0
            } else if state.head >= 4_096, state.head * 2 >= state.pending.count {
                state.pending.removeFirst(state.head)
                state.head = 0
            }
            return .deliver(reports)
        }
    }

    /// Suspends until a report is queued or the schedule stops.
    private func waitForReports() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = self.state.withLock { state in
                    // A report queued (or a stop) between `nextStep()` and here must not be slept through.
                    guard !state.stopped, !Task.isCancelled, !state.hasPending else { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow {
                    continuation.resume()
                }
            }
        } onCancel: {
            let waiter = self.state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
