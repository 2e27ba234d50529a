/// What a drop's `notify:` URL is told (contract §11).
public enum NoticeEvent: String, Sendable, CaseIterable {
    case fileAccepted = "file.accepted"
    case fileRejected = "file.rejected"
    case batchFinished = "batch.finished"
    case baseSaved = "base.saved"
}

/// The JSON body of one notice, `{"id","event","drop","file","batch","counts","code","at"}`, in that order.
/// Pure: the caller gives the time already formatted.
public struct NoticeDocument: Sendable, Equatable {
    /// Stable: the same happening always has the same id, so a receiver can drop repeats.
    public var id: String
    public var event: NoticeEvent
    public var drop: String
    public var file: String?
    public var batch: Int64?
    /// Named counts in a fixed order (`rows`, `accepted`, `rejected`; or messages per status).
    public var counts: [(String, Int)]
    /// The file's error code (`file.rejected`); nil otherwise.
    public var code: String?
    /// ISO 8601 with its offset.
    public var at: String

    public init(
        id: String,
        event: NoticeEvent,
        drop: String,
        file: String?,
        batch: Int64?,
        counts: [(String, Int)],
        code: String?,
        at: String
    ) {
        self.id = id
        self.event = event
        self.drop = drop
        self.file = file
        self.batch = batch
        self.counts = counts
        self.code = code
        self.at = at
    }

    /// The stable id of `event` about the record `key` (a file's or a base's id) of `drop`.
    public static func id(event: NoticeEvent, drop: String, key: Int64) -> String {
        "\(drop).\(event.rawValue).\(key)"
    }

    public func json() -> String {
        var text = "{\"id\":"
        JSONString.append(id, to: &text)
        text += ",\"event\":"
        JSONString.append(event.rawValue, to: &text)
        text += ",\"drop\":"
        JSONString.append(drop, to: &text)
        text += ",\"file\":"
        if let file { JSONString.append(file, to: &text) } else { text += "null" }
        text += ",\"batch\":" + (batch.map { String($0) } ?? "null")
        text += ",\"counts\":{"
        for (index, (name, value)) in counts.enumerated() {
            if index > 0 { text += "," }
            JSONString.append(name, to: &text)
            text += ":" + String(value)
        }
        text += "},\"code\":"
        if let code { JSONString.append(code, to: &text) } else { text += "null" }
        text += ",\"at\":"
        JSONString.append(at, to: &text)
        return text + "}"
    }

    public static func == (left: NoticeDocument, right: NoticeDocument) -> Bool {
        left.json() == right.json()
    }
}
