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
            for placeholder in placeholders {
                let value = FieldText(placeholder.source, cell: field(placeholder.source.column))
                if value.isEmpty {
                    if onMissing == .reject {
                        return .missing(placeholder: placeholder.name, column: placeholder.source.column)
                    }
                    hasBlank = true
                }
                (slots + fetched).initialize(to: value)
                fetched &+= 1
            }
            let values = UnsafeMutableBufferPointer(start: slots, count: fetched)
            if hasBlank {
                output.append(contentsOf: tidied(values).utf8)
                return .rendered
            }
            literalBytes.withUnsafeBufferPointer { literals in
                for piece in pieces {
                    if piece.placeholder >= 0 {
                        values[piece.placeholder].append(to: &output)
                    } else {
                        output.append(contentsOf: UnsafeBufferPointer(rebasing: literals[piece.start..<piece.end]))
                    }
                }
            }
            return .rendered
        }
    }
}
