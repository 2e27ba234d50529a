/// How a message's characters travel: GSM-7 septets or UCS-2 (UTF-16) code units.
///
/// The raw values are the wire spelling of the `http` provider (`"encoding": "GSM7|UCS2"`, contract §9).
public enum SMSEncoding: String, Sendable, Codable, CaseIterable {
    case gsm7 = "GSM7"
    case ucs2 = "UCS2"

    /// Units that fit a message sent as one part: 160 septets or 70 code units.
    public var singlePartCapacity: Int {
        switch self {
        case .gsm7: 160
        case .ucs2: 70
        }
    }

    /// Units per part of a concatenated message: the user data header leaves 153 septets or 67 code units.
    public var concatenatedPartCapacity: Int {
        switch self {
        case .gsm7: 153
        case .ucs2: 67
        }
    }
}
