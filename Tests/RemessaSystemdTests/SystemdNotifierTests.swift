#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RemessaSystemd
import Testing

@Suite struct SystemdNotifierTests {
    @Test func noNotifierWithoutNotifySocket() throws {
        #expect(try SystemdNotifier(environment: [:]) == nil)
        #expect(try SystemdNotifier(environment: ["NOTIFY_SOCKET": ""]) == nil)
    }

    @Test(arguments: ["vsock:2:1234", "relative/notify", "@", "/" + String(repeating: "x", count: 200)])
    func unusableAddressesThrow(_ socket: String) {
        #expect {
            try SystemdNotifier(environment: ["NOTIFY_SOCKET": socket])
        } throws: { error in
            (error as? SystemdNotifierError)?.code == .unsupportedAddress
        }
    }

    @Test func sendsReadyAndStatusInOneDatagramToAPathSocket() throws {
        let receiver = try DatagramReceiver.atPath()
        let notifier = try #require(try SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.notifySocket]))
        try notifier.send(.ready, .status("watching 3 drops"))
        #expect(try receiver.receive() == "READY=1\nSTATUS=watching 3 drops")
    }

    @Test func sendsToAnAbstractSocket() throws {
        let receiver = try DatagramReceiver.abstract()
        #expect(receiver.notifySocket.hasPrefix("@"))
        let notifier = try #require(try SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.notifySocket]))
        try notifier.send(.stopping)
        try notifier.send(.watchdog)
        try notifier.send(.mainPID(4242), .extendTimeout(by: .milliseconds(1500)))
        #expect(try receiver.receive() == "STOPPING=1")
        #expect(try receiver.receive() == "WATCHDOG=1")
        #expect(try receiver.receive() == "MAINPID=4242\nEXTEND_TIMEOUT_USEC=1500000")
    }

    @Test func statusLineBreaksBecomeSpaces() throws {
        let receiver = try DatagramReceiver.atPath()
        let notifier = try #require(try SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.notifySocket]))
        try notifier.send(.status("two\nlines\r\nhere"))
        #expect(try receiver.receive() == "STATUS=two lines here")
    }

    @Test func reloadingCarriesTheMonotonicClock() throws {
        let receiver = try DatagramReceiver.atPath()
        let notifier = try #require(try SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.notifySocket]))
        let before = Self.monotonicMicroseconds()
        try notifier.send(.reloading)
        let after = Self.monotonicMicroseconds()

        let lines = try receiver.receive().split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first == "RELOADING=1")
        let prefix = "MONOTONIC_USEC="
        let stamp = try #require(lines.last.flatMap { $0.hasPrefix(prefix) ? UInt64($0.dropFirst(prefix.count)) : nil })
        #expect((before...after).contains(stamp))
    }

    @Test func aMissingListenerIsAnErrorNotACrash() throws {
        let receiver = try DatagramReceiver.atPath()
        let path = receiver.notifySocket + "-absent"
        let notifier = try #require(try SystemdNotifier(environment: ["NOTIFY_SOCKET": path]))
        #expect {
            try notifier.send(.ready)
        } throws: { error in
            guard let error = error as? SystemdNotifierError else { return false }
            return error.code == .sendFailed && error.errno == ENOENT && error.description.contains(path)
        }
    }

    @Test func aFullQueueFailsInsteadOfBlocking() throws {
        let receiver = try DatagramReceiver.abstract()
        let notifier = try #require(try SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.notifySocket]))
        // Nobody reads: the receive queue fills (net.unix.max_dgram_qlen datagrams) and a blocking send would hang.
        var failure: SystemdNotifierError?
        for _ in 0..<100_000 where failure == nil {
            do {
                try notifier.send(.watchdog)
            } catch {
                failure = error
            }
        }
        let error = try #require(failure)
        #expect(error.code == .sendFailed)
        #expect(error.errno == EAGAIN)
        #expect(try receiver.receive() == "WATCHDOG=1")
    }

    @Test func watchdogIntervalComesFromWatchdogUsec() throws {
        let socket = ["NOTIFY_SOCKET": "/run/systemd/notify"]
        func interval(_ extra: [String: String]) throws -> Duration? {
            try SystemdNotifier(environment: socket.merging(extra) { $1 }, processID: 77)?.watchdogInterval
        }
        #expect(try interval([:]) == nil)
        #expect(try interval(["WATCHDOG_USEC": "30000000"]) == .seconds(30))
        #expect(try interval(["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "77"]) == .seconds(30))
        #expect(try interval(["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "78"]) == nil)
        #expect(try interval(["WATCHDOG_USEC": "0"]) == nil)
        #expect(try interval(["WATCHDOG_USEC": "soon"]) == nil)
    }

    @Test func watchdogPIDDefaultsToThisProcess() throws {
        let environment = [
            "NOTIFY_SOCKET": "/run/systemd/notify", "WATCHDOG_USEC": "500000", "WATCHDOG_PID": "\(getpid())",
        ]
        #expect(try SystemdNotifier(environment: environment)?.watchdogInterval == .milliseconds(500))
    }

    private static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
