import RemessaCore

/// The JSON body of the `http` provider (contract §9), written by hand so the key order is fixed:
/// `{"id","to","text","encoding","segments","correlationId","drop","batch"}`; ids are strings.
enum HTTPMessageJSON {
    /// One message as a JSON object.
    static func object(_ message: OutgoingMessage) -> String {
        var json = "{\"id\":\"\(message.id)\",\"to\":"
        json += JSONString.quoted(message.destination)
        json += ",\"text\":" + JSONString.quoted(message.text)
        json += ",\"encoding\":\"\(message.encoding.rawValue)\",\"segments\":\(message.segments)"
        json += ",\"correlationId\":" + (message.correlationID.map(JSONString.quoted) ?? "null")
        json += ",\"drop\":" + JSONString.quoted(message.drop)
        json += ",\"batch\":\"\(message.batchID)\"}"
        return json
    }

    /// Messages as a JSON array.
    static func array(_ messages: [OutgoingMessage]) -> String {
        "[" + messages.map(Self.object).joined(separator: ",") + "]"
    }
}
