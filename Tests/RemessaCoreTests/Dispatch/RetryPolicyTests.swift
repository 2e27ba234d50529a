import RemessaCore
import Testing

@Suite struct RetryPolicyTests {
    @Test("Every wait lies in [d/2, d] for d = min(cap, base × 2^(attempt-1))")
    func bounds() {
        let policy = RetryPolicy(maxAttempts: 12, base: 0.5, cap: 60)
        var random = SplitMix64(seed: 42)
        for attempt in 1..<12 {
            var nominal = 0.5
            for _ in 1..<attempt { nominal *= 2 }
            nominal = min(60, nominal)
            #expect(policy.nominalDelay(afterAttempt: attempt) == nominal)
            for _ in 0..<1000 {
                let wait = policy.delay(afterAttempt: attempt, unitRandom: random.unitDouble())
                #expect(wait.map { $0 >= nominal / 2 && $0 <= nominal } == true, "attempt \(attempt): \(wait ?? -1)")
            }
        }
    }

    @Test("Equal jitter: the random unit maps linearly onto [d/2, d]")
    func equalJitter() {
        let policy = RetryPolicy(maxAttempts: 5, base: 1, cap: 100)
        #expect(policy.delay(afterAttempt: 1, unitRandom: 0) == 0.5)
        #expect(policy.delay(afterAttempt: 1, unitRandom: 0.5) == 0.75)
        #expect(policy.delay(afterAttempt: 3, unitRandom: 0) == 2)
        #expect(policy.delay(afterAttempt: 3, unitRandom: 0.25) == 2.5)
        // Out-of-range randomness is clamped, never outside the bounds.
        #expect(policy.delay(afterAttempt: 3, unitRandom: 7) == 4)
        #expect(policy.delay(afterAttempt: 3, unitRandom: -1) == 2)
        #expect(policy.delay(afterAttempt: 3, unitRandom: .nan) == 2)
    }

    @Test("The cap bounds the nominal wait")
    func cap() {
        let policy = RetryPolicy(maxAttempts: .max, base: 2, cap: 30)
        #expect(policy.delay(afterAttempt: 4, unitRandom: 0.999) ?? 0 < 16)
        #expect(policy.delay(afterAttempt: 5, unitRandom: 0) == 15)
        #expect(policy.delay(afterAttempt: 5, unitRandom: 0.999_999) ?? 99 <= 30)
        #expect(policy.delay(afterAttempt: 2000, unitRandom: 0) == 15)
        #expect(policy.nominalDelay(afterAttempt: Int.max - 1) == 30)
        let zero = RetryPolicy(maxAttempts: .max, base: 0, cap: .infinity)
        #expect(zero.delay(afterAttempt: 5000, unitRandom: 0.5) == 0)
    }

    @Test("No wait once maxAttempts submissions have failed")
    func givesUp() {
        let policy = RetryPolicy(maxAttempts: 3, base: 1, cap: 10)
        #expect(policy.delay(afterAttempt: 1, unitRandom: 0.5) != nil)
        #expect(policy.delay(afterAttempt: 2, unitRandom: 0.5) != nil)
        #expect(policy.delay(afterAttempt: 3, unitRandom: 0.5) == nil)
        #expect(policy.delay(afterAttempt: 4, unitRandom: 0.5) == nil)
        let once = RetryPolicy(maxAttempts: 0, base: 1, cap: 10)
        #expect(once.maxAttempts == 1)
        #expect(once.delay(afterAttempt: 1, unitRandom: 0) == nil)
    }

    @Test("SplitMix64 is deterministic and matches the reference sequence")
    func splitMix() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        var first = SplitMix64(seed: 1234)
        var second = SplitMix64(seed: 1234)
        for _ in 0..<100 { #expect(first.next() == second.next()) }
        var other = SplitMix64(seed: 1235)
        #expect(first.next() != other.next())
    }

    @Test("unitDouble is uniform in [0, 1)")
    func unitDouble() {
        var generator = SplitMix64(seed: 7)
        var sum = 0.0
        var buckets = [Int](repeating: 0, count: 10)
        var outOfRange = 0
        for _ in 0..<100_000 {
            let value = generator.unitDouble()
            if !(0..<1).contains(value) { outOfRange += 1 }
            sum += value
            buckets[Int(value * 10)] += 1
        }
        #expect(outOfRange == 0)
        #expect(abs(sum / 100_000 - 0.5) < 0.01)
        #expect(buckets.allSatisfy { abs($0 - 10_000) < 500 })
    }
}
