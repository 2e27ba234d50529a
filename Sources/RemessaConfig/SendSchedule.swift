import Foundation
import RemessaCore

/// When a drop may send to one destination: the drop's `sendWindow`, and for a Brazilian number also the window
/// of the state its DDD serves (`stateWindows`). Both must be open.
///
/// `isOpen(at:destination:)` and `nextOpening(after:destination:)` work out the calendar on every call; a
/// dispatcher checking thousands of messages a second takes a `snapshot(at:)` each second instead, whose
/// answers are table lookups.
public struct SendSchedule: Sendable {
    /// The drop's own window; `nil` for any time.
    public let window: SendWindow?
    /// Windows by state (UF), applied to Brazilian numbers besides `window`.
    public let stateWindows: [String: SendWindow]
    /// The state windows, each once: states that share a window share the work of checking it.
    let distinctWindows: [SendWindow]
    /// For each two-digit DDD, its state's window as an index into `distinctWindows`, or -1 when none applies.
    let windowIndexByAreaCode: [Int]

    /// The legal windows applied when a drop has no `stateWindows` key: Ceará's Lei 16.836/2019 allows offer and
    /// collection messages only Monday to Friday, 08:00 to 18:00 in Fortaleza, never on holidays.
    public static var legalStateWindows: [String: SendWindow] {
        BrazilianStates.legalWindows(holidays: [])
    }

    public init(window: SendWindow?, stateWindows: [String: SendWindow]) {
        self.window = window
        self.stateWindows = stateWindows
        var distinct: [SendWindow] = []
        var indexByWindow: [SendWindow: Int] = [:]
        var indexByAreaCode = [Int](repeating: -1, count: 100)
        for areaCode in 0..<100 {
            guard let state = BrazilianAreaCode.state(of: areaCode), let stateWindow = stateWindows[state] else {
                continue
            }
            if let index = indexByWindow[stateWindow] {
                indexByAreaCode[areaCode] = index
            } else {
                indexByWindow[stateWindow] = distinct.count
                indexByAreaCode[areaCode] = distinct.count
                distinct.append(stateWindow)
            }
        }
        self.distinctWindows = distinct
        self.windowIndexByAreaCode = indexByAreaCode
    }

    /// Whether a message to `destination` (E.164 digits, such as "5585987654321") may be sent at `date`.
    public func isOpen(at date: Date, destination: String) -> Bool {
        guard window?.contains(date) ?? true else {
            return false
        }
        return stateWindow(of: destination)?.contains(date) ?? true
    }

    /// `date` itself when a message to `destination` may be sent then, else the first later instant when it may;
    /// `nil` when the windows do not open together within about a year.
    public func nextOpening(after date: Date, destination: String) -> Date? {
        Self.nextOpening(after: date, window: window, stateWindow: stateWindow(of: destination))
    }

    /// The state window that applies to `destination`, if any.
    func stateWindow(of destination: String) -> SendWindow? {
        guard let areaCode = Self.brazilianAreaCode(of: destination) else {
            return nil
        }
        let index = windowIndexByAreaCode[areaCode]
        return index < 0 ? nil : distinctWindows[index]
    }

    /// The first instant at or after `date` inside both windows: each window's next opening is tried in turn,
    /// from the later of the two, until one falls inside the other.
    static func nextOpening(after date: Date, window: SendWindow?, stateWindow: SendWindow?) -> Date? {
        guard let stateWindow else {
            return window.map { $0.nextOpening(after: date) } ?? date
        }
        guard let window else {
            return stateWindow.nextOpening(after: date)
        }
        var candidate = date
        // An intersection starts where one window opens; each turn moves past at least one opening of each,
        // so windows that never overlap give up after some weeks instead of walking a year of days.
        for _ in 0..<maxAlternations {
            guard
                let dropOpening = window.nextOpening(after: candidate),
                let stateOpening = stateWindow.nextOpening(after: dropOpening)
            else {
                return nil
            }
            if stateOpening == dropOpening || window.contains(stateOpening) {
                return stateOpening
            }
            candidate = stateOpening
        }
        return nil
    }

    static let maxAlternations = 64

    /// The DDD of a Brazilian E.164 number ("55" then two digits; a leading "+" is allowed), `nil` for any other.
    @inline(__always)
    static func brazilianAreaCode(of destination: String) -> Int? {
        var bytes = destination.utf8.makeIterator()
        var first = bytes.next()
        if first == UInt8(ascii: "+") {
            first = bytes.next()
        }
        guard
            first == UInt8(ascii: "5"), bytes.next() == UInt8(ascii: "5"),
            let tens = bytes.next(), let units = bytes.next(),
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(tens),
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(units)
        else {
            return nil
        }
        return Int(tens &- UInt8(ascii: "0")) &* 10 &+ Int(units &- UInt8(ascii: "0"))
    }
}
