import Foundation
import RemessaConfig
import Testing

@Suite("Send windows and holidays")
struct SendWindowTests {
    private let saoPaulo = TimeZone(identifier: "America/Sao_Paulo")

    private func date(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text))
    }

    @Test("the contract's window parses into a value")
    func contractWindow() throws {
        let configuration = try parse(
            localDrop(
                "loja",
                "sendWindow: {days: [mon, tue, wed, thu, fri, sat], from: \"08:00\", to: \"20:00\", timezone: America/Sao_Paulo}"
            )
        )
        let window = try #require(configuration.drops["loja"]?.sendWindow)
        #expect(window.days == [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday])
        #expect(window.from == TimeOfDay(hour: 8, minute: 0))
        #expect(window.to == TimeOfDay(hour: 20, minute: 0))
        #expect(window.timeZone == saoPaulo)
        #expect(window.holidays.isEmpty)
    }

    @Test("days default to every day, the zone to America/Sao_Paulo; long names, 24:00 and 8:30 are read")
    func defaults() throws {
        let configuration = try parse(localDrop("loja", "sendWindow: {from: \"8:30\", to: \"24:00\"}"))
        let window = try #require(configuration.drops["loja"]?.sendWindow)
        #expect(window.days == Set(Weekday.allCases))
        #expect(window.timeZone == saoPaulo)
        #expect(window.from.description == "08:30")
        #expect(window.to.description == "24:00")
        let long = try parse(
            localDrop("loja", "sendWindow: {days: [Monday, SUN], from: \"09:00\", to: \"10:00\", timezone: UTC}")
        )
        #expect(long.drops["loja"]?.sendWindow?.days == [.monday, .sunday])
        #expect(long.drops["loja"]?.sendWindow?.timeZone == TimeZone(identifier: "UTC"))
    }

    @Test("bad days, times and zones name their paths")
    func badValues() throws {
        let error = try #require(
            failure(
                localDrop(
                    "loja",
                    "sendWindow: {days: [mon, funday], from: \"8h\", to: \"25:00\", timezone: Mars/Olympus, tz: x}"
                )
            )
        )
        #expect(
            error.issues.map(\.path) == [
                "drops.loja.sendWindow.tz", "drops.loja.sendWindow.days[1]", "drops.loja.sendWindow.from",
                "drops.loja.sendWindow.to", "drops.loja.sendWindow.timezone",
            ]
        )
        #expect(
            error.issues[1].message
                == "expected one of `sun`, `mon`, `tue`, `wed`, `thu`, `fri`, `sat`, found \"funday\""
        )
        #expect(error.issues[4].message.contains("unknown time zone \"Mars/Olympus\""))
    }

    @Test("from must come before to; both are required; days must not be empty")
    func ordering() throws {
        let backwards = try #require(failure(localDrop("loja", "sendWindow: {from: \"20:00\", to: \"08:00\"}")))
        #expect(
            backwards.description
                == "drops.loja.sendWindow.to: must be later than `from` (20:00); a window does not cross midnight"
        )
        let missing = try #require(failure(localDrop("loja", "sendWindow: {days: []}")))
        #expect(
            missing.issues.map(\.path) == [
                "drops.loja.sendWindow.days", "drops.loja.sendWindow.from", "drops.loja.sendWindow.to",
            ]
        )
        let startAtMidnightEnd = try #require(
            failure(localDrop("loja", "sendWindow: {from: \"24:00\", to: \"24:00\"}"))
        )
        #expect(startAtMidnightEnd.issues.map(\.path) == ["drops.loja.sendWindow.from"])
    }

    @Test("holidays: the drop's and the file's, merged into its window")
    func holidays() throws {
        let configuration = try parse(
            """
            holidays: ["2026-12-25", 2026-01-01]
            drops:
              a:
                transport: local
                path: /srv/a
                sendWindow: {from: "08:00", to: "20:00"}
                holidays: ["2026-11-20"]
              b:
                transport: local
                path: /srv/b
            """
        )
        #expect(
            configuration.holidays == [
                CalendarDate(year: 2026, month: 12, day: 25), CalendarDate(year: 2026, month: 1, day: 1),
            ]
        )
        #expect(configuration.drops["a"]?.holidays.map(\.description) == ["2026-01-01", "2026-11-20", "2026-12-25"])
        #expect(configuration.drops["b"]?.holidays == [])
        #expect(configuration.drops["b"]?.sendWindow == nil)
    }

    @Test("bad holidays, and holidays without a window")
    func badHolidays() throws {
        let error = try #require(failure("holidays: [\"2026-02-30\", \"25/12/2026\", \"2026-1-1\"]\n"))
        #expect(error.issues.map(\.path) == ["holidays[0]", "holidays[1]", "holidays[2]"])
        #expect(error.issues[0].message == "expected a date such as \"2026-12-25\", found \"2026-02-30\"")
        let lonely = try #require(failure(localDrop("loja", "holidays: [\"2026-12-25\"]\nstateWindows: {}")))
        #expect(lonely.codes == [.missingKey])
        #expect(lonely.issues.first?.path == "drops.loja.sendWindow")
    }

    @Test("contains: days, times (to exclusive), holidays, in the window's zone")
    func contains() throws {
        let zone = try #require(saoPaulo)
        let window = SendWindow(
            days: [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday],
            from: try #require(TimeOfDay(hour: 8, minute: 0)),
            to: try #require(TimeOfDay(hour: 20, minute: 0)),
            timeZone: zone,
            holidays: [try #require(CalendarDate(year: 2026, month: 12, day: 25))]
        )
        // São Paulo is UTC-3 all year.
        #expect(window.contains(try date("2026-12-01T11:00:00Z")))  // Tuesday 08:00
        #expect(!window.contains(try date("2026-12-01T10:59:00Z")))  // Tuesday 07:59
        #expect(window.contains(try date("2026-12-01T22:59:00Z")))  // Tuesday 19:59
        #expect(!window.contains(try date("2026-12-01T23:00:00Z")))  // Tuesday 20:00
        #expect(!window.contains(try date("2026-12-06T15:00:00Z")))  // Sunday
        #expect(!window.contains(try date("2026-12-25T15:00:00Z")))  // Christmas, a Friday
        #expect(window.contains(try date("2026-12-26T02:00:00Z")) == false)  // Friday 23:00 local
    }

    @Test("nextOpening skips nights, Sundays and holidays")
    func nextOpening() throws {
        let zone = try #require(saoPaulo)
        let window = SendWindow(
            days: [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday],
            from: try #require(TimeOfDay(hour: 8, minute: 0)),
            to: try #require(TimeOfDay(hour: 20, minute: 0)),
            timeZone: zone,
            holidays: [try #require(CalendarDate(year: 2026, month: 12, day: 7))]
        )
        let open = try date("2026-12-01T12:00:00Z")
        #expect(window.nextOpening(after: open) == open)
        #expect(window.nextOpening(after: try date("2026-12-01T09:00:00Z")) == (try date("2026-12-01T11:00:00Z")))
        #expect(window.nextOpening(after: try date("2026-12-01T23:30:00Z")) == (try date("2026-12-02T11:00:00Z")))
        // Saturday 20:30 local → Monday is a holiday → Tuesday 08:00.
        #expect(window.nextOpening(after: try date("2026-12-05T23:30:00Z")) == (try date("2026-12-08T11:00:00Z")))
        let never = SendWindow(
            days: [],
            from: try #require(TimeOfDay(hour: 8, minute: 0)),
            to: try #require(TimeOfDay(hour: 9, minute: 0)),
            timeZone: zone
        )
        #expect(never.nextOpening(after: open) == nil)
    }

    @Test("value types parse and print")
    func valueTypes() {
        #expect(CalendarDate(parsing: "2024-02-29")?.description == "2024-02-29")
        #expect(CalendarDate(parsing: "2025-02-29") == nil)
        #expect(CalendarDate(parsing: "2025-13-01") == nil)
        #expect(TimeOfDay(parsing: "23:59")?.minutes == 23 * 60 + 59)
        #expect(TimeOfDay(parsing: "24:01") == nil)
        #expect(TimeOfDay(parsing: "12:5") == nil)
        #expect(Weekday(parsing: "Wed") == .wednesday)
        #expect(Weekday(parsing: "quarta") == nil)
    }
}
