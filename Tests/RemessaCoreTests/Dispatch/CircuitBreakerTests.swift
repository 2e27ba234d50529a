import RemessaCore
import Testing

@Suite struct CircuitBreakerTests {
    @Test("Consecutive failures open it; a success in between resets the count")
    func opensAtThreshold() {
        var breaker = CircuitBreaker(failureThreshold: 3, openFor: 30)
        #expect(breaker.state == .closed)
        #expect(breaker.recordFailure(now: 1) == nil)
        #expect(breaker.recordFailure(now: 2) == nil)
        #expect(breaker.recordSuccess(now: 3) == nil)
        #expect(breaker.consecutiveFailures == 0)
        #expect(breaker.recordFailure(now: 4) == nil)
        #expect(breaker.recordFailure(now: 5) == nil)
        #expect(breaker.allowsAttempt(now: 5) == true)
        #expect(breaker.recordFailure(now: 6) == .open(until: 36))
        #expect(breaker.state == .open(until: 36))
        #expect(breaker.transitions == 1)
        #expect(breaker.allowsAttempt(now: 6) == false)
        #expect(breaker.allowsAttempt(now: 35.999) == false)
    }

    @Test("Full cycle: closed → open → half-open → open → half-open → closed, one probe at a time")
    func fullCycle() {
        var breaker = CircuitBreaker(failureThreshold: 2, openFor: 10)
        breaker.recordFailure(now: 0)
        breaker.recordFailure(now: 0)
        #expect(breaker.state == .open(until: 10))

        // Late results of attempts allowed before it opened change nothing.
        #expect(breaker.recordSuccess(now: 1) == nil)
        #expect(breaker.recordFailure(now: 2) == nil)
        #expect(breaker.state == .open(until: 10))

        // Once the time is up, exactly one probe goes through.
        #expect(breaker.allowsAttempt(now: 10) == true)
        #expect(breaker.state == .halfOpen)
        #expect(breaker.allowsAttempt(now: 10) == false)
        #expect(breaker.allowsAttempt(now: 15) == false)

        // The probe fails: open for another `openFor` from the failure.
        #expect(breaker.recordFailure(now: 16) == .open(until: 26))
        #expect(breaker.allowsAttempt(now: 25) == false)
        #expect(breaker.allowsAttempt(now: 30) == true)
        #expect(breaker.state == .halfOpen)
        #expect(breaker.allowsAttempt(now: 30) == false)

        // The probe succeeds: closed, every attempt allowed, failures counted from zero.
        #expect(breaker.recordSuccess(now: 31) == .closed)
        #expect(breaker.allowsAttempt(now: 31) == true)
        #expect(breaker.allowsAttempt(now: 31) == true)
        #expect(breaker.consecutiveFailures == 0)
        #expect(breaker.recordFailure(now: 32) == nil)
        #expect(breaker.state == .closed)
        // open, half-open, open, half-open, closed.
        #expect(breaker.transitions == 5)
    }

    @Test("An abandoned probe lets the next attempt probe")
    func abandonedProbe() {
        var breaker = CircuitBreaker(failureThreshold: 1, openFor: 5)
        breaker.recordFailure(now: 0)
        #expect(breaker.allowsAttempt(now: 5) == true)
        #expect(breaker.allowsAttempt(now: 5) == false)
        breaker.abandonProbe()
        #expect(breaker.allowsAttempt(now: 6) == true)
        #expect(breaker.allowsAttempt(now: 6) == false)
        #expect(breaker.state == .halfOpen)
    }

    @Test("The threshold is at least 1")
    func thresholdAtLeastOne() {
        var breaker = CircuitBreaker(failureThreshold: 0, openFor: 1)
        #expect(breaker.failureThreshold == 1)
        #expect(breaker.recordFailure(now: 0) == .open(until: 1))
    }
}
