import Foundation
import RemessaCore
import RemessaTesting
import Synchronization
import Testing

@testable import RemessaProviders

@Suite("Simulator provider", .serialized, .timeLimit(.minutes(1)))
struct SimulatorProviderTests {
    @Test("The same seed and ids give the same outcomes and reports; another seed does not")
    func reproducible() async throws {
        let settings = SimulatorSettings(
            delivered: 0.5,
            notDelivered: 0.2,
            expired: 0.1,
            carrierRejected: 0.1,
            invalidNumber: 0.1,
            submitLatency: .zero,
            dlrDelay: .zero,
            seed: 42
        )
        let first = try await Self.run(settings, ids: 1...400)
        let second = try await Self.run(settings, ids: 1...400)
        #expect(first.outcomes == second.outcomes)
        #expect(first.reports == second.reports)
        var reseeded = settings
        reseeded.seed = 43
        let third = try await Self.run(reseeded, ids: 1...400)
        #expect(first.reports != third.reports)
    }

    @Test("Over 10,000 messages the outcomes follow the normalised shares")
    func mix() async throws {
        // Shares add up to 2: normalised to 0.6, 0.15, 0.1, 0.1, 0.05.
        let settings = SimulatorSettings(
            delivered: 1.2,
            notDelivered: 0.3,
            expired: 0.2,
            carrierRejected: 0.2,
            invalidNumber: 0.1,
            submitLatency: .zero,
            dlrDelay: .zero,
            seed: 7
        )
        let run = try await Self.run(settings, ids: 1...10_000)
        var counts: [MessageStatus: Int] = [:]
        for outcome in run.outcomes {
            switch outcome {
            case .accepted(let providerID):
                #expect(providerID?.hasPrefix("sim-") == true)
            case .rejected(let status, let code, _):
                #expect(status == .invalidNumber)
                #expect(code == "SIM_INVALID_NUMBER")
                counts[.invalidNumber, default: 0] += 1
            case .temporary:
                Issue.record("no ceiling or failures were configured")
            }
        }
        for report in run.reports.values {
            counts[report.status, default: 0] += 1
        }
        let expected: [MessageStatus: Double] = [
            .delivered: 0.6, .notDelivered: 0.15, .expired: 0.1, .carrierRejected: 0.1, .invalidNumber: 0.05,
        ]
        for (status, share) in expected {
            let measured = Double(counts[status, default: 0]) / 10_000
            #expect(abs(measured - share) < 0.02, "\(status): \(measured) instead of \(share)")
        }
        #expect(run.reports.count + counts[.invalidNumber, default: 0] == 10_000)
        #expect(run.reports[1]?.reasonCode?.hasPrefix("SIM_") == true)
    }

    @Test("Above its ceiling the gateway pushes back with a retry delay, and takes messages again later")
    func ceiling() async throws {
        let route = Self.route(SimulatorSettings(submitLatency: .zero, dlrDelay: .zero, ceiling: 100))
        let clock = ManualClock()
        let provider = SimulatorProvider(route: route, sink: { _ in }, clock: clock)
        var accepted = 0
        for id in 1...200 {
            switch await provider.submit([Self.message(Int64(id))]).first {
            case .accepted?, .rejected?:
                accepted += 1
            case .temporary(_, let pushBack, let retryAfter)?:
                #expect(pushBack)
                #expect(retryAfter == .milliseconds(10))
            case nil:
                Issue.record("no outcome")
            }
        }
        // A tenth of a second's worth at once, then nothing until the bucket refills.
        #expect(accepted == 10)
        clock.advance(by: .milliseconds(50))
        var later = 0
        for id in 201...220 {
            let outcome = await provider.submit([Self.message(Int64(id))])[0]
            later += Self.isTemporary(outcome) == nil ? 1 : 0
        }
        #expect(later == 5, "50 ms at 100 messages/s")
        await provider.shutdown()
    }

    @Test("During each failure burst submits fail without push back; between bursts they succeed")
    func failureBursts() async throws {
        let settings = SimulatorSettings(
            submitLatency: .zero,
            dlrDelay: .zero,
            failureEvery: .seconds(10),
            failureFor: .seconds(2)
        )
        let clock = ManualClock()
        let provider = SimulatorProvider(route: Self.route(settings), sink: { _ in }, clock: clock)
        #expect(Self.isTemporary(await provider.submit([Self.message(1)])[0]) == nil)
        clock.advance(by: .milliseconds(10_500))
        let failed = await provider.submit([Self.message(2), Self.message(3)])
        #expect(failed.count == 2)
        for outcome in failed {
            let (pushBack, retryAfter) = try #require(Self.isTemporary(outcome))
            #expect(!pushBack)
            #expect(retryAfter == .milliseconds(1_500))
        }
        clock.advance(by: .seconds(2))
        #expect(Self.isTemporary(await provider.submit([Self.message(4)])[0]) == nil)
        clock.advance(by: .seconds(8))
        #expect(Self.isTemporary(await provider.submit([Self.message(5)])[0]) != nil, "the second burst, at 20 s")
        await provider.shutdown()
    }

