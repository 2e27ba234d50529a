/// What a run of bytes looks like as UTF-8.
enum UTF8Validation: Sendable, Equatable {
    /// Only 0x00–0x7F: every encoding Remessa reads agrees on it.
    case ascii
    /// Well-formed UTF-8 with at least one non-ASCII character.
    case valid
    /// Not UTF-8 (overlong forms, surrogates and values past U+10FFFF included).
    case invalid

    /// Classifies `bytes`; a sequence cut short by the end of `bytes` is ignored when `truncatedTailIsValid`
    /// (a sample taken from the start of a file may end in the middle of a character).
    static func classify(_ bytes: some Collection<UInt8>, truncatedTailIsValid: Bool) -> UTF8Validation {
        var sawNonASCII = false
        var iterator = bytes.makeIterator()
        while let lead = iterator.next() {
            if lead < 0x80 { continue }
            sawNonASCII = true
            let continuationCount: Int
            var lowest: UInt8 = 0x80
            var highest: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: continuationCount = 1
            case 0xE0: (continuationCount, lowest) = (2, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: continuationCount = 2
            case 0xED: (continuationCount, highest) = (2, 0x9F)
            case 0xF0: (continuationCount, lowest) = (3, 0x90)
            case 0xF1...0xF3: continuationCount = 3
            case 0xF4: (continuationCount, highest) = (3, 0x8F)
            default: return .invalid
            }
            for position in 0..<continuationCount {
                guard let next = iterator.next() else {
                    return truncatedTailIsValid ? .valid : .invalid
                }
                // Only the first continuation byte has a narrowed range.
                let range = position == 0 ? lowest...highest : 0x80...0xBF
                guard range.contains(next) else { return .invalid }
            }
        }
        return sawNonASCII ? .valid : .ascii
    }

    /// Classifies one field: the stdlib's `String(validating:)` costs several times more on short fields.
    ///
    /// ASCII runs are skipped eight bytes at a time; a truncated sequence at the end is invalid.
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>) -> UTF8Validation {
        guard let base = bytes.baseAddress else { return .ascii }
        let count = bytes.count
        var offset = 0
        var sawNonASCII = false
        while offset < count {
            offset = skipASCII(base, from: offset, count: count)
            guard offset < count else { break }
            sawNonASCII = true
            let lead = base[offset]
            let continuationCount: Int
            var lowest: UInt8 = 0x80
            var highest: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: continuationCount = 1
            case 0xE0: (continuationCount, lowest) = (2, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: continuationCount = 2
            case 0xED: (continuationCount, highest) = (2, 0x9F)
            case 0xF0: (continuationCount, lowest) = (3, 0x90)
            case 0xF1...0xF3: continuationCount = 3
            case 0xF4: (continuationCount, highest) = (3, 0x8F)
            default: return .invalid
            }
            guard offset &+ continuationCount < count else { return .invalid }
            let first = base[offset &+ 1]
            guard first >= lowest && first <= highest else { return .invalid }
            var position = 2
            while position <= continuationCount {
                guard base[offset &+ position] & 0xC0 == 0x80 else { return .invalid }
                position &+= 1
            }
            offset &+= continuationCount &+ 1
        }
        return sawNonASCII ? .valid : .ascii
    }

    /// Whether every byte is below 0x80.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        return skipASCII(base, from: 0, count: bytes.count) == bytes.count
    }

    /// The offset of the first byte at or after `start` that is 0x80 or above, or `count`; eight at a time.
    @inline(__always)
    private static func skipASCII(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
        let raw = UnsafeRawPointer(base)
        var offset = start
        while offset &+ 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            let high = word & 0x8080_8080_8080_8080
            if high != 0 {
                return offset &+ high.trailingZeroBitCount &>> 3
            }
            offset &+= 8
        }
        while offset < count && base[offset] < 0x80 {
            offset &+= 1
        }
        return offset
    }
}
