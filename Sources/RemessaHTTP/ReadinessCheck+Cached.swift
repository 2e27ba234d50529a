import Synchronization

extension ReadinessCheck {
    /// The same check, run at most once every `interval`: calls in between get its last status, and calls while it
    /// runs wait for that run (cut off at the readiness timeout as usual). For a check that costs something, such
    /// as the store's write probe, since anyone who reaches the listener can call `/readyz` in a loop.
    /// `now` is the clock the interval is measured on (tests hand in their own).
    package func cached(
        for interval: Duration,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) -> ReadinessCheck {
        let cache = CachedReadiness(check: self.check, interval: interval, now: now)
        return ReadinessCheck(self.name) { await cache.status() }
    }
}

/// One check's last status and the callers waiting for the run in progress.
final class CachedReadiness: Sendable {
    private struct State {
        var last: (at: ContinuousClock.Instant, status: ReadinessCheck.Status)?
        var running = false
        var waiters: [Int: CheckedContinuation<ReadinessCheck.Status, Never>] = [:]
        var nextWaiter = 0
    }

    private enum Turn {
        case cached(ReadinessCheck.Status)
        case run
        case wait(Int)
    }

    private let check: @Sendable () async -> ReadinessCheck.Status
    private let interval: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex(State())

    init(
        check: @escaping @Sendable () async -> ReadinessCheck.Status,
        interval: Duration,
        now: @escaping @Sendable () -> ContinuousClock.Instant
    ) {
        self.check = check
        self.interval = interval
        self.now = now
    }

    func status() async -> ReadinessCheck.Status {
        let turn = self.state.withLock { state -> Turn in
            if let last = state.last, now() - last.at < interval {
                return .cached(last.status)
            }
            guard !state.running else {
                state.nextWaiter += 1
                return .wait(state.nextWaiter)
            }
            state.running = true
            return .run
        }
        switch turn {
        case .cached(let status):
            return status
        case .run:
            // The caller that found no fresh status runs the check itself: no task outlives the call.
            let status = await check()
            let waiters = self.state.withLock { state in
                state.last = (now(), status)
                state.running = false
                let waiters = Array(state.waiters.values)
                state.waiters = [:]
                return waiters
            }
            for waiter in waiters { waiter.resume(returning: status) }
            return status
        case .wait(let id):
            return await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    self.state.withLock { state in
                        if Task.isCancelled || !state.running {
                            continuation.resume(returning: state.last?.status ?? .failing("cancelled"))
                        } else {
                            state.waiters[id] = continuation
                        }
                    }
                }
            } onCancel: {
                self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: .failing("cancelled"))
            }
        }
    }
}
