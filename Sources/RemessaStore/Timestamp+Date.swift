import Foundation
import RemessaCore

extension Timestamp {
    /// A stored time (or the clock's) as the outbox files and the operator commands show it, in `timeZone`: the
    /// host's unless told.
    package static func iso8601(_ date: Date, timeZone: TimeZone = .current) -> String {
        iso8601(
            secondsSince1970: Int(date.timeIntervalSince1970.rounded(.down)),
            utcOffset: timeZone.secondsFromGMT(for: date)
        )
    }
}
