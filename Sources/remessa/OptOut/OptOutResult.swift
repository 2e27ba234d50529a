import Foundation
import RemessaCore
import RemessaStore

/// One typed number and the entry it had before the command, for `add` and `remove` to report.
struct OptOutResult {
    var destination: String
    /// The entry before the change; `nil` when the number was not on the list.
    var earlier: SuppressionEntry?

    /// The number, `result` (`ifAbsent` or `ifPresent`, by whether it was on the list before) and its earlier
    /// entry's `addedAt`, `addedBy` and `reason` (`null` when it was not on the list).
    func json(ifAbsent: String, ifPresent: String) -> JSONValue {
        .object([
            ("destination", .string(destination)),
            ("result", .string(earlier == nil ? ifAbsent : ifPresent)),
            ("addedAt", .timestamp(earlier?.addedAt)),
            ("addedBy", .optional(earlier?.addedBy)),
            ("reason", .optional(earlier?.reason)),
        ])
    }

    /// "since 2026-11-21T10:00:00-03:00, by maria: pediu por SAC".
    static func describe(_ entry: SuppressionEntry) -> String {
        var text = "since \(Timestamp.iso8601(entry.addedAt)), by \(entry.addedBy)"
        if !entry.reason.isEmpty { text += ": \(entry.reason)" }
        return text
    }

    /// "1 number", "3 numbers".
    static func count(_ count: Int) -> String {
        "\(count) number\(count == 1 ? "" : "s")"
    }
}
