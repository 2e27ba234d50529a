import Foundation
import RemessaConfig
import Testing

/// Fixed instants in March 2026: the 6th is a Friday, the 7th a Saturday, the 9th a Monday. Fortaleza and
/// São Paulo both keep UTC−3 all year; Manaus keeps UTC−4.
@Suite("Send schedule: the drop's window and the destination state's")
struct SendScheduleTests {
    private static let ceara = "5585987654321"
    private static let cearaInterior = "5588912345678"
    private static let saoPaulo = "5511987654321"
    private static let rio = "+5521987654321"
    private static let manaus = "5592987654321"
    private static let newYork = "12125550123"

    private func date(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text))
    }

    private func makeSchedule(_ extra: String = "") throws -> SendSchedule {
        try #require(try parse(localDrop("loja", extra)).drops["loja"]?.schedule)
    }

    @Test("Saturday 10:00: a Ceará number waits, a São Paulo number goes")
    func saturday() throws {
        let schedule = try makeSchedule()
        let saturday = try date("2026-03-07T10:00:00-03:00")
        #expect(!schedule.isOpen(at: saturday, destination: Self.ceara))
        #expect(!schedule.isOpen(at: saturday, destination: Self.cearaInterior))
        #expect(schedule.isOpen(at: saturday, destination: Self.saoPaulo))
        #expect(schedule.isOpen(at: saturday, destination: Self.newYork))
        #expect(schedule.nextOpening(after: saturday, destination: Self.saoPaulo) == saturday)
        #expect(
            schedule.nextOpening(after: saturday, destination: Self.ceara) == (try date("2026-03-09T08:00:00-03:00"))
        )
    }

    @Test("a Ceará weekday at 18:30 opens again the next weekday at 08:00 Fortaleza time")
    func evening() throws {
        let schedule = try makeSchedule()
        let wednesday = try date("2026-03-04T18:30:00-03:00")
        #expect(!schedule.isOpen(at: wednesday, destination: Self.ceara))
        #expect(
            schedule.nextOpening(after: wednesday, destination: Self.ceara)
                == (try date("2026-03-05T08:00:00-03:00"))
        )
        let friday = try date("2026-03-06T18:30:00-03:00")
        #expect(
            schedule.nextOpening(after: friday, destination: Self.ceara) == (try date("2026-03-09T08:00:00-03:00"))
        )
        #expect(schedule.isOpen(at: try date("2026-03-06T17:59:59-03:00"), destination: Self.ceara))
        #expect(!schedule.isOpen(at: try date("2026-03-06T18:00:00-03:00"), destination: Self.ceara))
        #expect(!schedule.isOpen(at: try date("2026-03-06T07:59:00-03:00"), destination: Self.ceara))
    }

    @Test("holidays close the state windows, even without a drop window")
    func holidays() throws {
        let schedule = try makeSchedule("holidays: [\"2026-03-19\"]")
        let holiday = try date("2026-03-19T10:00:00-03:00")
        #expect(!schedule.isOpen(at: holiday, destination: Self.ceara))
        #expect(schedule.isOpen(at: holiday, destination: Self.saoPaulo))
        #expect(
            schedule.nextOpening(after: holiday, destination: Self.ceara) == (try date("2026-03-20T08:00:00-03:00"))
        )
    }

    @Test("the drop's window and the state's intersect: 09:00–20:00 and 08:00–18:00 give 09:00–18:00")
    func intersection() throws {
        let schedule = try makeSchedule("sendWindow: {from: \"09:00\", to: \"20:00\", timezone: America/Sao_Paulo}")
        let monday = { (time: String) throws -> Date in try self.date("2026-03-09T\(time):00-03:00") }
        #expect(!schedule.isOpen(at: try monday("08:30"), destination: Self.ceara))
        #expect(schedule.isOpen(at: try monday("09:00"), destination: Self.ceara))
        #expect(schedule.isOpen(at: try monday("17:59"), destination: Self.ceara))
        #expect(!schedule.isOpen(at: try monday("18:00"), destination: Self.ceara))
        #expect(schedule.isOpen(at: try monday("19:00"), destination: Self.saoPaulo))
        #expect(!schedule.isOpen(at: try monday("20:00"), destination: Self.saoPaulo))
        #expect(schedule.nextOpening(after: try monday("08:00"), destination: Self.ceara) == (try monday("09:00")))
        #expect(schedule.nextOpening(after: try monday("07:00"), destination: Self.saoPaulo) == (try monday("09:00")))
        #expect(
            schedule.nextOpening(after: try date("2026-03-06T18:30:00-03:00"), destination: Self.ceara)
                == (try monday("09:00"))
        )
        #expect(
            schedule.nextOpening(after: try date("2026-03-06T18:30:00-03:00"), destination: Self.saoPaulo)
                == (try date("2026-03-06T18:30:00-03:00"))
        )
    }

    @Test("windows in different zones: Manaus (UTC−4) against a drop window in São Paulo time")
    func zones() throws {
        let schedule = try makeSchedule(
            """
            sendWindow: {days: [mon, tue, wed, thu, fri], from: "08:00", to: "12:00"}
            stateWindows: {AM: {from: "08:00", to: "18:00"}}
            """
        )
        let monday = { (time: String) throws -> Date in try self.date("2026-03-09T\(time):00-03:00") }
        // 08:30 in São Paulo is 07:30 in Manaus.
        #expect(!schedule.isOpen(at: try monday("08:30"), destination: Self.manaus))
        #expect(schedule.isOpen(at: try monday("08:30"), destination: Self.ceara))
        #expect(schedule.nextOpening(after: try monday("08:30"), destination: Self.manaus) == (try monday("09:00")))
        // No window for Ceará any more: the drop's window alone.
        #expect(schedule.isOpen(at: try monday("11:59"), destination: Self.ceara))
        #expect(!schedule.isOpen(at: try monday("12:00"), destination: Self.manaus))
        #expect(
            schedule.nextOpening(after: try monday("12:00"), destination: Self.manaus)
                == (try date("2026-03-10T09:00:00-03:00"))
        )
    }

    @Test("a number outside Brazil, or with a DDD not in use, follows only the drop's window")
    func foreign() throws {
        let schedule = try makeSchedule("sendWindow: {days: [sat, sun], from: \"10:00\", to: \"11:00\"}")
        let saturday = try date("2026-03-07T10:30:00-03:00")
        for destination in [Self.newYork, "351912345678", "5520987654321", "55", ""] {
            #expect(schedule.isOpen(at: saturday, destination: destination), "\(destination)")
            #expect(!schedule.isOpen(at: saturday.addingTimeInterval(3600), destination: destination))
        }
        #expect(!schedule.isOpen(at: saturday, destination: Self.ceara))
        #expect(schedule.nextOpening(after: saturday, destination: Self.ceara) == nil)
        let open = try makeSchedule("stateWindows: {}")
        #expect(open.isOpen(at: saturday, destination: Self.ceara))
        #expect(open.nextOpening(after: saturday, destination: Self.ceara) == saturday)
    }

    @Test("a snapshot agrees with the schedule over a week, for several DDDs")
    func snapshotSweep() throws {
        let schedule = try makeSchedule(
            """
            sendWindow: {days: [mon, tue, wed, thu, fri, sat], from: "07:00", to: "20:00"}
            holidays: ["2026-03-11"]
            stateWindows:
              CE: {days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00"}
              PI: {days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00"}
              AM: {from: "10:00", to: "16:30"}
              RJ: {days: [sun], from: "12:00", to: "13:00"}
            """
        )
        let destinations = [
            Self.ceara, Self.cearaInterior, Self.saoPaulo, Self.rio, Self.manaus, Self.newYork, "5586912345678",
        ]
        let start = try date("2026-03-07T00:00:00-03:00")
        var openings = 0
        for step in 0..<(8 * 24 * 60 / 13) {
            let instant = start.addingTimeInterval(Double(step * 13 * 60 + step % 60))
            let snapshot = schedule.snapshot(at: instant)
            #expect(snapshot.date == instant)
            for destination in destinations {
                let open = schedule.isOpen(at: instant, destination: destination)
                #expect(snapshot.isOpen(destination: destination) == open, "\(destination) at \(instant)")
                let next = schedule.nextOpening(after: instant, destination: destination)
                #expect(snapshot.nextOpening(destination: destination) == next, "\(destination) at \(instant)")
                if open {
                    #expect(next == instant)
                    openings += 1
                } else if let next {
                    #expect(next > instant)
                    #expect(schedule.isOpen(at: next, destination: destination))
                    #expect(!schedule.isOpen(at: next.addingTimeInterval(-60), destination: destination))
                }
            }
        }
        #expect(openings > 0)
    }

    @Test("the snapshot's lookups: open and closed destinations at one instant")
    func snapshotAnswers() throws {
        let schedule = try makeSchedule()
        let snapshot = schedule.snapshot(at: try date("2026-03-07T10:00:00-03:00"))
        #expect(!snapshot.isOpen(destination: Self.ceara))
        #expect(snapshot.isOpen(destination: Self.saoPaulo))
        #expect(snapshot.isOpen(destination: Self.newYork))
        #expect(snapshot.nextOpening(destination: Self.ceara) == (try date("2026-03-09T08:00:00-03:00")))
        #expect(snapshot.nextOpening(destination: Self.saoPaulo) == snapshot.date)
    }

    @Test("a schedule built by hand")
    func byHand() throws {
        let fortaleza = try #require(TimeZone(identifier: "America/Fortaleza"))
        let window = SendWindow(
            from: try #require(TimeOfDay(hour: 9, minute: 0)),
            to: try #require(TimeOfDay(hour: 20, minute: 0)),
            timeZone: fortaleza
        )
        let schedule = SendSchedule(window: window, stateWindows: SendSchedule.legalStateWindows)
        let saturday = try date("2026-03-07T10:00:00-03:00")
        #expect(schedule.isOpen(at: saturday, destination: Self.saoPaulo))
        #expect(!schedule.isOpen(at: saturday, destination: Self.ceara))
        #expect(schedule.window == window)
        #expect(schedule.stateWindows.keys.sorted() == ["CE"])
    }
}
