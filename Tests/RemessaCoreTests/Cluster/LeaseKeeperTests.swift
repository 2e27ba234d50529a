import RemessaCore
import Testing

/// A monotonic instant the tests set by hand, in seconds from zero.
struct TestInstant: InstantProtocol {
    var offset: Duration

    static func at(_ seconds: Double) -> TestInstant {
        TestInstant(offset: .milliseconds(Int64((seconds * 1000).rounded())))
    }

    func advanced(by duration: Duration) -> TestInstant {
        TestInstant(offset: self.offset + duration)
    }

    func duration(to other: TestInstant) -> Duration {
        other.offset - self.offset
    }

    static func < (lhs: TestInstant, rhs: TestInstant) -> Bool {
        lhs.offset < rhs.offset
    }
}

@Suite("LeaseKeeper: one node's hold on a lease, with time set by the test")
struct LeaseKeeperTests {
    typealias Keeper = LeaseKeeper<TestInstant>
    typealias Action = LeaseAction<TestInstant>

    static func at(_ seconds: Double) -> TestInstant { .at(seconds) }

    /// ttl 15 s, renew every 5 s, stop 3 s early, retry after 1 s, acquire every 5 s.
    static let settings = LeaseSettings.standard

    /// A keeper that acquired token 7 with a request sent at 0 and answered at 0.05.
    static func holding() -> Keeper {
        var keeper = Keeper(lease: .drop("acme"), settings: Self.settings)
        _ = keeper.tick(at: Self.at(0))
        _ = keeper.acquired(token: 7, validFor: .seconds(15), at: Self.at(0.05))
        return keeper
    }

