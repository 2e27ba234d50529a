import RemessaCore
import RemessaStore

/// What `remessa batch ID` prints.
struct BatchReport {
    let file: FileRecord
    /// `nil` for a file rejected as a whole (or not ingested yet): it has no batch.
    let progress: BatchProgress?
    let publications: [PublicationRecord]
    /// The first failed messages, destinations masked when shown.
    let failures: [MessageRecord]

    /// Terminal statuses that mean the message did not reach the phone for a reason worth a look.
    static let failureStatuses = MessageStatus.allCases.filter { $0.isTerminal && $0 != .delivered && $0 != .cancelled }

    var json: JSONValue {
        .object([
            ("file", file.json),
            ("batch", progress?.json ?? .null),
            ("statuses", .array(statuses.map(Self.statusJSON))),
            ("publications", .array(publications.map(Self.publicationJSON))),
            ("failures", .array(failures.map(Self.failureJSON))),
        ])
    }

    private var statuses: [(MessageStatus, Int)] { progress?.presentStatuses ?? [] }

    private static func statusJSON(_ entry: (MessageStatus, Int)) -> JSONValue {
        .object([
            ("status", .string(entry.0.rawValue)),
            ("count", .int(entry.1)),
            ("terminal", .bool(entry.0.isTerminal)),
            ("ptBR", .string(entry.0.sentence.ptBR)),
            ("en", .string(entry.0.sentence.en)),
        ])
    }

    private static func publicationJSON(_ publication: PublicationRecord) -> JSONValue {
        .object([
            ("kind", .string(publication.kind.rawValue)),
            ("number", .int(publication.number)),
            ("name", .string(publication.name)),
            ("publishedName", .optional(publication.publishedName)),
            ("publishedAt", .timestamp(publication.publishedAt)),
        ])
    }

    private static func failureJSON(_ message: MessageRecord) -> JSONValue {
        .object([
            ("id", .int(Int(message.id))),
            ("line", .int(message.line)),
            ("destination", .string(PersonalDataMask.phone(message.destination))),
            ("correlationId", .optional(message.correlationID)),
            ("status", .string(message.status.rawValue)),
            ("reasonCode", .optional(message.reasonCode)),
        ])
    }
}
