import Foundation

extension SendSchedule {
    /// The schedule frozen at one instant.
    ///
    /// `isOpen(destination:)` costs an array lookup; `nextOpening(destination:)` was worked out once for the
    /// drop's window and once per distinct state window when the snapshot was taken. The windows count minutes,
    /// so a snapshot refreshed every second is never more than a second late.
    public func snapshot(at date: Date) -> Snapshot {
        let dropOpen = window?.contains(date) ?? true
        let dropOpening = dropOpen ? date : window?.nextOpening(after: date)
        var openings: [Date?] = []
        var windowOpen: [Bool] = []
        openings.reserveCapacity(distinctWindows.count)
        windowOpen.reserveCapacity(distinctWindows.count)
        for stateWindow in distinctWindows {
            let open = dropOpen && stateWindow.contains(date)
            windowOpen.append(open)
            openings.append(open ? date : Self.nextOpening(after: date, window: window, stateWindow: stateWindow))
        }
        let openByAreaCode = windowIndexByAreaCode.map { $0 < 0 ? dropOpen : windowOpen[$0] }
        return Snapshot(
            date: date,
            dropOpen: dropOpen,
            dropOpening: dropOpening,
            openByAreaCode: openByAreaCode,
            windowIndexByAreaCode: windowIndexByAreaCode,
            openingByWindow: openings
        )
    }

    /// The schedule at one instant (`SendSchedule.snapshot(at:)`).
    public struct Snapshot: Sendable {
        /// The instant the snapshot answers for.
        public let date: Date
        let dropOpen: Bool
        let dropOpening: Date?
        /// Whether both windows are open, for each two-digit DDD.
        let openByAreaCode: [Bool]
        let windowIndexByAreaCode: [Int]
        /// The next opening of the drop's window together with each distinct state window.
        let openingByWindow: [Date?]

        /// Whether a message to `destination` (E.164 digits) may be sent at `date`.
        public func isOpen(destination: String) -> Bool {
            guard let areaCode = SendSchedule.brazilianAreaCode(of: destination) else {
                return dropOpen
            }
            return openByAreaCode[areaCode]
        }

        /// `date` when a message to `destination` may be sent then, else the first later instant when it may;
        /// `nil` when the windows do not open together within about a year.
        public func nextOpening(destination: String) -> Date? {
            guard let areaCode = SendSchedule.brazilianAreaCode(of: destination) else {
                return dropOpening
            }
            let index = windowIndexByAreaCode[areaCode]
            return index < 0 ? dropOpening : openingByWindow[index]
        }
    }
}
