import Foundation

/// Hands a transfer's stripes out to its sessions in file order, and tells the local side who has which.
///
/// Each session (a worker, numbered from 0) claims the next stripe when it is ready for one, so a session that
/// could not connect simply claims none and the others take its share. The local side, which writes or reads
/// the file in order, asks ``owner(of:)`` for each stripe in turn and waits for it to be claimed.
final class StripeSchedule {
    private let condition = NSCondition()
    private let stripeCount: Int
    /// The worker of each claimed stripe, by stripe.
    private var owners: [Int] = []
    /// Workers that may still claim stripes.
    private var activeWorkers: Int
    /// Workers that left without claiming anything because they could not start.
    private var unavailable = 0
    private var cancelled = false

    init(stripeCount: Int, workers: Int) {
        self.stripeCount = stripeCount
        self.activeWorkers = workers
    }

    /// The next stripe for `worker`; `nil` when every stripe is handed out or the transfer was cancelled.
    func claim(by worker: Int) -> Int? {
        self.condition.lock()
        defer { self.condition.unlock() }
        guard !self.cancelled, self.owners.count < self.stripeCount else { return nil }
        self.owners.append(worker)
        self.condition.broadcast()
        return self.owners.count - 1
    }

    /// Says a worker will claim nothing more; `unavailable` if it never started (its session did not connect).
    func leave(unavailable: Bool = false) {
        self.condition.lock()
        self.activeWorkers -= 1
        if unavailable {
            self.unavailable += 1
        }
        self.condition.broadcast()
        self.condition.unlock()
    }

    /// The worker that has `stripe`, waiting until it is claimed; `nil` if the transfer was cancelled or no worker
    /// is left to claim it.
    func owner(of stripe: Int) -> Int? {
        self.condition.lock()
        defer { self.condition.unlock() }
        while stripe >= self.owners.count && self.activeWorkers > 0 && !self.cancelled {
            self.condition.wait()
        }
        guard !self.cancelled, stripe < self.owners.count else { return nil }
        return self.owners[stripe]
    }

    /// How many workers could not start.
    var unavailableWorkers: Int {
        self.condition.lock()
        defer { self.condition.unlock() }
        return self.unavailable
    }

    /// Stops handing out stripes and wakes everyone waiting.
    func cancel() {
        self.condition.lock()
        self.cancelled = true
        self.condition.broadcast()
        self.condition.unlock()
    }
}

// @unchecked because all state is only touched with `condition` locked.
extension StripeSchedule: @unchecked Sendable {}
