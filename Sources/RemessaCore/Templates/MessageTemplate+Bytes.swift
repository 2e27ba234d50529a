extension MessageTemplate {
    /// How ``render(into:field:onMissing:)`` went.
    enum ByteRendering {
        /// The text is in the output buffer, not yet trimmed.
        case rendered
        /// As ``TemplateRendering/missing(placeholder:column:)``.
        case missing(placeholder: String, column: Int)
    }

    /// Renders the row's text as UTF-8 into `output` (replacing what it held), so a caller that reuses one
    /// buffer creates no `String` per row. Same text and same rules as ``render(field:onMissing:)``.
    func render(into output: inout [UInt8], field: (Int) -> String, onMissing: MissingFieldPolicy) -> ByteRendering {
        output.removeAll(keepingCapacity: true)
        if let constantText {
            output.append(contentsOf: constantText.utf8)
            return .rendered
        }
        return withUnsafeTemporaryAllocation(of: FieldText.self, capacity: placeholders.count) { values in
            guard let slots = values.baseAddress else { return .rendered }
            var fetched = 0
            defer { slots.deinitialize(count: fetched) }
            var hasBlank = false
            var valueByteCount = 0
            for placeholder in placeholders {
                let value = FieldText(placeholder.source, cell: field(placeholder.source.column))
                if value.isEmpty {
                    if onMissing == .reject {
                        return .missing(placeholder: placeholder.name, column: placeholder.source.column)
                    }
                    hasBlank = true
                }
                valueByteCount &+= value.byteCount
                (slots + fetched).initialize(to: value)
                fetched &+= 1
            }
            let values = UnsafeMutableBufferPointer(start: slots, count: fetched)
            if hasBlank {
                output.append(contentsOf: tidied(values).utf8)
                return .rendered
            }
            // Sized once, then filled through a pointer: appending piece by piece costs more than the copying.
            output.append(contentsOf: repeatElement(0, count: literalBytes.count &+ valueByteCount))
            output.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                literalBytes.withUnsafeBufferPointer { literals in
                    guard let literalBase = literals.baseAddress else { return }
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
                }
            }
            return .rendered
        }
    }
}
