import Foundation
import RemessaConfig
import Testing

@Suite("State send windows (stateWindows)")
struct StateWindowTests {
    private func zone(_ identifier: String) throws -> TimeZone {
        try #require(TimeZone(identifier: identifier))
    }

    @Test("without the key, a drop follows Ceará's law: Mon–Fri 08:00–18:00 in Fortaleza")
    func legalDefault() throws {
        let drop = try #require(try parse(localDrop()).drops["loja"])
        #expect(drop.stateWindows.keys.sorted() == ["CE"])
        let ceara = try #require(drop.stateWindows["CE"])
        #expect(ceara.days == [.monday, .tuesday, .wednesday, .thursday, .friday])
        #expect(ceara.from.description == "08:00")
        #expect(ceara.to.description == "18:00")
        #expect(ceara.timeZone == (try zone("America/Fortaleza")))
        #expect(drop.stateWindows == SendSchedule.legalStateWindows)
    }

    @Test("declared states replace the built-in ones; each zone defaults to the state's own")
    func declared() throws {
        let configuration = try parse(
            localDrop(
                "loja",
                """
                stateWindows:
                  CE: {days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00"}
                  AM: {from: "08:00", to: "20:00"}
                  SP: {from: "08:00", to: "21:00", timezone: UTC}
                """
            )
        )
        let windows = try #require(configuration.drops["loja"]?.stateWindows)
        #expect(windows.keys.sorted() == ["AM", "CE", "SP"])
        #expect(windows["CE"]?.from.description == "09:00")
        #expect(windows["CE"]?.timeZone == (try zone("America/Fortaleza")))
        #expect(windows["AM"]?.timeZone == (try zone("America/Manaus")))
        #expect(windows["AM"]?.days.count == 7)
        #expect(windows["SP"]?.timeZone == (try zone("UTC")))
        let onlySP = try parse(localDrop("loja", "stateWindows: {SP: {from: \"08:00\", to: \"21:00\"}}"))
        #expect(onlySP.drops["loja"]?.stateWindows.keys.sorted() == ["SP"])
    }

    @Test("all 27 states are known, each in a Brazilian zone")
    func everyState() throws {
        let states = [
            "AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA", "PB", "PE", "PI",
            "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO",
        ]
        let lines = states.map { "  \($0): {from: \"08:00\", to: \"18:00\"}" }.joined(separator: "\n")
        let windows = try #require(try parse(localDrop("loja", "stateWindows:\n" + lines)).drops["loja"]?.stateWindows)
        #expect(windows.keys.sorted() == states)
        let instant = Date(timeIntervalSince1970: 1_773_000_000)
        for (state, window) in windows {
            #expect(window.timeZone.identifier.hasPrefix("America/"), "\(state)")
            #expect((-5 * 3600)...(-2 * 3600) ~= window.timeZone.secondsFromGMT(for: instant), "\(state)")
        }
        #expect(windows["AC"]?.timeZone.secondsFromGMT(for: instant) == -5 * 3600)
        #expect(windows["SE"]?.timeZone.identifier == "America/Maceio")
    }

    @Test("stateWindows: {} turns the built-in windows off")
    func disabled() throws {
        let configuration = try parse(localDrop("loja", "stateWindows: {}"))
        #expect(configuration.drops["loja"]?.stateWindows == [:])
        let bare = try parse(localDrop("loja", "stateWindows:"))
        #expect(bare.drops["loja"]?.stateWindows == [:])
    }

    @Test("the file's and the drop's holidays close the state windows too")
    func holidays() throws {
        let configuration = try parse(
            """
            holidays: ["2026-12-25"]
            drops:
              loja:
                transport: local
                path: /srv/loja
                holidays: ["2026-03-19"]
                stateWindows: {CE: {from: "08:00", to: "18:00"}}
              padrao:
                transport: local
                path: /srv/padrao
            """
        )
        let closed = try #require(configuration.drops["loja"]?.stateWindows["CE"]?.holidays)
        #expect(closed.map(\.description).sorted() == ["2026-03-19", "2026-12-25"])
        #expect(configuration.drops["padrao"]?.stateWindows["CE"]?.holidays.map(\.description) == ["2026-12-25"])
        // Holidays need some window to close; the built-in one counts.
        #expect(try parse(localDrop("loja", "holidays: [\"2026-03-19\"]")).drops["loja"]?.sendWindow == nil)
    }

    @Test("bad states and bad windows name their paths")
    func badValues() throws {
        let error = try #require(
            failure(
                localDrop(
                    "loja",
                    """
                    stateWindows:
                      XX: {from: "08:00", to: "18:00"}
                      ce: {from: "08:00", to: "18:00"}
                      SP: {from: "8h", to: "18:00", timezone: Mars/Olympus}
                      RJ: {from: "18:00", to: "08:00"}
                      MG: {days: [mon, funday], from: "08:00", to: "18:00", tz: UTC}
                      BA: weekdays
                    """
                )
            )
        )
        #expect(
            error.issues.map(\.path) == [
                "drops.loja.stateWindows.XX", "drops.loja.stateWindows.ce", "drops.loja.stateWindows.SP.from",
                "drops.loja.stateWindows.SP.timezone", "drops.loja.stateWindows.RJ.to",
                "drops.loja.stateWindows.MG.tz", "drops.loja.stateWindows.MG.days[1]", "drops.loja.stateWindows.BA",
            ]
        )
        #expect(error.issues[0].code == .unknownKey)
        #expect(
            error.issues[0].message.hasPrefix(
                "unknown key; a key is a Brazilian state's two capital letters (UF): AC, AL, AM"
            )
        )
        #expect(error.issues[0].message.hasSuffix("SE, SP, TO"))
        #expect(error.issues[1].message == "unknown key; did you mean `CE`?")
        #expect(error.issues[2].message == "expected a time HH:MM from 00:00 to 23:59, found \"8h\"")
        #expect(error.issues[7].message == "expected a mapping of keys to values, found \"weekdays\"")
        let notAMap = try #require(failure(localDrop("loja", "stateWindows: [CE]")))
        #expect(notAMap.issues.map(\.path) == ["drops.loja.stateWindows"])
    }

    @Test("a near miss of the key itself gets a suggestion")
    func keySuggestion() throws {
        let error = try #require(failure(localDrop("loja", "statewindows: {}")))
        #expect(error.description == "drops.loja.statewindows: unknown key; did you mean `stateWindows`?")
    }
}
