/// A message as it will be sent: final text, encoding, size and number of parts.
public struct EncodedMessage: Sendable, Hashable {
    /// The text that will be sent: transliterated when that made it GSM-7, otherwise the original.
    public let text: String
    public let encoding: SMSEncoding
    /// GSM-7 septets (an extension character counts 2) or UTF-16 code units (an emoji counts 2).
    public let units: Int
    /// Parts billed and sent; 0 only for empty text.
    public let segments: Int
    /// Whether `text` differs from the input because characters were mapped to GSM-7.
    public let wasTransliterated: Bool

    public init(text: String, encoding: SMSEncoding, units: Int, segments: Int, wasTransliterated: Bool) {
        self.text = text
        self.encoding = encoding
        self.units = units
        self.segments = segments
        self.wasTransliterated = wasTransliterated
    }
}
