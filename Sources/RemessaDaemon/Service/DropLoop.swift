import Logging
import RemessaConfig
import RemessaCore
import ServiceLifecycle

/// Runs one drop's polls: a tick every `pollInterval`, a failed tick logged and retried, never fatal.
struct DropLoop: Sendable {
    let context: DropContext
    let onTick: @Sendable (_ drop: String, _ result: DropContext.TickResult?) -> Void

    /// How a loop ended in `--until-idle` mode.
    enum Ending: Sendable, Equatable {
        case idle
        case failing
        case stopped
    }

    /// Polls until cancelled, shut down, `isCurrent` turns false (a reload replaced the drop), or, with
    /// `untilIdle`, the drop is idle; with `untilIdle`, `maxFailures` failed polls in a row end it too.
    func run(untilIdle: Bool, maxFailures: Int = 3, isCurrent: @Sendable () -> Bool = { true }) async -> Ending {
        let drop = context.drop
        let rule: ReadinessTracker.Rule = drop.readiness == .marker ? .marker : .stable(for: drop.stableFor)
        var tracker = ReadinessTracker(
            rule: rule,
            eligibility: InboxEligibility(include: drop.include + [CampaignFile.glob])
        )
        var basesTracker = ReadinessTracker(rule: rule, eligibility: InboxEligibility(include: drop.include))
        var optOutTracker = ReadinessTracker(rule: rule, eligibility: InboxEligibility(include: drop.include))
        let clock = ContinuousClock()
        let start = clock.now
        var prepared = false
        var failures = 0
        while !Task.isCancelled, !Task.isShuttingDownGracefully, isCurrent() {
            let started = clock.now
            do {
                if !prepared {
                    try await context.prepareFolders()
                    prepared = true
                }
                // Bases first: a campaign claimed in this poll finds the bases checked in it.
                let waitingBases = try await context.tickBases(tracker: &basesTracker, now: clock.now - start)
                // Opt-out uploads before the inbox: a file claimed in this poll is checked against them.
                let waitingOptOuts = try await context.tickOptOut(tracker: &optOutTracker, now: clock.now - start)
                var result = try await context.tick(tracker: &tracker, now: clock.now - start)
                result.pending += waitingBases + waitingOptOuts
                context.metrics.pollFinished(duration: clock.now - started, succeeded: true)
                failures = 0
                onTick(drop.name, result)
                if untilIdle, result.isIdle { return .idle }
            } catch {
                failures += 1
                context.metrics.pollFinished(duration: clock.now - started, succeeded: false)
                context.logger.error("Poll failed", metadata: ["remessa.error": "\(error)"])
                onTick(drop.name, nil)
                if untilIdle, failures >= maxFailures { return .failing }
            }
            // In --until-idle mode a ready file is claimed on the next look, so look again soon.
            let pause = untilIdle ? min(drop.pollInterval, .milliseconds(500)) : drop.pollInterval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
        }
        return .stopped
    }
}
