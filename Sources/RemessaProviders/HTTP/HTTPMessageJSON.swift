import Foundation
import RemessaCore

/// The JSON body of the `http` provider (contract §9, §9a), written by hand so the key order is fixed:
/// `{"id","to","text","encoding","segments","correlationId","drop","batch","sender","expiresAt"}`; ids are
/// strings, `expiresAt` is ISO 8601 in UTC (`2026-12-24T21:00:00+00:00`).
enum HTTPMessageJSON {
    /// One message as a JSON object; `sender` is the route's, used when the message's batch has none.
    static func object(_ message: OutgoingMessage, routeSender: String? = nil) -> String {
        var json = "{\"id\":\"\(message.id)\",\"to\":"
        json += JSONString.quoted(message.destination)
        json += ",\"text\":" + JSONString.quoted(message.text)
        json += ",\"encoding\":\"\(message.encoding.rawValue)\",\"segments\":\(message.segments)"
        json += ",\"correlationId\":" + (message.correlationID.map(JSONString.quoted) ?? "null")
        json += ",\"drop\":" + JSONString.quoted(message.drop)
        json += ",\"batch\":\"\(message.batchID)\""
        json += ",\"sender\":" + ((message.sender ?? routeSender).map(JSONString.quoted) ?? "null")
        json += ",\"expiresAt\":" + (message.expiresAt.map { "\"" + Self.iso8601($0) + "\"" } ?? "null") + "}"
        return json
    }

    /// Messages as a JSON array.
    static func array(_ messages: [OutgoingMessage], routeSender: String? = nil) -> String {
        "[" + messages.map { Self.object($0, routeSender: routeSender) }.joined(separator: ",") + "]"
    }

    /// `date` to the whole second (rounded down: the gateway never holds a message past its time) in UTC.
    static func iso8601(_ date: Date) -> String {
        Timestamp.iso8601(secondsSince1970: Int(date.timeIntervalSince1970.rounded(.down)), utcOffset: 0)
    }
}