    @Test("Delivery reports reach the sink after dlrDelay, in arrays, naming the message")
    func reportDelay() async throws {
        let collector = ReportCollector()
        let settings = SimulatorSettings(
            delivered: 1,
            notDelivered: 0,
            expired: 0,
            carrierRejected: 0,
            invalidNumber: 0,
            submitLatency: .zero,
            dlrDelay: .milliseconds(300)
        )
        let provider = SimulatorProvider(route: Self.route(settings), sink: collector.sink)
        try await Self.running(provider) {
            let start = ContinuousClock.now
            for id in 1...50 {
                _ = await provider.submit([Self.message(Int64(id))])
            }
            if ContinuousClock.now - start < .milliseconds(200) {
                #expect(collector.count == 0)
                #expect(provider.pendingReportCount == 50)
            }
            try await collector.wait(for: 50)
            let firstArrival = try #require(collector.firstArrival)
            #expect(firstArrival - start >= .milliseconds(300))
            #expect(collector.handOvers < 50, "reports are handed over in arrays")
            #expect(collector.reports[17]?.status == .delivered)
            #expect(collector.reports[17]?.reference == .message(17))
            await provider.shutdown()
            _ = await provider.submit([Self.message(99)])
            #expect(provider.pendingReportCount == 0, "a stopped simulator keeps no reports")
        }
    }

    @Test("Throughput with no submit latency (printed, no assertion on the figure)")
    func throughput() async throws {
        let collector = ReportCollector()
        let settings = SimulatorSettings(submitLatency: .zero, dlrDelay: .milliseconds(10))
        let provider = SimulatorProvider(route: Self.route(settings), sink: collector.sink)
        try await Self.running(provider) {
            let total = 100_000
            let workers = 8
            let start = ContinuousClock.now
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        var id = worker
                        while id < total {
                            _ = await provider.submit([Self.message(Int64(id))])
                            id += workers
                        }
                    }
                }
            }
            let elapsed = ContinuousClock.now - start
            let accepted = total - Int(Double(total) * 0.01 * 1.5)
            try await collector.wait(atLeast: accepted)
            let rate = Double(total) / elapsed.inSeconds
            print("simulator: \(total) submits in \(elapsed) = \(Int(rate)) submits/s, \(collector.count) reports")
            #expect(collector.count > accepted)
            await provider.shutdown()
        }
    }

    // MARK: - Helpers

    static func route(_ settings: SimulatorSettings) -> ProviderSettings {
        ProviderSettings(name: "sim", simulator: settings)
    }

    static func message(_ id: Int64) -> OutgoingMessage {
        OutgoingMessage(
            id: id,
            destination: "5511987654321",
            text: "Oi",
            encoding: .gsm7,
            segments: 1,
            drop: "acme",
            batchID: 1
        )
    }

    /// Runs `body` while the simulator's delivery-report loop runs (as the dispatcher's task group runs it), then
    /// shuts the simulator down.
    static func running<C: Clock<Duration>, T: Sendable>(
        _ provider: SimulatorProvider<C>,
        _ body: () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await provider.run() }
            let value = try await body()
            await provider.shutdown()
            return value
        }
    }

    static func isTemporary(_ outcome: SubmitOutcome) -> (Bool, Duration?)? {
        if case .temporary(_, let pushBack, let retryAfter) = outcome { return (pushBack, retryAfter) }
        return nil
    }

    static func run(
        _ settings: SimulatorSettings,
        ids: ClosedRange<Int64>
    ) async throws -> (outcomes: [SubmitOutcome], reports: [Int64: DeliveryReport]) {
        let collector = ReportCollector()
        let provider = SimulatorProvider(route: Self.route(settings), sink: collector.sink)
        let outcomes = try await Self.running(provider) {
            var outcomes: [SubmitOutcome] = []
            for id in ids {
                outcomes += await provider.submit([Self.message(id)])
            }
            let accepted = outcomes.filter { if case .accepted = $0 { true } else { false } }.count
            try await collector.wait(for: accepted)
            return outcomes
        }
        // `at` is wall-clock time: compare reports without it.
        let reports = collector.reports.mapValues {
            DeliveryReport(reference: $0.reference, status: $0.status, reasonCode: $0.reasonCode, at: .distantPast)
        }
        return (outcomes, reports)
    }
}

/// Collects what a provider hands its sink.
final class ReportCollector: Sendable {
    private struct State {
        var reports: [Int64: DeliveryReport] = [:]
        var count = 0
        var handOvers = 0
        var firstArrival: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    var sink: DeliveryReportSink {
        { reports in
            self.state.withLock { state in
                state.handOvers += 1
                state.firstArrival = state.firstArrival ?? .now
                state.count += reports.count
                for report in reports {
                    if case .message(let id) = report.reference {
                        state.reports[id] = report
                    }
                }
            }
        }
    }

    var count: Int { self.state.withLock { $0.count } }
    var handOvers: Int { self.state.withLock { $0.handOvers } }
    var firstArrival: ContinuousClock.Instant? { self.state.withLock { $0.firstArrival } }
    var reports: [Int64: DeliveryReport] { self.state.withLock { $0.reports } }

    func wait(for expected: Int, timeout: Duration = .seconds(20)) async throws {
        try await self.wait(atLeast: expected, timeout: timeout)
        #expect(self.count == expected)
    }

    func wait(atLeast expected: Int, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while self.count < expected, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
