import RemessaCore
import Testing

@Suite struct TokenBucketTests {
    /// Takes a token whenever one is there, waiting exactly ``TokenBucket/delay(for:now:)`` in between, until
    /// `seconds` have passed; returns how many were taken. With `exactWaits`, checks that every wait was enough.
    private static func drain(
        _ bucket: inout TokenBucket,
        from start: Double,
        for seconds: Double,
        exactWaits: Bool = true
    ) -> Int {
        var now = start
        var taken = 0
        while true {
            if bucket.tryTake(now: now) {
                taken += 1
                continue
            }
            let wait = bucket.delay(now: now)
            #expect(wait > 0)
            guard wait > 0, now + wait <= start + seconds else { return taken }
            now += wait
            // After waiting exactly the delay, the token is there by every measure.
            if exactWaits {
                #expect(bucket.available(now: now) >= 1)
                #expect(bucket.delay(now: now) == 0)
            }
        }
    }

    @Test("Taking whenever a token is there yields rate × seconds + burst", arguments: [(100.0, 50), (1000.0, 200)])
    func longRunAccuracy(rate: Double, burst: Int) {
        var bucket = TokenBucket(rate: rate, burst: burst, now: 0)
        let taken = Self.drain(&bucket, from: 0, for: 30)
        let expected = Int(rate * 30) + burst
        #expect(abs(taken - expected) <= 1, "took \(taken), expected \(expected)")
        #expect(Double(abs(taken - expected)) <= Double(expected) * 0.001)
    }

    @Test(
        "Far from the clock's origin, waits stay exact and high rates still make progress",
        arguments: [(864_000.0, 1e5, 0.1, true), (864_000.0, 1e7, 0.001, true), (1e6, 1e9, 1e-5, false)]
    )
    func farFromOrigin(start: Double, rate: Double, seconds: Double, exactWaits: Bool) {
        var bucket = TokenBucket(rate: rate, burst: 10, now: start)
        let taken = Self.drain(&bucket, from: start, for: seconds, exactWaits: exactWaits)
        let expected = rate * seconds + 10
        #expect(abs(Double(taken) - expected) <= expected * 0.001 + 1, "took \(taken), expected \(expected)")
    }

    @Test("Irregular clock ticks give the same total as exact waits")
    func irregularTicks() {
        var random = SplitMix64(seed: 0x70C3_4B)
        var bucket = TokenBucket(rate: 100, burst: 20, now: 5)
        var now = 5.0
        var taken = 0
        while now < 35 {
            while bucket.tryTake(now: now) { taken += 1 }
            now = min(35, now + random.unitDouble() * 0.05)
        }
        while bucket.tryTake(now: now) { taken += 1 }
        #expect(abs(taken - (100 * 30 + 20)) <= 1, "took \(taken)")
    }

