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
struct TemplateParser {
    private let catalog: PlaceholderCatalog
    private let knownNames: Set<String>
    private let longestKnownName: Int

    init(catalog: PlaceholderCatalog) {
        self.catalog = catalog
        knownNames = Set(catalog.names).union(BuiltInPlaceholder.names)
        longestKnownName = knownNames.map(\.count).max() ?? 0
    }

    enum Piece: Equatable {
        case literal(String)
        case placeholder(name: String, source: PlaceholderSource)
    }

    func parse(_ text: String) throws(TemplateError) -> [Piece] {
        let characters = Array(text)
        var pieces: [Piece] = []
        var literal = ""
        var afterLiteralWordCharacter = false

        func emit(_ name: String, _ source: PlaceholderSource) {
            if !literal.isEmpty { pieces.append(.literal(literal)) }
            literal = ""
            pieces.append(.placeholder(name: name, source: source))
            afterLiteralWordCharacter = false
        }

        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "@", next == "@" {
                literal.append("@")
                afterLiteralWordCharacter = false
                index += 2
                continue
            }
            if character == "@", !afterLiteralWordCharacter,
                let (name, length) = knownName(in: characters, at: index + 1)
            {
                guard let source = catalog[name] else { throw .unknownPlaceholder(name: name, offset: index) }
                emit(name, source)
                index += 1 + length
                continue
            }
            if character == "{", next == "{", let close = closingBraces(in: characters, from: index + 2) {
                let name = HeaderName.normalise(String(characters[(index + 2)..<close]))
                guard !name.isEmpty else { throw .emptyPlaceholder(offset: index) }
                guard let source = catalog[name] else { throw .unknownPlaceholder(name: name, offset: index) }
                emit(name, source)
                index = close + 2
                continue
            }
            literal.append(character)
            afterLiteralWordCharacter = character.isLetter || character.isNumber
            index += 1
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return pieces
    }

    /// The longest known name spelt at the start of the name run at `start`, and how many characters it takes.
    private func knownName(in characters: [Character], at start: Int) -> (name: String, length: Int)? {
        var best: (name: String, length: Int)?
        var end = start
        while end < characters.count, Self.isNameCharacter(characters[end]) {
            end += 1
            let normalised = HeaderName.normalise(String(characters[start..<end]))
            // Normalising a longer prefix never gives a shorter name, so nothing past here can match.
            if normalised.count > longestKnownName { break }
            // Strictly longer: `@Nome_` matches `NOME` on `Nome` and leaves the `_` as text.
            if knownNames.contains(normalised), normalised.count > best?.name.count ?? 0 {
                best = (normalised, end - start)
            }
        }
        return best
    }

    /// The index of the `}}` closing a `{{` whose name starts at `start`.
    private func closingBraces(in characters: [Character], from start: Int) -> Int? {
        var index = start
        while index < characters.count {
            switch characters[index] {
            case "}": return index + 1 < characters.count && characters[index + 1] == "}" ? index : nil
            case "{": return nil
            case let character where character.isNewline: return nil
            default: index += 1
            }
        }
        return nil
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        character == "_" || character.isLetter || (character.isASCII && character.isNumber)
    }
}
