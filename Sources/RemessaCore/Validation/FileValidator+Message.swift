extension FileValidator {
    /// The row's text: its own message column when filled, else the drop's template, with placeholders expanded
    /// into `messageBytes` (untrimmed). A row that falls back to a template this file cannot fill is rejected.
    mutating func messageText(plan: ColumnPlan) -> RowText {
        var rowTemplate: MessageTemplate?
        var field = "template"
        if let column = plan.message, !isBlank(utf8: cells[column]) {
            field = plan.name(of: column)
            let own = trimmed(cells.string(column))
            // Sinch's TXT carries final texts; the other layouts' message cells may use placeholders.
            if plan.layout == .sinch || !(own.utf8.contains(UInt8(ascii: "@")) || own.utf8.contains(UInt8(ascii: "{")))
            {
                return .text(own)
            }
            if let compiled = rowTemplates[own] {
                rowTemplate = compiled
            } else {
                do {
                    let compiled = try MessageTemplate.compile(own, catalog: plan.catalog)
                    remember(compiled, for: own)
                    rowTemplate = compiled
                } catch {
                    return .rejected(.unknownPlaceholderInRow(field: field, error: error))
                }
            }
        } else if let dropTemplateError, let column = plan.message {
            return .rejected(.templateUnusable(field: plan.name(of: column), error: dropTemplateError))
        }
        // Capture the views, not `self`: a closure over `self` copies the whole validator for every row. The
        // closures are written at the calls: one stored in a local would be escaping, its context allocated.
        let cells = cells
        let (transliterate, onMissing, byteLimit) = (encoder.transliterate, options.onMissingField, renderByteLimit)
        let rendering: MessageTemplate.ByteRendering?
        if let rowTemplate {
            rendering = rowTemplate.render(
                into: &messageBytes,
                transliterated: &transliteratedBytes,
                transliterate: transliterate,
                byteLimit: byteLimit,
                cell: { cells[$0] },
                onMissing: onMissing
            )
        } else {
            // Through the optional in place: binding the drop template would copy (retain) each of its arrays.
            rendering = dropTemplate?.render(
                into: &messageBytes,
                transliterated: &transliteratedBytes,
                transliterate: transliterate,
                byteLimit: byteLimit,
                cell: { cells[$0] },
                onMissing: onMissing
            )
        }
        switch rendering {
        case nil:
            return .text("")
        case .rendered(let byteCount, let transliteratedCount, let transliteratedExtensions)?:
            return .rendered(
                byteCount: byteCount,
                transliteratedCount: transliteratedCount,
                transliteratedExtensions: transliteratedExtensions
            )
        case .missing(let placeholder, let column)?:
            return .rejected(.missingField(field: plan.name(of: column), placeholder: placeholder))
        case .tooLong(let byteCount)?:
            return .tooLong(byteCount: byteCount)
        }
    }

    /// Keeps a row's compiled text for the rows that repeat it (compiling costs far more than rendering), within
    /// the cache's bounds: a text whose entry alone is too big is not kept, and a full cache starts again.
    private mutating func remember(_ compiled: MessageTemplate, for text: String) {
        let size = text.utf8.count &+ compiled.approximateByteSize
        guard size <= Self.rowTemplateEntryBytes else { return }
        if rowTemplates.count >= Self.rowTemplateCacheSize || rowTemplateBytes &+ size > Self.rowTemplateCacheBytes {
            rowTemplates.removeAll(keepingCapacity: true)
            rowTemplateBytes = 0
        }
        rowTemplates[text] = compiled
        rowTemplateBytes &+= size
    }

    /// The longest text a template may render for a row when at most `maxSegments` parts are allowed, in UTF-8
    /// bytes: 64 KiB (a record's default limit), or 16 bytes for each character those parts can hold when that
    /// is more. Every character that stays in a message takes at least one unit of a part, and at most 4 bytes
    /// (3 with its combining accent), so any text over the limit is too long unless nearly all of it is control
    /// or zero-width characters that transliteration drops: not a message anyone writes, and it would cost
    /// memory and time out of all proportion to build.
    static func renderByteLimit(maxSegments: Int) -> Int {
        let parts = min(max(maxSegments, 1), 1 << 20)
        let characters =
            parts == 1 ? SMSEncoding.gsm7.singlePartCapacity : parts * SMSEncoding.gsm7.concatenatedPartCapacity
        return max(64 << 10, 16 * characters)
    }

    /// The rendered message when its final text is plain GSM-7 ASCII as it stands in `messageBytes` or in
    /// `transliteratedBytes` (and needs no trimming): sized without creating its `String`, the transliteration
    /// from its extension count (`nil` when not GSM-7 ASCII) without reading it again. `nil` sends the caller to
    /// ``encodeRendered(byteCount:transliteratedCount:)``, which gives the same verdict on these.
    func bufferedMessage(
        byteCount: Int,
        transliteratedCount: Int?,
        transliteratedExtensions: Int?
    ) -> BufferedMessage? {
        messageBytes.withUnsafeBufferPointer { all -> BufferedMessage? in
            let bytes = UnsafeBufferPointer(rebasing: all[0..<byteCount])
            guard isTrimmedPlain(utf8: bytes) else { return nil }
            if let size = SMSEncoder.asciiGSM7Size(of: bytes) {
                return BufferedMessage(size: size, wasTransliterated: false, inTransliteration: false, count: byteCount)
            }
            guard encoder.transliterate, let transliteratedCount, let transliteratedExtensions else { return nil }
            return transliteratedBytes.withUnsafeBufferPointer { mapped -> BufferedMessage? in
                let text = UnsafeBufferPointer(rebasing: mapped[0..<transliteratedCount])
                let size = SMSEncoder.asciiGSM7Size(of: text, extensions: transliteratedExtensions)
                return BufferedMessage(
                    size: size,
                    wasTransliterated: !equalBytes(text, bytes),
                    inTransliteration: true,
                    count: transliteratedCount
                )
            }
        }
    }

    /// The encoded message in `messageBytes` when it needs no trimming (it starts and ends with a visible ASCII
    /// character, so it is not blank either); `nil` sends the caller to the `String` path.
    func encodeRendered(byteCount: Int, transliteratedCount: Int?) -> EncodedMessage? {
        messageBytes.withUnsafeBufferPointer { all in
            let bytes = UnsafeBufferPointer(rebasing: all[0..<byteCount])
            guard isTrimmedPlain(utf8: bytes) else { return nil }
            guard let transliteratedCount else { return encoder.encode(utf8: bytes) }
            return transliteratedBytes.withUnsafeBufferPointer { mapped in
                encoder.encode(
                    utf8: bytes,
                    transliterated: UnsafeBufferPointer(rebasing: mapped[0..<transliteratedCount])
                )
            }
        }
    }

    /// The row's final message, its text built now if it is still in a buffer.
    func encodedMessage(_ message: RowMessage) -> EncodedMessage {
        switch message {
        case .encoded(let encoded):
            return encoded
        case .buffered(let buffered):
            let text = withBytes(of: buffered) { String(decoding: $0, as: UTF8.self) }
            return EncodedMessage(
                text: text,
                encoding: .gsm7,
                units: buffered.size.units,
                segments: buffered.size.segments,
                wasTransliterated: buffered.wasTransliterated
            )
        }
    }

    /// The duplicate probe of the row's destination and final text, wherever that text is.
    func duplicateProbe(of destination: PhoneNumber, message: RowMessage) -> DuplicateDetector.Probe {
        switch message {
        case .encoded(let encoded):
            DuplicateDetector.probe(of: destination, text: encoded.text)
        case .buffered(let buffered) where buffered.inTransliteration:
            transliteratedBytes.withUnsafeBufferPointer {
                DuplicateDetector.probe(of: destination, utf8: UnsafeBufferPointer(rebasing: $0[0..<buffered.count]))
            }
        case .buffered(let buffered):
            messageBytes.withUnsafeBufferPointer {
                DuplicateDetector.probe(of: destination, utf8: UnsafeBufferPointer(rebasing: $0[0..<buffered.count]))
            }
        }
    }

    private func withBytes<Result>(
        of message: BufferedMessage,
        _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        let buffer = message.inTransliteration ? transliteratedBytes : messageBytes
        return buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<message.count])) }
    }
}

