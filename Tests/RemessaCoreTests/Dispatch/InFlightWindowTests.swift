import RemessaCore
import Testing

@Suite struct InFlightWindowTests {
    @Test("Acquisitions stop at the limit and resume on release")
    func limit() {
        var window = InFlightWindow(limit: 3)
        #expect(window.tryAcquire() == true)
        #expect(window.tryAcquire(2) == true)
        #expect(window.inFlight == 3)
        #expect(window.available == 0)
        #expect(window.tryAcquire() == false)
        window.release()
        #expect(window.tryAcquire(2) == false)
        #expect(window.tryAcquire() == true)
        window.release(3)
        #expect(window.inFlight == 0)
        window.release(5)
        #expect(window.inFlight == 0)
    }

    @Test("Lowering the limit holds back acquisitions until enough are released")
    func lowerLimit() {
        var window = InFlightWindow(limit: 10)
        #expect(window.tryAcquire(8) == true)
        window.limit = 4
        #expect(window.tryAcquire() == false)
        window.release(4)
        #expect(window.tryAcquire() == false)
        window.release(1)
        #expect(window.tryAcquire() == true)
        window.limit = 0
        #expect(window.limit == 1)
    }

    @Test("An acquisition larger than the limit waits for an idle window")
    func oversize() {
        var window = InFlightWindow(limit: 5)
        #expect(window.tryAcquire() == true)
        #expect(window.tryAcquire(9) == false)
        window.release()
        #expect(window.tryAcquire(9) == true)
        #expect(window.inFlight == 9)
        #expect(window.tryAcquire() == false)
        #expect(InFlightWindow(limit: -3).limit == 1)
    }
}
