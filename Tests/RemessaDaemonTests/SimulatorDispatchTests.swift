import Foundation
import RemessaConfig
import RemessaCore
import RemessaDaemon
import RemessaPostgres
import RemessaStore
import RemessaTesting
import Testing

@Suite("Dispatch through the simulator", .serialized, .timeLimit(.minutes(3)))
struct SimulatorDispatchTests {
    /// A simulator route that answers fast, with every outcome in its mix.
    static let routeYAML = """
        routes:
          sim:
            provider: simulator
            rate: 2000
            maxInFlight: 50
            simulator:
              delivered: 0.7
              notDelivered: 0.1
              expired: 0.1
              carrierRejected: 0.05
              invalidNumber: 0.05
              submitLatency: 1ms
              dlrDelay: 100ms
              seed: 7

        """

    @Test(
        "Every accepted sample file reaches its final file and summary; each message ends terminal once",
        arguments: StoreKind.allCases
    )
    func sampleDropsEndToEnd(kind: StoreKind) async throws {
        try await kind.withStateDatabase { postgres in try await Self.sampleDropsEndToEnd(postgres: postgres) }
    }

    /// The sample drop through the daemon, on SQLite or (with `postgres`) on PostgreSQL.
    static func sampleDropsEndToEnd(postgres: PostgresSettings?) async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        let names = try fixture.seed("acme-varejo", into: acme)
        let configuration = try fixture.configuration(
            Self.routeYAML + "drops:\n"
                + localDropYAML(
                    "acme",
                    path: acme,
                    extra: """
                            templateFile: \(DaemonFixture.sampleDrops)/acme-varejo/template.txt
                            dlrInterval: 1s
                            stateWindows: {}
                        """
                ),
            postgres: postgres
        )
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        try await fixture.withStore(configuration) { store in
            try await Self.expectSampleDropsDone(store, outbox: acme + "/outbox", names: names)
        }
    }

    static func expectSampleDropsDone(_ store: any Store, outbox outboxPath: String, names: [String]) async throws {
        let acme = (outboxPath as NSString).deletingLastPathComponent
        let batches = try await store.batches()
        #expect(!batches.isEmpty)
        let outbox = DaemonFixture.files(in: acme + "/outbox")
        let final: Set<MessageStatus> = [.delivered, .notDelivered, .expired, .carrierRejected, .invalidNumber]
        for batch in batches {
            #expect(batch.finishedAt != nil, "\(batch.fileName) finished")
            #expect(batch.isTerminal)
            #expect(outbox.contains(batch.fileName + ".final.csv"))
            #expect(outbox.contains(batch.fileName + ".summary.json"))
            #expect(outbox.contains(batch.fileName + ".dlr.0001.csv"))
            let rows = try DaemonFixture.rows(acme + "/outbox/" + batch.fileName + ".final.csv")
            #expect(rows.count == batch.messages)
            for row in rows {
                let status = try #require(MessageStatus(rawValue: row[4]))
                #expect(final.contains(status), "\(row)")
                if status != .invalidNumber {
                    #expect(!row[8].isEmpty, "submitted_at of \(row)")
                }
            }
            let terminalEvents = try await store.events(batchID: batch.id, in: 1...Int64.max).filter(
                \.status.isTerminal
            )
            #expect(terminalEvents.count == batch.messages, "one terminal event per message of \(batch.fileName)")
            #expect(Set(terminalEvents.map(\.messageID)).count == batch.messages)
        }
        #expect(names.contains("clientes-promo.csv"))
    }

    @Test("A state's closed window schedules its numbers while the others go out; the TTL ends them later")
    func stateWindowSchedulesThenExpires() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        try """
        telefone;mensagem
        5511987654321;Oi SP
        5521998765432;Oi RJ
        5511976543210;Oi de novo SP

        """.write(toFile: drop + "/inbox/base.csv", atomically: true, encoding: .utf8)
        // São Paulo's window is open only on a day that is not today, so SP numbers must wait.
        let closedDay = Self.weekdayName(daysFromToday: 3, timeZone: "America/Sao_Paulo")
        let configuration = try fixture.configuration(
            Self.routeYAML + "drops:\n"
                + localDropYAML(
                    "acme",
                    path: drop,
                    extra: """
                            ttl: 12s
                            dlrInterval: 1s
                            stateWindows:
                              SP: {days: [\(closedDay)], from: "08:00", to: "18:00"}
                        """
                )
        )
        // The TTL is long enough for a loaded machine to finish the first run well inside it.
        let started = ContinuousClock.now
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        let batch = try #require(try await store.batches().first)
        #expect(batch.statusCounts[.scheduled] == 2, "\(batch.statusCounts)")
        #expect(batch.finishedAt == nil)
        #expect(!DaemonFixture.files(in: drop + "/outbox").contains("base.csv.final.csv"))

        // The TTL counts from the batch's creation, which a loaded first run may leave a second or more after
        // `started`: wait until it has surely run out, so the second run's first look expires the SP numbers.
        let expiry = batch.createdAt.addingTimeInterval(12 + 1.5).timeIntervalSinceNow
        try await Task.sleep(until: max(started + .seconds(13), .now + .seconds(max(0, expiry))))
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        let rows = try DaemonFixture.rows(drop + "/outbox/base.csv.final.csv")
        let bySP = rows.filter { $0[1].hasPrefix("5511") }
        #expect(bySP.count == 2)
        #expect(bySP.allSatisfy { $0[4] == "EXPIRED" && $0[5] == "TTL_EXPIRED" }, "\(bySP)")
        #expect(rows.first { $0[1].hasPrefix("5521") }?[4] != "EXPIRED")
    }

    @Test("Cancelling a batch mid-send ends its unsent messages CANCELLED and still publishes its final file")
    func cancelMidSend() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        var text = "telefone;mensagem\n"
        for index in 0..<200 {
            text += "55119\(String(format: "%08d", 10_000_000 + index));Mensagem \(index)\n"
        }
        try text.write(toFile: drop + "/inbox/lenta.csv", atomically: true, encoding: .utf8)
        let configuration = try fixture.configuration(
            """
            routes:
              slow:
                provider: simulator
                rate: 20
                burst: 1
                simulator: {dlrDelay: 50ms, delivered: 1, notDelivered: 0, expired: 0, carrierRejected: 0, invalidNumber: 0}
            drops:

            """
                + localDropYAML("acme", path: drop, extra: "    route: slow\n    dlrInterval: 1s\n    stateWindows: {}")
        )
        let run = Task { try await fixture.runUntilIdle(configuration) }
        let operatorStore = try await Self.waitForStore(fixture.statePath)
        var batch: BatchRecord?
        while batch == nil || (batch?.statusCounts[.submitted] ?? 0) + (batch?.statusCounts[.delivered] ?? 0) < 5 {
            try await Task.sleep(for: .milliseconds(100))
            batch = try await operatorStore.batches().first
        }
        let cancelled = try await operatorStore.cancelBatch(try #require(batch).id)
        #expect(cancelled > 100)
        #expect(try await run.value == 0)
        let rows = try DaemonFixture.rows(drop + "/outbox/lenta.csv.final.csv")
        #expect(rows.count == 200)
        #expect(rows.filter { $0[4] == "CANCELLED" }.count == cancelled)
        #expect(rows.allSatisfy { $0[4] == "CANCELLED" || $0[4] == "DELIVERED" })
    }

    /// The English weekday name (`mon` …) `days` days from today in `timeZone`.
    static func weekdayName(daysFromToday days: Int, timeZone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone)!
        let date = calendar.date(byAdding: .day, value: days, to: Date())!
        return ["sun", "mon", "tue", "wed", "thu", "fri", "sat"][calendar.component(.weekday, from: date) - 1]
    }

    /// The store, once the daemon has created it.
    static func waitForStore(_ path: String) async throws -> any Store {
        for _ in 0..<100 {
            if let store = try? SQLiteStore(directory: path, access: .operator) {
                return store
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try SQLiteStore(directory: path, access: .operator)
    }
}