    @Test("A full bucket gives its burst at once, then one token per 1/rate")
    func burst() {
        var bucket = TokenBucket(rate: 10, burst: 5, now: 0)
        #expect(bucket.available(now: 0) == 5)
        for _ in 0..<5 { #expect(bucket.tryTake(now: 0) == true) }
        #expect(bucket.tryTake(now: 0) == false)
        #expect(abs(bucket.delay(now: 0) - 0.1) < 1e-12)
        #expect(bucket.tryTake(now: 0.09) == false)
        #expect(bucket.tryTake(now: 0.1) == true)
        // Idle time fills the bucket up to its burst and no further.
        #expect(bucket.available(now: 1000) == 5)
        #expect(bucket.tryTake(5, now: 1000) == true)
        #expect(bucket.tryTake(now: 1000) == false)
    }

    @Test("delay(for:) is the time until that many tokens are there")
    func delay() {
        var bucket = TokenBucket(rate: 4, burst: 8, now: 10)
        #expect(bucket.delay(for: 8, now: 10) == 0)
        #expect(bucket.tryTake(6, now: 10) == true)
        #expect(bucket.delay(for: 2, now: 10) == 0)
        #expect(abs(bucket.delay(for: 3, now: 10) - 0.25) < 1e-12)
        #expect(abs(bucket.delay(for: 8, now: 10) - 1.5) < 1e-12)
        #expect(abs(bucket.delay(for: 8, now: 11) - 0.5) < 1e-12)
        #expect(bucket.tryTake(8, now: 11.49) == false)
        #expect(bucket.tryTake(8, now: 11.5) == true)
        #expect(bucket.delay(for: 0, now: 11.5) == 0)
    }

    @Test("setRate credits the time before it at the old rate")
    func setRateMidRun() {
        var bucket = TokenBucket(rate: 100, burst: 10, now: 0)
        let fast = Self.drain(&bucket, from: 0, for: 10)
        #expect(abs(fast - 1010) <= 1)
        // Half a second idle at 100/s refills the bucket (10 tokens) before the rate drops.
        bucket.setRate(10, now: 10.5)
        #expect(bucket.rate == 10)
        #expect(abs(bucket.available(now: 10.5) - 10) < 1e-9)
        let slow = Self.drain(&bucket, from: 10.5, for: 10)
        #expect(abs(slow - (10 + 100)) <= 1, "took \(slow)")
    }

    @Test("setRate credits a partial refill at the old rate")
    func setRateCreditsOldRate() {
        var bucket = TokenBucket(rate: 100, burst: 100, now: 0)
        #expect(bucket.tryTake(100, now: 0) == true)
        bucket.setRate(1, now: 0.2)
        #expect(abs(bucket.available(now: 0.2) - 20) < 1e-9)
        #expect(abs(bucket.available(now: 1.2) - 21) < 1e-9)
    }

    @Test("setBurst drops tokens above the new burst")
    func setBurst() {
        var bucket = TokenBucket(rate: 1, burst: 10, now: 0)
        bucket.setBurst(3, now: 0)
        #expect(bucket.burst == 3)
        #expect(bucket.available(now: 0) == 3)
        bucket.setBurst(6, now: 0)
        #expect(bucket.available(now: 0) == 3)
        #expect(bucket.available(now: 10) == 6)
    }

    @Test("A take larger than the burst waits for a full bucket and leaves it in debt")
    func oversizeTake() {
        var bucket = TokenBucket(rate: 10, burst: 10, now: 0)
        #expect(bucket.tryTake(now: 0) == true)
        #expect(bucket.tryTake(25, now: 0) == false)
        #expect(abs(bucket.delay(for: 25, now: 0) - 0.1) < 1e-12)
        #expect(bucket.tryTake(25, now: 0.1) == true)
        #expect(abs(bucket.available(now: 0.1) - -15) < 1e-9)
        #expect(abs(bucket.delay(now: 0.1) - 1.6) < 1e-9)
    }

    @Test("Huge and degenerate rates stay finite")
    func extremeRates() {
        var huge = TokenBucket(rate: 1e9, burst: 1000, now: 0)
        #expect(huge.tryTake(1000, now: 0) == true)
        let wait = huge.delay(for: 1000, now: 0)
        #expect(wait.isFinite && abs(wait - 1e-6) < 1e-15)
        #expect(huge.tryTake(1000, now: wait) == true)
        #expect(huge.available(now: 1e12) == 1000)
        #expect(huge.tryTake(1000, now: 1e12) == true)

        var infinite = TokenBucket(rate: .infinity, burst: 5, now: 0)
        #expect(infinite.tryTake(5, now: 0) == true)
        #expect(infinite.available(now: 0) == 0)
        // Any time at all refills it, so the wait is the smallest step of the clock.
        let instant = infinite.delay(now: 0)
        #expect(instant > 0 && instant < 1e-300)
        #expect(infinite.tryTake(5, now: instant) == true)
        #expect(infinite.available(now: 1e-300) == 5)

        var stopped = TokenBucket(rate: .nan, burst: 1, now: 0)
        #expect(stopped.rate == 0)
        #expect(stopped.tryTake(now: 0) == true)
        #expect(stopped.delay(now: 0) == .infinity)
        #expect(stopped.tryTake(now: 1e9) == false)
    }

    @Test("A clock that goes backwards credits nothing")
    func backwardsClock() {
        var bucket = TokenBucket(rate: 1, burst: 2, now: 100)
        #expect(bucket.tryTake(2, now: 100) == true)
        #expect(bucket.available(now: 50) == 0)
        #expect(bucket.tryTake(now: 50) == false)
        #expect(bucket.tryTake(now: 101) == true)
    }
}
