import RemessaCore
import Testing

@Suite struct AdaptiveRateTests {
    @Test("The floor defaults to ceiling / 50, at least 1, never above the ceiling")
    func floor() {
        #expect(AdaptiveRate(ceiling: 1000).floor == 20)
        #expect(AdaptiveRate(ceiling: 20).floor == 1)
        #expect(AdaptiveRate(ceiling: 0.5).floor == 0.5)
        #expect(AdaptiveRate(ceiling: 100, floor: 30).floor == 30)
        #expect(AdaptiveRate(ceiling: 100, floor: 300).floor == 100)
        let fresh = AdaptiveRate(ceiling: 200)
        #expect(fresh.current == 200)
        #expect(!fresh.isBackedOff)
    }

    @Test("Repeated push-back halves once per second, down to the floor")
    func halvesOncePerSecond() {
        var rate = AdaptiveRate(ceiling: 100)
        var now = 0.0
        var halvings: [Double] = []
        // A 429 every 10 ms for 3 seconds.
        while now < 2.999 {
            if rate.pushBack(now: now) { halvings.append(now) }
            now += 0.01
        }
        #expect(halvings.count == 3)
        #expect(abs(rate.current - 12.5) < 1e-9)
        #expect(rate.isBackedOff)
        while now < 20 {
            rate.pushBack(now: now)
            now += 0.01
        }
        #expect(rate.current == 2)
        #expect(rate.pushBack(now: now + 5) == false)
        #expect(rate.current == 2)
    }

    @Test("A burst of push-backs within a second halves once")
    func burstHalvesOnce() {
        var rate = AdaptiveRate(ceiling: 80)
        #expect(rate.pushBack(now: 7) == true)
        for step in 1..<100 {
            #expect(rate.pushBack(now: 7 + Double(step) * 0.0099) == false)
        }
        #expect(rate.current == 40)
        #expect(rate.pushBack(now: 8) == true)
        #expect(rate.current == 20)
    }

    @Test("Successes recover ceiling / 20 per second, back to the ceiling in about 20 s")
    func recovers() {
        var rate = AdaptiveRate(ceiling: 100)
        var now = 0.0
        for second in 0..<10 { rate.pushBack(now: Double(second)) }
        now = 9
        #expect(rate.current == 2)
        // Successes every 10 ms.
        while now < 19 {
            now += 0.01
            rate.succeeded(now: now)
        }
        #expect(abs(rate.current - (2 + 5 * (now - 9))) < 1e-6)
        #expect(rate.current > 51 && rate.current < 53)
        #expect(rate.isBackedOff)
        // From the floor (2) at 5 per second, the ceiling is reached after 19.6 s.
        while now < 28.45 {
            now += 0.01
            rate.succeeded(now: now)
        }
        #expect(rate.isBackedOff)
        while now < 28.75 {
            now += 0.01
            rate.succeeded(now: now)
        }
        #expect(rate.current == 100)
        #expect(!rate.isBackedOff)
    }

    @Test("Recovery counts time, not how often successes are reported")
    func recoveryIndependentOfCallRate() {
        var sparse = AdaptiveRate(ceiling: 100)
        var dense = AdaptiveRate(ceiling: 100)
        sparse.pushBack(now: 0)
        dense.pushBack(now: 0)
        sparse.succeeded(now: 4)
        for step in 1...400 { dense.succeeded(now: Double(step) * 0.01) }
        #expect(abs(sparse.current - 70) < 1e-9)
        #expect(abs(dense.current - 70) < 1e-6)
        // Success reported at the same instant adds nothing.
        sparse.succeeded(now: 4)
        #expect(abs(sparse.current - 70) < 1e-9)
    }

    @Test("A new ceiling is followed when not backed off and caps a backed-off rate")
    func setCeiling() {
        var rate = AdaptiveRate(ceiling: 100)
        rate.setCeiling(300)
        #expect(rate.current == 300)
        #expect(rate.floor == 6)
        rate.pushBack(now: 0)
        #expect(rate.current == 150)
        rate.setCeiling(100)
        #expect(rate.current == 100)
        #expect(!rate.isBackedOff)
        rate.pushBack(now: 1)
        rate.setCeiling(1000)
        #expect(rate.current == 50)
        rate.succeeded(now: 2)
        #expect(rate.current == 100)
    }
}
