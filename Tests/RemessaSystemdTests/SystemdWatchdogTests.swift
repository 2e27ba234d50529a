import RemessaSystemd
import RemessaTesting
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(1))) struct SystemdWatchdogTests {
    @Test func pingsOnlyWhileTheHeartbeatAdvances() async throws {
        let receiver = try DatagramReceiver.atPath()
        let notifier = try #require(try SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.notifySocket]))
        let watchdog = SystemdWatchdog(notifier: notifier, interval: .seconds(10))
        let heartbeat = ProgressHeartbeat()
        let clock = ManualClock()

        let running = Task { try await watchdog.run(heartbeat: heartbeat, clock: clock) }

        // t=0: the start counts as progress.
        try await clock.waitForSleepers(1)
        #expect(try receiver.receive() == "WATCHDOG=1")

        // t=5: a beat, a ping.
        heartbeat.beat()
        try await self.tick(clock)
        #expect(try receiver.receive() == "WATCHDOG=1")

        // t=10 and t=15: no beat since t=5, still within one interval of it.
        try await self.tick(clock)
        #expect(try receiver.receive() == "WATCHDOG=1")
        try await self.tick(clock)
        #expect(try receiver.receive() == "WATCHDOG=1")

        // t=20, t=25: stalled for more than the interval: silence, so systemd would restart us.
        try await self.tick(clock)
        #expect(try receiver.receiveIfQueued() == nil)
        try await self.tick(clock)
        #expect(try receiver.receiveIfQueued() == nil)

        // t=30: progress again, pings again.
        heartbeat.beat()
        heartbeat.beat()
        try await self.tick(clock)
        #expect(try receiver.receive() == "WATCHDOG=1")
        #expect(try receiver.receiveIfQueued() == nil)

        running.cancel()
        await #expect(throws: CancellationError.self) { try await running.value }
    }

    @Test func aLongerStallTimeoutKeepsPingingThroughQuietPolls() async throws {
        let receiver = try DatagramReceiver.abstract()
        let notifier = try #require(try SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.notifySocket]))
        let watchdog = SystemdWatchdog(notifier: notifier, interval: .seconds(10), stallTimeout: .seconds(60))
        let clock = ManualClock()
        let running = Task { try await watchdog.run(heartbeat: ProgressHeartbeat(), clock: clock) }

        try await clock.waitForSleepers(1)
        #expect(try receiver.receive() == "WATCHDOG=1")
        for _ in 1...12 {  // t=5 ... t=60
            try await self.tick(clock)
            #expect(try receiver.receive() == "WATCHDOG=1")
        }
        try await self.tick(clock)  // t=65
        #expect(try receiver.receiveIfQueued() == nil)

        running.cancel()
        await #expect(throws: CancellationError.self) { try await running.value }
    }

    @Test func sendFailuresAreReportedAndTheLoopGoesOn() async throws {
        let receiver = try DatagramReceiver.atPath()
        let notifier = try #require(
            try SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.notifySocket + "-absent"])
        )
        let watchdog = SystemdWatchdog(notifier: notifier, interval: .seconds(2))
        let heartbeat = ProgressHeartbeat()
        let clock = ManualClock()
        let failures = FailureLog()

        let running = Task {
            try await watchdog.run(heartbeat: heartbeat, clock: clock) { error in
                failures.codes.withLock { $0.append(error.code) }
            }
        }
        try await clock.waitForSleepers(1)
        heartbeat.beat()
        try await self.tick(clock, by: .seconds(1))
        #expect(failures.codes.withLock { $0 } == [.sendFailed, .sendFailed])

        running.cancel()
        await #expect(throws: CancellationError.self) { try await running.value }
    }

    @Test func heartbeatCountsBeats() {
        let heartbeat = ProgressHeartbeat()
        #expect(heartbeat.count == 0)
        heartbeat.beat()
        heartbeat.beat()
        #expect(heartbeat.count == 2)
    }

    /// Moves the clock one ping period and waits until the watchdog has sent (or not) and sleeps again.
    private func tick(_ clock: ManualClock, by duration: Duration = .seconds(5)) async throws {
        clock.advance(by: duration)
        try await clock.waitForSleepers(1)
    }
}

private final class FailureLog: Sendable {
    let codes = Mutex<[SystemdNotifierError.Code]>([])
}
