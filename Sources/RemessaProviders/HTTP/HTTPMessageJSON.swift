import RemessaCore

/// The JSON body of the `http` provider (contract §9), written by hand so the key order is fixed:
/// `{"id","to","text","encoding","segments","correlationId","drop","batch"}`; ids are strings.
enum HTTPMessageJSON {
    /// One message as a JSON object.
    static func object(_ message: OutgoingMessage) -> String {
        var json = "{\"id\":\"\(message.id)\",\"to\":"
        json += Self.quoted(message.destination)
        json += ",\"text\":" + Self.quoted(message.text)
        json += ",\"encoding\":\"\(message.encoding.rawValue)\",\"segments\":\(message.segments)"
        json += ",\"correlationId\":" + (message.correlationID.map(Self.quoted) ?? "null")
        json += ",\"drop\":" + Self.quoted(message.drop)
        json += ",\"batch\":\"\(message.batchID)\"}"
        return json
    }

    /// Messages as a JSON array.
    static func array(_ messages: [OutgoingMessage]) -> String {
        "[" + messages.map(Self.object).joined(separator: ",") + "]"
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped, the rest as UTF-8.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
