import Synchronization

/// A clock that moves only when the test says so; its sleeps poll until the clock has passed their deadline.
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: self.offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - self.offset }
        static func < (left: Instant, right: Instant) -> Bool { left.offset < right.offset }
    }

    private let current = Mutex(Instant(offset: .zero))

    var now: Instant { self.current.withLock { $0 } }
    var minimumResolution: Duration { .nanoseconds(1) }

    func advance(by duration: Duration) {
        self.current.withLock { $0.offset += duration }
    }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        while self.now < deadline {
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
