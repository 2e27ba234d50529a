extension MessageTemplate {
    /// A literal's byte range in `literalBytes`, or (`placeholder` >= 0) an index into `placeholders`.
    struct PackedPiece: Sendable {
        let start: Int
        let end: Int
        let placeholder: Int
    }

    /// Reads every placeholder's value for one row (once each, however often the template uses it) into
    /// temporary storage and hands them to `body`, with the size they take in the text (each value times its
    /// uses) and whether one is blank. With ``MissingFieldPolicy/reject`` the first blank value ends it through
    /// `missing` instead, and `value` is not asked for the placeholders after it.
    func withValues<Result>(
        value fieldText: (PlaceholderSource) -> FieldText,
        onMissing: MissingFieldPolicy,
        missing: (_ placeholder: String, _ column: Int) -> Result,
        render body: (_ values: UnsafeMutableBufferPointer<FieldText>, _ valueByteCount: Int, _ hasBlank: Bool) ->
            Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: FieldText.self, capacity: placeholders.count) { storage in
            guard let slots = storage.baseAddress else { return body(storage, 0, false) }
            var fetched = 0
            defer { slots.deinitialize(count: fetched) }
            var valueByteCount = 0
            var hasBlank = false
            for placeholder in placeholders {
                let value = fieldText(placeholder.source)
                if value.isEmpty {
                    if onMissing == .reject { return missing(placeholder.name, placeholder.source.column) }
                    hasBlank = true
                }
                valueByteCount &+= value.byteCount &* placeholder.uses
                (slots + fetched).initialize(to: value)
                fetched &+= 1
            }
            return body(UnsafeMutableBufferPointer(start: slots, count: fetched), valueByteCount, hasBlank)
        }
    }

    /// Copies the literals and `values` in template order to `base`, which has room for them; returns the count.
    func copyPieces(_ values: UnsafeMutableBufferPointer<FieldText>, to base: UnsafeMutablePointer<UInt8>) -> Int {
        literalBytes.withUnsafeBufferPointer { literals in
            guard let literalBase = literals.baseAddress else { return 0 }
            var count = 0
            for piece in pieces {
                if piece.placeholder >= 0 {
                    values[piece.placeholder].copy(to: base + count)
                    count &+= values[piece.placeholder].byteCount
                } else {
                    (base + count).update(from: literalBase + piece.start, count: piece.end &- piece.start)
                    count &+= piece.end &- piece.start
                }
            }
            return count
        }
    }

    /// The row's text when every value is present: one allocation, each part copied once.
    func packed(_ values: UnsafeMutableBufferPointer<FieldText>, byteCount: Int) -> String {
        String(unsafeUninitializedCapacity: byteCount) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return copyPieces(values, to: base)
        }
    }

    /// The row's text when some value is blank (``MissingFieldPolicy/blank``), with the seams tidied;
    /// `valueByteCount` is what the values take in it.
    func tidied(_ values: UnsafeMutableBufferPointer<FieldText>, valueByteCount: Int) -> String {
        var text = ""
        text.reserveCapacity(literalBytes.count &+ valueByteCount)
        var afterBlank = false
        for part in parts {
            switch part {
            case .literal(let literal):
                if afterBlank {
                    literal.append(afterBlank: &text)
                } else {
                    text.append(literal.text)
                }
                afterBlank = false
            case .placeholder(let index):
                if values[index].isEmpty {
                    afterBlank = true
                } else {
                    text.append(contentsOf: values[index].value)
                    afterBlank = false
                }
            }
        }
        if afterBlank { TemplateLiteral.tidyEnd(of: &text) }
        return text
    }
}
