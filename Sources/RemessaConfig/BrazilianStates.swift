import Foundation

/// The 27 Brazilian states (UFs, the Federal District included) and the time zone each one keeps.
enum BrazilianStates {
    /// The IANA zone of each UF. Amazonas and Pará span two zones; the table gives the capital's, which covers
    /// most of the population.
    static let timeZoneIdentifiers: [String: String] = [
        "AC": "America/Rio_Branco", "AL": "America/Maceio", "AM": "America/Manaus", "AP": "America/Belem",
        "BA": "America/Bahia", "CE": "America/Fortaleza", "DF": "America/Sao_Paulo", "ES": "America/Sao_Paulo",
        "GO": "America/Sao_Paulo", "MA": "America/Fortaleza", "MG": "America/Sao_Paulo", "MS": "America/Campo_Grande",
        "MT": "America/Cuiaba", "PA": "America/Belem", "PB": "America/Fortaleza", "PE": "America/Recife",
        "PI": "America/Fortaleza", "PR": "America/Sao_Paulo", "RJ": "America/Sao_Paulo", "RN": "America/Fortaleza",
        "RO": "America/Porto_Velho", "RR": "America/Boa_Vista", "RS": "America/Sao_Paulo", "SC": "America/Sao_Paulo",
        "SE": "America/Maceio", "SP": "America/Sao_Paulo", "TO": "America/Araguaina",
    ]

    /// The UFs in alphabetical order.
    static let all = timeZoneIdentifiers.keys.sorted()

    /// The zone `state` keeps; `nil` for anything but one of the 27 UFs.
    static func timeZone(of state: String) -> TimeZone? {
        timeZoneIdentifiers[state].flatMap(TimeZone.init(identifier:))
    }

    /// The send-hour laws in force, as windows: Ceará's Lei 16.836/2019 allows offer and collection messages
    /// only Monday to Friday, 08:00 to 18:00, and never on holidays.
    static func legalWindows(holidays: Set<CalendarDate>) -> [String: SendWindow] {
        guard
            let from = TimeOfDay(hour: 8, minute: 0), let to = TimeOfDay(hour: 18, minute: 0),
            let fortaleza = timeZone(of: "CE")
        else {
            return [:]
        }
        let weekdays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]
        return ["CE": SendWindow(days: weekdays, from: from, to: to, timeZone: fortaleza, holidays: holidays)]
    }
}
