/// Decides whether a file is UTF-8 or Windows-1252, and decodes its fields accordingly.
///
/// The decision is made once per file, from evidence, and never flips back: a UTF-8 BOM, or valid UTF-8
/// with non-ASCII characters, means UTF-8; bytes that are not UTF-8 mean Windows-1252 (Excel's "CSV" in a
/// Brazilian Windows). A sample with only ASCII leaves the question open, and the first field with non-ASCII
/// bytes settles it for the rest of the file.
///
/// Once the file is UTF-8, a field that is not valid UTF-8 is decoded as Windows-1252 *for that field only*:
/// files assembled from several sources mix encodings, and reading `Jo\u{E3}o` beats U+FFFD. Nothing is ever
/// rejected: every byte sequence decodes.
public struct TextDecoder: Sendable {
    private enum Decision: Sendable {
        case undecided
        case utf8
        case windows1252
    }

    private var decision: Decision

    /// Sniffs the first chunk of a file (BOM included, if any).
    public init(sample: some Collection<UInt8>) {
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) {
            decision = .utf8
            return
        }
        switch UTF8Validation.classify(sample, truncatedTailIsValid: true) {
        case .ascii: decision = .undecided
        case .valid: decision = .utf8
        case .invalid: decision = .windows1252
        }
    }

    /// A decoder whose encoding is already known (a drop configured for one encoding, or tests).
    public init(encoding: TextEncoding) {
        switch encoding {
        case .utf8: decision = .utf8
        case .windows1252: decision = .windows1252
        }
    }

    /// The encoding decided so far; `.utf8` while everything seen was ASCII (the two agree on ASCII).
    public var encoding: TextEncoding {
        decision == .windows1252 ? .windows1252 : .utf8
    }

    /// Decodes one field, settling the encoding if this is the first non-ASCII text seen.
    public mutating func string(from bytes: UnsafeBufferPointer<UInt8>) -> String {
        if decision == .windows1252 {
            return UTF8Validation.isASCII(bytes) ? String(decoding: bytes, as: UTF8.self) : Windows1252.decode(bytes)
        }
        switch UTF8Validation.classify(bytes) {
        case .ascii:
            return String(decoding: bytes, as: UTF8.self)
        case .valid:
            decision = .utf8
            return String(decoding: bytes, as: UTF8.self)
        case .invalid:
            if decision == .undecided {
                decision = .windows1252
            }
            return Windows1252.decode(bytes)
        }
    }

    /// Settles the encoding exactly as ``string(from:)`` would and tells whether `bytes` are UTF-8 as they are
    /// (`true`) or must be read as Windows-1252 (`false`), without creating a `String`.
    mutating func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if decision == .windows1252 { return UTF8Validation.isASCII(bytes) }
        switch UTF8Validation.classify(bytes) {
        case .ascii:
            return true
        case .valid:
            decision = .utf8
            return true
        case .invalid:
            if decision == .undecided {
                decision = .windows1252
            }
            return false
        }
    }

    /// Decodes one field held in any collection (copied first when it is not contiguous).
    public mutating func string(from bytes: some Collection<UInt8>) -> String {
        if let text = bytes.withContiguousStorageIfAvailable({ string(from: $0) }) {
            return text
        }
        return Array(bytes).withUnsafeBufferPointer { string(from: $0) }
    }
}
