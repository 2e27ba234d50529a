import RemessaCore
import Testing

@Suite struct EventThrottleTests {
    @Test("One event per key per interval; the next one reported says how many were left out")
    func onePerInterval() {
        var throttle = EventThrottle(interval: 10)
        #expect(throttle.record("gw", now: 0) == .emit(suppressed: 0))
        for step in 1...99 {
            #expect(throttle.record("gw", now: Double(step) * 0.1) == .suppress)
        }
        // Another key has its own interval.
        #expect(throttle.record("kannel", now: 5) == .emit(suppressed: 0))
        #expect(throttle.record("gw", now: 9.999) == .suppress)
        #expect(throttle.record("gw", now: 10) == .emit(suppressed: 100))
        #expect(throttle.record("gw", now: 15) == .suppress)
        #expect(throttle.record("gw", now: 60) == .emit(suppressed: 1))
        #expect(throttle.record("gw", now: 80) == .emit(suppressed: 0))
    }

    @Test("Keys are bounded: a new key is left out while every tracked one is inside its interval")
    func boundedKeys() {
        var throttle = EventThrottle(interval: 10, maxKeys: 2)
        #expect(throttle.record("a", now: 0) == .emit(suppressed: 0))
        #expect(throttle.record("b", now: 1) == .emit(suppressed: 0))
        #expect(throttle.record("c", now: 2) == .suppress)
        // Once "a" is past its interval with nothing left out, its place goes to a new key.
        #expect(throttle.record("c", now: 10.5) == .emit(suppressed: 0))
        #expect(throttle.record("b", now: 10.6) == .suppress)
        #expect(throttle.record("b", now: 11) == .emit(suppressed: 1))
    }
}