    @Test("The first tick asks for the lease; the grant starts the work and schedules the renew")
    func acquire() {
        var keeper = Keeper(lease: .route("gw"), settings: Self.settings)
        #expect(keeper.lease.description == "route:gw")
        #expect(keeper.tick(at: Self.at(0)) == [.tryAcquire])
        // No second acquire while one is out.
        #expect(keeper.tick(at: Self.at(0.01)) == [])
        #expect(keeper.workingToken == nil)
        #expect(
            keeper.acquired(token: 7, validFor: .seconds(15), at: Self.at(0.05)) == [
                .startWork(token: 7), .wakeAt(Self.at(5)),
            ]
        )
        #expect(keeper.workingToken == 7)
        // Counted from when the acquire was sent (0), not from its answer (0.05): 0 + 15 - 3.
        #expect(keeper.stopsAt == Self.at(12))
    }

    @Test("Renews go out every renewEvery, each success moves the stop to its own send instant + ttl - margin")
    func renewsOnSchedule() {
        var keeper = Self.holding()
        var now = 0.05
        var renews: [Double] = []
        while now < 100 {
            now += 0.05
            for action in keeper.tick(at: Self.at(now)) {
                if case .renew(let token) = action {
                    #expect(token == 7)
                    renews.append(now)
                    let sentAt = now
                    now += 0.2
                    let answer = keeper.renewed(token: 7, validFor: .seconds(15), at: Self.at(now))
                    #expect(!answer.contains { if case .stopWork = $0 { true } else { false } })
                    #expect(keeper.stopsAt == Self.at(sentAt + 12))
                }
                if case .stopWork = action { Issue.record("work stopped at \(now) while renews succeed") }
            }
        }
        #expect(keeper.workingToken == 7)
        #expect(renews.count >= 19, "\(renews)")
        #expect(abs(renews[0] - 5) < 0.06 && abs(renews[1] - 10) < 0.06, "\(renews)")
    }

    @Test("Renews that keep failing are retried, and work stops at send + ttl - margin, before the lease can expire")
    func failingRenewsStopWorkBeforeExpiry() throws {
        var keeper = Self.holding()
        var now = 0.05
        var renews = 0
        var stopped: (at: Double, reason: LeaseStopReason)?
        var afterStop: [Action] = []
        while now < 20, stopped == nil {
            now += 0.05
            for action in keeper.tick(at: Self.at(now)) {
                switch action {
                case .renew(let token):
                    renews += 1
                    now += 0.1
                    let answer = keeper.renewFailed(token: token, at: Self.at(now))
                    #expect(answer.allSatisfy { if case .wakeAt = $0 { true } else { false } }, "\(answer)")
                case .stopWork(let token, let reason):
                    #expect(token == 7)
                    stopped = (now, reason)
                default:
                    if stopped != nil { afterStop.append(action) }
                }
            }
        }
        let stop = try #require(stopped)
        #expect(stop.reason == .expiring)
        // The database's expiry is at least 0 + 15 s (its now() came after the acquire was sent).
        #expect(stop.at >= 12 && stop.at < 12.06, "stopped at \(stop.at)")
        #expect(renews >= 6, "the renew was retried after each failure (\(renews) renews)")
        #expect(afterStop == [.tryAcquire])
        #expect(keeper.workingToken == nil)
    }

    @Test("A renew that never answers: work stops at the deadline, and its late success brings nothing back")
    func hungRenewStopsWork() {
        var keeper = Self.holding()
        #expect(keeper.tick(at: Self.at(5)) == [.renew(token: 7), .wakeAt(Self.at(12))])
        #expect(keeper.tick(at: Self.at(11.99)) == [.wakeAt(Self.at(12))])
        #expect(keeper.tick(at: Self.at(12)) == [.stopWork(token: 7, reason: .expiring), .tryAcquire])
        #expect(keeper.renewed(token: 7, validFor: .seconds(15), at: Self.at(12.5)) == [])
        #expect(keeper.workingToken == nil)
    }

    @Test(
        "A pause (the next tick far in the future) stops the work at once; the renew answered after it does not count"
    )
    func pauseStopsWorkImmediately() {
        var keeper = Self.holding()
        #expect(keeper.tick(at: Self.at(60)) == [.stopWork(token: 7, reason: .expiring), .tryAcquire])
        #expect(keeper.workingToken == nil)

        // A renew out when the process froze, its success handled after the pause.
        var frozen = Self.holding()
        #expect(frozen.tick(at: Self.at(5)) == [.renew(token: 7), .wakeAt(Self.at(12))])
        let late = frozen.renewed(token: 7, validFor: .seconds(15), at: Self.at(40))
        #expect(late == [.stopWork(token: 7, reason: .expiring), .tryAcquire])
        #expect(!late.contains(.startWork(token: 7)))
        #expect(frozen.workingToken == nil)
    }

    @Test("A stale token stops the work and the keeper asks again; a later grant starts work under the new token")
    func lostAndReacquired() {
        var keeper = Self.holding()
        #expect(keeper.tick(at: Self.at(5)) == [.renew(token: 7), .wakeAt(Self.at(12))])
        #expect(keeper.lost(token: 7, at: Self.at(5.1)) == [.stopWork(token: 7, reason: .lost), .tryAcquire])
        #expect(keeper.workingToken == nil)
        // Another node holds it: ask again after acquireEvery.
        #expect(keeper.heldElsewhere(at: Self.at(5.2)) == [.wakeAt(Self.at(10.2))])
        #expect(keeper.tick(at: Self.at(8)) == [.wakeAt(Self.at(10.2))])
        #expect(keeper.tick(at: Self.at(10.2)) == [.tryAcquire])
        #expect(
            keeper.acquired(token: 9, validFor: .seconds(15), at: Self.at(10.3)) == [
                .startWork(token: 9), .wakeAt(Self.at(15.2)),
            ]
        )
        #expect(keeper.workingToken == 9)
        #expect(keeper.stopsAt == Self.at(22.2))
        // Answers about the old token change nothing.
        #expect(keeper.lost(token: 7, at: Self.at(10.4)) == [.wakeAt(Self.at(15.2))])
        #expect(keeper.workingToken == 9)
    }

    @Test("An acquire that fails is retried after retryAfter; a grant answered too late is released, not worked under")
    func failedAndLateAcquires() {
        var keeper = Keeper(lease: .drop("acme"), settings: Self.settings)
        #expect(keeper.tick(at: Self.at(0)) == [.tryAcquire])
        #expect(keeper.acquireFailed(at: Self.at(0.5)) == [.wakeAt(Self.at(1.5))])
        #expect(keeper.tick(at: Self.at(1.5)) == [.tryAcquire])
        // Sent at 1.5, answered at 20 (paused): 1.5 + 15 - 3 = 13.5 has passed.
        #expect(
            keeper.acquired(token: 3, validFor: .seconds(15), at: Self.at(20)) == [.release(token: 3), .tryAcquire]
        )
        #expect(keeper.workingToken == nil)
    }

    @Test("The database's remaining time counts when it is shorter than the ttl")
    func shorterGrantCounts() {
        var keeper = Keeper(lease: .drop("acme"), settings: Self.settings)
        _ = keeper.tick(at: Self.at(0))
        _ = keeper.acquired(token: 4, validFor: .seconds(8), at: Self.at(0.1))
        #expect(keeper.stopsAt == Self.at(5))
    }

    @Test("Shutdown stops the work and releases the lease; a grant that answers afterwards is released too")
    func shutdownReleases() {
        var keeper = Self.holding()
        #expect(keeper.shutdown(at: Self.at(3)) == [.stopWork(token: 7, reason: .shutdown), .release(token: 7)])
        #expect(keeper.tick(at: Self.at(4)) == [])
        #expect(keeper.workingToken == nil)

        var acquiring = Keeper(lease: .drop("acme"), settings: Self.settings)
        _ = acquiring.tick(at: Self.at(0))
        #expect(acquiring.shutdown(at: Self.at(0.1)) == [])
        #expect(acquiring.acquired(token: 5, validFor: .seconds(15), at: Self.at(0.2)) == [.release(token: 5)])
    }

    @Test("Settings where a renew cannot fit twice before the stop are refused")
    func settingsAreChecked() throws {
        let ok = try LeaseSettings(
            ttl: .seconds(2),
            renewEvery: .milliseconds(500),
            margin: .milliseconds(500),
            retryAfter: .milliseconds(200),
            acquireEvery: .milliseconds(500)
        )
        #expect(ok.ttl == .seconds(2))
        #expect(throws: LeaseSettingsError.self) {
            try LeaseSettings(
                ttl: .seconds(15),
                renewEvery: .seconds(7),
                margin: .seconds(3),
                retryAfter: .seconds(1),
                acquireEvery: .seconds(5)
            )
        }
        #expect(throws: LeaseSettingsError.self) {
            try LeaseSettings(
                ttl: .seconds(3),
                renewEvery: .seconds(1),
                margin: .seconds(3),
                retryAfter: .seconds(1),
                acquireEvery: .seconds(5)
            )
        }
    }
}
