/// Chooses a message's encoding and counts its units and parts (contract §4).
///
/// GSM-7 when every character is in the GSM 03.38 alphabet (extension characters count two septets);
/// otherwise, with `transliterate`, the text is first mapped to GSM-7 (`ã` → `a`, `“` → `"`, see
/// ``GSM7/transliterate(_:)``); if a character still has no GSM-7 form (an emoji), the message is UCS-2 and
/// the original text, accents included, is sent. Parts are 160 or 153 septets, 70 or 67 UTF-16 code units,
/// counted by greedy packing: an escape pair or a surrogate pair never straddles two parts.
///
/// Empty text is GSM-7 with 0 units and 0 segments. Plain GSM-7 ASCII takes a byte loop with no allocation;
/// the returned text then shares the input's storage.
public struct SMSEncoder: Sendable {
    public var transliterate: Bool

    public init(transliterate: Bool = true) {
        self.transliterate = transliterate
    }

    public func encode(_ text: String) -> EncodedMessage {
        if let size = Self.gsm7Size(of: text) {
            return EncodedMessage(
                text: text,
                encoding: .gsm7,
                units: size.units,
                segments: size.segments,
                wasTransliterated: false
            )
        }
        if transliterate, let mapped = GSM7.transliterate(text), let size = Self.gsm7Size(of: mapped) {
            return EncodedMessage(
                text: mapped,
                encoding: .gsm7,
                units: size.units,
                segments: size.segments,
                wasTransliterated: true
            )
        }
        let size = Self.ucs2Size(of: text)
        return EncodedMessage(
            text: text,
            encoding: .ucs2,
            units: size.units,
            segments: size.segments,
            wasTransliterated: false
        )
    }

    struct Size {
        var units: Int
        var segments: Int
    }

    /// Septets and parts of `text`, or `nil` when a character is outside GSM-7.
    static func gsm7Size(of text: String) -> Size? {
        let ascii = text.utf8.withContiguousStorageIfAvailable { asciiGSM7Size(of: $0) }
        switch ascii {
        case .some(.some(let size)): return size
        // Not plain GSM-7 ASCII (or, never for native strings, not contiguous): look at scalars.
        case .some(.none), .none: return scalarGSM7Size(of: text)
        }
    }

    /// The fast path: `nil` as soon as a byte is not ASCII or not in the alphabet.
    static func asciiGSM7Size(of bytes: UnsafeBufferPointer<UInt8>) -> Size? {
        guard let extensions = GSM7.asciiExtensionCount(of: bytes) else { return nil }
        return asciiGSM7Size(of: bytes, extensions: extensions)
    }

    /// ``asciiGSM7Size(of:)`` of `bytes` already known to be GSM-7 ASCII with `extensions` extension characters
    /// (``GSM7/asciiExtensionCount(of:)``): only a long text with extensions is read again, to place its parts.
    static func asciiGSM7Size(of bytes: UnsafeBufferPointer<UInt8>, extensions: Int) -> Size {
        guard let base = bytes.baseAddress else { return Size(units: 0, segments: 0) }
        let count = bytes.count
        let units = count &+ extensions
        guard units > SMSEncoding.gsm7.singlePartCapacity, extensions > 0 else {
            return Size(units: units, segments: evenSegments(units: units, encoding: .gsm7))
        }
        var counter = SegmentCounter(capacity: SMSEncoding.gsm7.concatenatedPartCapacity)
        var index = 0
        while index &+ 8 <= count {
            if UTF8Word(base, at: index).isPlainGSM7 {
                counter.addSingles(8)
            } else {
                for offset in index..<index &+ 8 {
                    counter.add(GSM7.asciiCost(base[offset]) ?? 1)
                }
            }
            index &+= 8
        }
        for offset in index..<count {
            counter.add(GSM7.asciiCost(base[offset]) ?? 1)
        }
        return Size(units: units, segments: counter.segments)
    }

    private static func scalarGSM7Size(of text: String) -> Size? {
        var units = 0
        var extensions = 0
        for scalar in text.unicodeScalars {
            guard let cost = GSM7.septetCount(of: scalar) else { return nil }
            units &+= cost
            extensions &+= cost &- 1
        }
        guard units > SMSEncoding.gsm7.singlePartCapacity, extensions > 0 else {
            return Size(units: units, segments: evenSegments(units: units, encoding: .gsm7))
        }
        var counter = SegmentCounter(capacity: SMSEncoding.gsm7.concatenatedPartCapacity)
        for scalar in text.unicodeScalars {
            counter.add(GSM7.septetCount(of: scalar) ?? 1)
        }
        return Size(units: units, segments: counter.segments)
    }

    /// UTF-16 code units and parts; a scalar above U+FFFF is a surrogate pair (2 units).
    static func ucs2Size(of text: String) -> Size {
        var text = text
        return text.withUTF8 { ucs2Size(ofUTF8: $0) }
    }

    /// Counts from UTF-8 directly: every byte but a continuation byte starts a scalar, and a four-byte lead
    /// starts one above U+FFFF.
    static func ucs2Size(ofUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Size {
        guard let base = bytes.baseAddress else { return Size(units: 0, segments: 0) }
        let count = bytes.count
        var units = 0
        var pairs = 0
        var index = 0
        while index &+ 8 <= count {
            let word = UTF8Word(base, at: index)
            units &+= word.scalarStarts
            pairs &+= word.fourByteLeads
            index &+= 8
        }
        for offset in index..<count {
            let byte = base[offset]
            units &+= byte & 0xC0 != 0x80 ? 1 : 0
            pairs &+= byte >= 0xF0 ? 1 : 0
        }
        units &+= pairs
        guard units > SMSEncoding.ucs2.singlePartCapacity, pairs > 0 else {
            return Size(units: units, segments: evenSegments(units: units, encoding: .ucs2))
        }
        var counter = SegmentCounter(capacity: SMSEncoding.ucs2.concatenatedPartCapacity)
        index = 0
        while index &+ 8 <= count {
            let word = UTF8Word(base, at: index)
            if word.fourByteLeads == 0 {
                counter.addSingles(word.scalarStarts)
            } else {
                for offset in index..<index &+ 8 where base[offset] & 0xC0 != 0x80 {
                    counter.add(base[offset] >= 0xF0 ? 2 : 1)
                }
            }
            index &+= 8
        }
        for offset in index..<count where base[offset] & 0xC0 != 0x80 {
            counter.add(base[offset] >= 0xF0 ? 2 : 1)
        }
        return Size(units: units, segments: counter.segments)
    }

    /// Parts when every character costs one unit, so division is exact.
    @inline(__always)
    private static func evenSegments(units: Int, encoding: SMSEncoding) -> Int {
        if units == 0 { return 0 }
        if units <= encoding.singlePartCapacity { return 1 }
        let part = encoding.concatenatedPartCapacity
        return (units &+ part &- 1) / part
    }
}