/// A row's message before encoding, or why it has none.
enum RowText {
    /// A final text (the row's own message cell).
    case text(String)
    /// The template's rendering, in the validator's `messageBytes` (and its transliteration in
    /// `transliteratedBytes`, when counted, with its extension characters when it is all GSM-7 ASCII).
    case rendered(byteCount: Int, transliteratedCount: Int?, transliteratedExtensions: Int?)
    /// The template's rendering would take `byteCount` bytes, past ``FileValidator/renderByteLimit``: it was not
    /// built, and the row is `MESSAGE_TOO_LONG`.
    case tooLong(byteCount: Int)
    /// The row is rejected before it has a text.
    case rejected(RowRejection)
}

/// A row's encoded message, or one whose text is still in the validator's buffers.
enum RowMessage {
    case encoded(EncodedMessage)
    case buffered(BufferedMessage)

    var segments: Int {
        switch self {
        case .encoded(let message): message.segments
        case .buffered(let message): message.size.segments
        }
    }

    var encoding: SMSEncoding {
        switch self {
        case .encoded(let message): message.encoding
        case .buffered: .gsm7
        }
    }
}

/// A GSM-7 message whose text is the first `count` bytes of the validator's `messageBytes`, or of its
/// `transliteratedBytes` when `inTransliteration`.
struct BufferedMessage {
    let size: SMSEncoder.Size
    let wasTransliterated: Bool
    let inTransliteration: Bool
    let count: Int
}

/// Whether `a` and `b` hold the same bytes.
@inline(__always)
func equalBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    guard let left = a.baseAddress, let right = b.baseAddress else { return true }
    let (x, y) = (UnsafeRawPointer(left), UnsafeRawPointer(right))
    var offset = 0
    while offset &+ 8 <= a.count {
        if x.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            != y.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        {
            return false
        }
        offset &+= 8
    }
    while offset < a.count {
        if left[offset] != right[offset] { return false }
        offset &+= 1
    }
    return true
}
