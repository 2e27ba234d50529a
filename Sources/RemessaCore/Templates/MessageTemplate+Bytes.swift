extension MessageTemplate {
    /// How ``render(into:transliterated:transliterate:byteLimit:cell:onMissing:)`` went.
    enum ByteRendering {
        /// The text is the first `byteCount` bytes of the output buffer, not yet trimmed. With
        /// `transliteratedCount`, the first that many bytes of the transliteration buffer are exactly
        /// ``GSM7/transliterate(_:)`` of the text, of which `transliteratedExtensions` are extension characters
        /// (``GSM7/asciiExtensionCount(of:)``; `nil` when it is not all GSM-7 ASCII).
        case rendered(byteCount: Int, transliteratedCount: Int?, transliteratedExtensions: Int?)
        /// As ``TemplateRendering/missing(placeholder:column:)``.
        case missing(placeholder: String, column: Int)
        /// The text would take more than `byteLimit` bytes, so it was not built.
        case tooLong(byteCount: Int)
    }

    /// Renders the row's text as UTF-8 into `output`, so a caller that reuses one buffer creates no `String`
    /// per row. Same text and same rules as ``render(field:onMissing:)``; `cell(i)` is the row's UTF-8 cell of
    /// column i (empty when absent), valid for the whole call.
    ///
    /// With `transliterate`, when the template has ``transliteratedLiterals`` and no value is blank, also
    /// writes the text's GSM-7 transliteration to `transliterated`: the literals' are ready, so only the
    /// values are mapped. Piece by piece is the same as the whole, because a character's mapping depends on
    /// nothing before it except a combining mark joining the letter it follows, and no piece starts with one.
    ///
    /// A text longer than `byteLimit` bytes (before tidying, when a value is blank) is not built at all: its
    /// size is known from the values' before anything is copied, so a row repeating a long cell thousands of
    /// times costs no more than one that uses it once.
    func render(
        into output: inout [UInt8],
        transliterated: inout [UInt8],
        transliterate: Bool,
        byteLimit: Int,
        cell: (Int) -> UnsafeBufferPointer<UInt8>,
        onMissing: MissingFieldPolicy
    ) -> ByteRendering {
        if let constantText {
            output.removeAll(keepingCapacity: true)
            output.append(contentsOf: constantText.utf8)
            return .rendered(byteCount: output.count, transliteratedCount: nil, transliteratedExtensions: nil)
        }
        return withValues(
            value: { FieldText($0, utf8: cell($0.column)) },
            onMissing: onMissing,
            missing: { ByteRendering.missing(placeholder: $0, column: $1) },
            render: { values, valueByteCount, hasBlank in
                let byteCount = literalBytes.count &+ valueByteCount
                if byteCount > byteLimit { return .tooLong(byteCount: byteCount) }
                if hasBlank {
                    output.removeAll(keepingCapacity: true)
                    output.append(contentsOf: tidied(values, valueByteCount: valueByteCount).utf8)
                    return .rendered(byteCount: output.count, transliteratedCount: nil, transliteratedExtensions: nil)
                }
                // Grown, never shrunk, then filled through a pointer: appending piece by piece costs more.
                if output.count < byteCount {
                    output.append(contentsOf: repeatElement(0, count: byteCount &- output.count))
                }
                output.withUnsafeMutableBufferPointer { buffer in
                    guard let base = buffer.baseAddress else { return }
                    _ = copyPieces(values, to: base)
                }
                guard transliterate, let literals = transliteratedLiterals else {
                    return .rendered(byteCount: byteCount, transliteratedCount: nil, transliteratedExtensions: nil)
                }
                let mapped = output.withUnsafeBufferPointer { text in
                    transliteration(of: text, values: values, literals: literals, into: &transliterated)
                }
                return .rendered(
                    byteCount: byteCount,
                    transliteratedCount: mapped?.count,
                    transliteratedExtensions: mapped?.extensions
                )
            }
        )
    }

    /// Writes the transliteration of the rendered `text` to `output`: the literals' from `literals`, the
    /// values' mapped from their bytes in `text`; returns its length and extension characters (as
    /// ``GSM7/asciiExtensionCount(of:)`` of the whole, counted piece by piece). `nil` when a value starts with a
    /// combining mark or has a character without a GSM-7 form (the caller then takes the general path).
    private func transliteration(
        of text: UnsafeBufferPointer<UInt8>,
        values: UnsafeMutableBufferPointer<FieldText>,
        literals: (bytes: [UInt8], pieces: [PackedPiece], extensions: Int?),
        into output: inout [UInt8]
    ) -> (count: Int, extensions: Int?)? {
        // Every replacement is at most twice as long as what it replaces; 8 more for word-wide stores.
        let capacity = literals.bytes.count &+ 2 &* text.count &+ 8
        if output.count < capacity { output.append(contentsOf: repeatElement(0, count: capacity &- output.count)) }
        return output.withUnsafeMutableBufferPointer { buffer -> (count: Int, extensions: Int?)? in
            guard let base = buffer.baseAddress, let textBase = text.baseAddress else { return nil }
            return literals.bytes.withUnsafeBufferPointer { literalBytes -> (count: Int, extensions: Int?)? in
                guard let literalBase = literalBytes.baseAddress else { return nil }
                var count = 0
                var extensions = literals.extensions
                var textOffset = 0
                for (original, piece) in zip(pieces, literals.pieces) {
                    if piece.placeholder >= 0 {
                        let length = values[piece.placeholder].byteCount
                        let value = UnsafeBufferPointer(start: textBase + textOffset, count: length)
                        textOffset &+= length
                        // A combining mark would join the literal's last letter: not piece by piece then.
                        if length >= 2, value[0] == 0xCC || (value[0] == 0xCD && value[1] < 0xB0) { return nil }
                        let room = UnsafeMutableBufferPointer(start: base + count, count: buffer.count &- count)
                        guard let mapped = GSM7.transliterate(utf8: value, into: room, asciiExtensions: &extensions)
                        else { return nil }
                        count &+= mapped
                    } else {
                        let length = piece.end &- piece.start
                        (base + count).update(from: literalBase + piece.start, count: length)
                        count &+= length
                        textOffset &+= original.end &- original.start
                    }
                }
                return (count, extensions)
            }
        }
    }
}
