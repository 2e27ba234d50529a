import RemessaCore
import RemessaStore

extension FileRecord {
    /// One word for where the file is: its outcome once done, else the stage it is at.
    var operatorState: String {
        switch stage {
        case .vanished: "vanished"
        case .done: outcome?.rawValue ?? "done"
        default: "in progress (\(stage.rawValue))"
        }
    }

    /// The file as the operator commands print it in JSON.
    var json: JSONValue {
        .object([
            ("id", .int(Int(id))),
            ("drop", .string(drop)),
            ("name", .string(name)),
            ("stage", .string(stage.rawValue)),
            ("outcome", .optional(outcome?.rawValue)),
            ("layout", .optional(layout)),
            ("encoding", .optional(encoding)),
            ("rows", .int(rows)),
            ("accepted", .int(accepted)),
            ("rejected", .int(rejected)),
            ("segments", .int(segments)),
            ("errorCode", .optional(errorCode)),
            ("errorMessage", .optional(errorMessage)),
            ("movedTo", .optional(movedTo)),
            ("claimedAt", .timestamp(claimedAt)),
            ("ingestedAt", .timestamp(ingestedAt)),
            ("doneAt", .timestamp(doneAt)),
        ])
    }
}
