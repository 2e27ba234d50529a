extension MessageTemplate {
    /// A literal's byte range in `literalBytes`, or (`placeholder` >= 0) an index into `placeholders`.
    struct PackedPiece: Sendable {
        let start: Int
        let end: Int
        let placeholder: Int
    }

    /// The row's text when every value is present: one allocation, each part copied once.
    func packed(_ values: UnsafeMutableBufferPointer<FieldText>, byteCount: Int) -> String {
        literalBytes.withUnsafeBufferPointer { literals in
            pieces.withUnsafeBufferPointer { pieces in
                String(unsafeUninitializedCapacity: byteCount) { buffer in
                    guard let base = buffer.baseAddress, let literalBase = literals.baseAddress else { return 0 }
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
        }
    }

    /// The row's text when some value is blank (``MissingFieldPolicy/blank``), with the seams tidied.
    func tidied(_ values: UnsafeMutableBufferPointer<FieldText>) -> String {
        var text = ""
        text.reserveCapacity(literalBytes.count &+ values.reduce(0) { $0 &+ $1.byteCount })
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
