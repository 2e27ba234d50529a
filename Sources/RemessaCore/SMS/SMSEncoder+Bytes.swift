extension SMSEncoder {
    /// ``encode(_:)`` of the text whose valid UTF-8 is `utf8`, creating only the `String` that is sent.
    ///
    /// Transliteration leaves GSM-7 characters as they are and changes every other one (or fails), so the
    /// text was transliterated exactly when the mapped bytes differ from `utf8`.
    public func encode(utf8: UnsafeBufferPointer<UInt8>) -> EncodedMessage {
        if let size = Self.asciiGSM7Size(of: utf8) {
            return EncodedMessage(
                text: String(decoding: utf8, as: UTF8.self),
                encoding: .gsm7,
                units: size.units,
                segments: size.segments,
                wasTransliterated: false
            )
        }
        if transliterate, let mapped = GSM7.transliterate(utf8: utf8), let size = Self.gsm7Size(of: mapped) {
            var mapped = mapped
            let changed = mapped.withUTF8 { !$0.elementsEqual(utf8) }
            return EncodedMessage(
                text: mapped,
                encoding: .gsm7,
                units: size.units,
                segments: size.segments,
                wasTransliterated: changed
            )
        }
        return encode(String(decoding: utf8, as: UTF8.self))
    }

    /// ``encode(utf8:)`` when `transliterated` is already `GSM7.transliterate` of `utf8` (so it has a GSM-7 form).
    func encode(utf8: UnsafeBufferPointer<UInt8>, transliterated: UnsafeBufferPointer<UInt8>) -> EncodedMessage {
        guard transliterate, Self.asciiGSM7Size(of: utf8) == nil else { return encode(utf8: utf8) }
        let text = String(decoding: transliterated, as: UTF8.self)
        guard let size = Self.asciiGSM7Size(of: transliterated) ?? Self.gsm7Size(of: text) else {
            return encode(String(decoding: utf8, as: UTF8.self))
        }
        return EncodedMessage(
            text: text,
            encoding: .gsm7,
            units: size.units,
            segments: size.segments,
            wasTransliterated: !transliterated.elementsEqual(utf8)
        )
    }
}
