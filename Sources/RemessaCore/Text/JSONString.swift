/// JSON string literals written by hand, for output whose shape is fixed and whose speed matters (HTTP bodies,
/// operator JSON, probes).
public enum JSONString {
    /// `text` as a JSON string literal, quotes included: `"`, `\` and control characters escaped (RFC 8259),
    /// everything else as UTF-8.
    public static func quoted(_ text: some StringProtocol) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 2)
        append(text, to: &result)
        return result
    }

    /// Appends `text` as a JSON string literal to `output`.
    public static func append(_ text: some StringProtocol, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
