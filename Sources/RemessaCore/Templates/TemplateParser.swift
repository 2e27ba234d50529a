/// Reads a template's text into literal and placeholder parts (contract §4).
///
/// - `@Name`: the name is the run of letters (accented too), digits and `_` after the `@`; the longest prefix
///   whose normalised form is a known name (catalog ∪ built-ins) wins, and the rest of the run is text, so
///   with `NOME` and `NOME_CLIENTE` known, `@Nome_Cliente` is the latter and `@Nomes` is `@Nome` + `s`.
///   A run with no known prefix is literal text (`@loja` stays `@loja`).
/// - `@@` is a literal `@`.
/// - An `@` right after a literal letter or digit is literal, so `contato@loja.com.br` survives. After a
///   placeholder it is not: `@Coringa1@Coringa2` is two placeholders.
/// - `{{name}}`: the inner text, trimmed and normalised, must be in the catalog. A `{{` with no `}}` before
///   the next `{`, `}` or line break is literal.
///
/// The scan jumps between `@` and `{` bytes and copies the text between them in slices, so a message cell
/// with no placeholder (an e-mail address, say) costs little even when it is compiled for every row.
struct TemplateParser {
    private let catalog: PlaceholderCatalog

    init(catalog: PlaceholderCatalog) {
        self.catalog = catalog
    }

    enum Piece: Equatable {
        case literal(String)
        case placeholder(name: String, source: PlaceholderSource)
    }

    private static let at = UInt8(ascii: "@")
    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")

    func parse(_ text: String) throws(TemplateError) -> [Piece] {
        let utf8 = text.utf8
        var pieces: [Piece] = []
        var literal = ""
        // Text from here up to the current position is literal and not yet in `literal`.
        var literalStart = text.startIndex
        var scan = text.startIndex
        // Where the last placeholder ended: an `@` there follows a placeholder, not literal text.
        var placeholderEnd: String.Index?

        func emit(_ name: String, _ source: PlaceholderSource, from start: String.Index, to end: String.Index) {
            literal += text[literalStart..<start]
            if !literal.isEmpty { pieces.append(.literal(literal)) }
            literal = ""
            pieces.append(.placeholder(name: name, source: source))
            literalStart = end
            scan = end
            placeholderEnd = end
        }

        while let found = utf8[scan...].firstIndex(where: { $0 == Self.at || $0 == Self.openBrace }) {
            let next = utf8.index(after: found)
            let nextByte = next < utf8.endIndex ? utf8[next] : nil
            if utf8[found] == Self.at {
                if nextByte == Self.at {
                    literal += text[literalStart..<next]
                    literalStart = utf8.index(after: next)
                    scan = literalStart
                } else if found != placeholderEnd, let before = text[..<found].last, Self.isLetterOrDigit(before) {
                    scan = next
                } else if let (name, end) = knownName(in: text, from: next) {
                    guard let source = catalog[name] else {
                        throw .unknownPlaceholder(name: name, offset: text.distance(from: text.startIndex, to: found))
                    }
                    emit(name, source, from: found, to: end)
                } else {
                    scan = next
                }
            } else if nextByte == Self.openBrace, let close = closingBraces(in: utf8, from: utf8.index(after: next)) {
                let name = HeaderName.normalise(text[utf8.index(after: next)..<close])
                let offset = { text.distance(from: text.startIndex, to: found) }
                guard !name.isEmpty else { throw .emptyPlaceholder(offset: offset()) }
                guard let source = catalog[name] else { throw .unknownPlaceholder(name: name, offset: offset()) }
                emit(name, source, from: found, to: utf8.index(close, offsetBy: 2))
            } else {
                scan = next
            }
        }
        // No placeholder and no `@@`: the text itself, sharing its storage.
        if pieces.isEmpty, literalStart == text.startIndex { return text.isEmpty ? [] : [.literal(text)] }
        literal += text[literalStart...]
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return pieces
    }

    /// The longest known name spelt at the start of the name run at `start`, and where it ends.
    private func knownName(in text: String, from start: String.Index) -> (name: String, end: String.Index)? {
        var best: (name: String, end: String.Index)?
        var name = NameRunNormaliser()
        var end = start
        while end < text.endIndex, Self.isNameCharacter(text[end]) {
            name.append(text[end])
            end = text.index(after: end)
            // Normalising a longer prefix never gives a shorter name, so nothing past here can match.
            let length = name.normalised.utf8.count
            if length > catalog.longestKnownName { break }
            // Strictly longer: `@Nome_` matches `NOME` on `Nome` and leaves the `_` as text.
            if catalog.isKnownNameLength[length], length > best?.name.utf8.count ?? 0,
                catalog.knownNames.contains(name.normalised)
            {
                best = (name.normalised, end)
            }
        }
        return best
    }

    /// The index of the `}}` closing a `{{` whose name starts at `start`.
    private func closingBraces(in utf8: String.UTF8View, from start: String.Index) -> String.Index? {
        var index = start
        while index < utf8.endIndex {
            switch utf8[index] {
            case Self.closeBrace:
                let next = utf8.index(after: index)
                return next < utf8.endIndex && utf8[next] == Self.closeBrace ? index : nil
            case Self.openBrace, 0x0A, 0x0D:
                return nil
            default:
                index = utf8.index(after: index)
            }
        }
        return nil
    }

    // ASCII is decided on its byte: Unicode's letter property costs a table lookup per character, which a
    // message of thousands of `@X` pays thousands of times.
    private static func isNameCharacter(_ character: Character) -> Bool {
        if let ascii = character.asciiValue { return ascii == UInt8(ascii: "_") || isASCIILetterOrDigit(ascii) }
        return character.isLetter
    }

    private static func isLetterOrDigit(_ character: Character) -> Bool {
        if let ascii = character.asciiValue { return isASCIILetterOrDigit(ascii) }
        return character.isLetter || character.isNumber
    }

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
