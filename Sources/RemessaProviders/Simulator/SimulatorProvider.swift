import Foundation
import RemessaCore
import Synchronization

/// The built-in gateway (route provider `simulator`): answers submits and sends delivery reports the way a real
/// gateway would, reproducibly, with no network.
///
/// Each message's outcome is drawn from `simulator.seed` and its id (see ``SimulatorSettings``): `INVALID_NUMBER`
/// is refused at submit; the others are accepted as `sim-<id>` and their report (`DELIVERED`, `NOT_DELIVERED`,
/// `EXPIRED` or `CARRIER_REJECTED`, reason `SIM_DELIVRD`, `SIM_UNDELIV`, …) reaches the sink `dlrDelay` later,
/// naming the message by Remessa's id. Above `ceiling` messages per second submits are answered "slow down"
/// (`pushBack`); during each failure burst (`failureFor`, every `failureEvery` from the start) "unavailable".
public final class SimulatorProvider<C: Clock<Duration>>: SMSProvider {
    public var preferredBatchSize: Int { 1 }

    private let settings: SimulatorSettings
    private let clock: C
    private let start: C.Instant
    private let ceiling: Mutex<GatewayCeiling>?
    private let reports: DeliveryReportSchedule<C>

    /// A simulator for `route` that hands its delivery reports to `sink`, on `clock`.
    package init(route: ProviderSettings, sink: @escaping DeliveryReportSink, clock: C) {
        self.settings = route.simulator
        self.clock = clock
        self.start = clock.now
        self.ceiling = route.simulator.ceiling.map { Mutex(GatewayCeiling(ceiling: $0, now: 0)) }
        self.reports = DeliveryReportSchedule(clock: clock, delay: route.simulator.dlrDelay, sink: sink)
    }

    public func submit(_ messages: [OutgoingMessage]) async -> [SubmitOutcome] {
        if self.settings.submitLatency > .zero {
            try? await self.clock.sleep(for: self.settings.submitLatency, tolerance: nil)
        }
        let elapsed = self.start.duration(to: self.clock.now)
        if let remaining = self.remainingFailure(at: elapsed) {
            let outcome = SubmitOutcome.temporary(
                reason: "the simulated gateway is unavailable",
                pushBack: false,
                retryAfter: remaining
            )
            return Array(repeating: outcome, count: messages.count)
        }
        var outcomes: [SubmitOutcome] = []
        outcomes.reserveCapacity(messages.count)
        var accepted: [DeliveryReport] = []
        accepted.reserveCapacity(messages.count)
        let reportTime = Date().addingTimeInterval(self.settings.dlrDelay.inSeconds)
        for message in messages {
            if let wait = self.ceiling?.withLock({ $0.take(now: elapsed.inSeconds) }) {
                outcomes.append(self.slowDown(wait: wait))
                continue
            }
            let outcome = SimulatorOutcome.draw(for: message.id, settings: self.settings)
            guard outcome != .invalidNumber else {
                outcomes.append(
                    .rejected(
                        status: .invalidNumber,
                        reasonCode: outcome.reasonCode,
                        detail: "the simulated carrier does not know the number"
                    )
                )
                continue
            }
            outcomes.append(.accepted(providerID: "sim-\(message.id)"))
            accepted.append(
                DeliveryReport(
                    reference: .message(message.id),
                    status: outcome.status,
                    reasonCode: outcome.reasonCode,
                    at: reportTime
                )
            )
        }
        self.reports.schedule(accepted)
        return outcomes
    }

    /// Schedules the reports of messages accepted before a restart (their outcome is drawn again from the seed,
    /// so it is the one the first run would have reported).
    public func resume(_ submitted: [OutgoingMessage]) async {
        let reportTime = Date().addingTimeInterval(self.settings.dlrDelay.inSeconds)
        let reports = submitted.compactMap { message -> DeliveryReport? in
            let outcome = SimulatorOutcome.draw(for: message.id, settings: self.settings)
            guard outcome != .invalidNumber else { return nil }
            return DeliveryReport(
                reference: .message(message.id),
                status: outcome.status,
                reasonCode: outcome.reasonCode,
                at: reportTime
            )
        }
        self.reports.schedule(reports)
    }

    /// Hands delivery reports to the sink as they fall due, until ``shutdown()`` or cancellation.
    public func run() async {
        await self.reports.run()
    }

    /// Stops the delivery-report loop; reports not yet due are dropped.
    public func shutdown() async {
        self.reports.stop()
    }

    /// Delivery reports accepted and not yet handed to the sink.
    public var pendingReportCount: Int {
        self.reports.pendingCount
    }

    /// How much of the current failure burst is left at `elapsed` since the start, or `nil` when healthy. Bursts
    /// start at `failureEvery`, `2 × failureEvery`, … and last `failureFor`.
    private func remainingFailure(at elapsed: Duration) -> Duration? {
        guard let every = self.settings.failureEvery, every > .zero, self.settings.failureFor > .zero,
            elapsed >= every
        else { return nil }
        let period = every.inSeconds
        let phase = elapsed.inSeconds.truncatingRemainder(dividingBy: period)
        let length = min(self.settings.failureFor.inSeconds, period)
        guard phase < length else { return nil }
        return .milliseconds(max(1, Int(((length - phase) * 1_000).rounded(.up))))
    }

    private func slowDown(wait: Double) -> SubmitOutcome {
        let ceiling = self.settings.ceiling ?? 0
        return .temporary(
            reason: "the simulated gateway is above its ceiling of \(Int(ceiling)) messages/s",
            pushBack: true,
            retryAfter: .milliseconds(max(1, Int((wait * 1_000).rounded(.up))))
        )
    }
}

extension SimulatorProvider where C == ContinuousClock {
    /// A simulator for `route` on the continuous clock.
    package convenience init(route: ProviderSettings, sink: @escaping DeliveryReportSink) {
        self.init(route: route, sink: sink, clock: ContinuousClock())
    }
}
