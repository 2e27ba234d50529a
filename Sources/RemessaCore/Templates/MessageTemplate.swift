/// A message template compiled once per file and rendered once per row (contract §4).
///
/// Placeholders are `@Name` and `{{name}}`; see ``compile(_:catalog:)`` for how they are read. Values are
/// inserted trimmed. With ``MissingFieldPolicy/blank`` an empty value leaves no trace of itself: the double
/// space it would leave collapses, and no space stays before `, . ; : ! ?` or a line break (`Olá @Nome, oi`
/// → `Olá, oi`; `Olá, @Nome!` → `Olá!`); at the start of the message or a line, the punctuation and spaces
/// that followed it go too.
public struct MessageTemplate: Sendable {
    enum Part: Sendable {
        case literal(TemplateLiteral)
        /// The index into `placeholders`.
        case placeholder(Int)
    }

    /// One value a row provides: every occurrence of its source in the template shares it.
    struct Placeholder: Sendable {
        /// The name of its first occurrence (the one a `MISSING_FIELD` names).
        let name: String
        let source: PlaceholderSource
        /// How many times the template inserts it.
        var uses: Int
    }

    /// The template's parts, for the tidy-up path.
    let parts: [Part]
    /// The same parts as plain values (no reference counting per row): literal byte ranges or placeholders.
    let pieces: [PackedPiece]
    /// Every literal's UTF-8, concatenated.
    let literalBytes: [UInt8]
    /// The values the template reads, one per source in order of first use: a row reads each cell once, however
    /// often the template repeats it (`@X@X@X…` must not cost a trimmed cell per occurrence).
    let placeholders: [Placeholder]
    /// The normalised names of the placeholders used, in order of first use.
    public let placeholderNames: [String]
    let constantText: String?
    /// The literals transliterated to GSM-7, laid out like `literalBytes` and `pieces`, when rows should be
    /// transliterated piece by piece: every literal has a GSM-7 form, none starts with a combining mark (which
    /// would join the value before it), and some literal is not plain GSM-7 ASCII, so every row needs it.
    /// `extensions` counts their extension characters, `nil` when some byte is not GSM-7 ASCII
    /// (``GSM7/asciiExtensionCount(of:)``).
    let transliteratedLiterals: (bytes: [UInt8], pieces: [PackedPiece], extensions: Int?)?

    /// Reads `text` against the placeholders a file provides.
    ///
    /// - `@Name` is case- and accent-insensitive: the name is the run of letters, digits and `_` after the
    ///   `@`, and the longest prefix of it that normalises to a known name (the catalog's or a built-in)
    ///   wins; the rest of the run stays as text (`@Nomes` is `@Nome` + `s`). A run that spells no known name
    ///   is literal text, and `@@` is a literal `@`.
    /// - An `@` directly after a letter or digit of literal text is literal, so e-mail addresses such as
    ///   `contato@loja.com.br` survive. After a placeholder it starts another (`@Coringa1@Coringa2`).
    /// - A built-in (`@Coringa1`) whose column this file lacks throws rather than being sent as text.
    /// - `{{ name }}` is trimmed and normalised (`{{nome cliente}}` is `NOME_CLIENTE`); one the catalog lacks
    ///   throws. A `{{` with no `}}` before the next brace or line break is literal.
    public static func compile(_ text: String, catalog: PlaceholderCatalog) throws(TemplateError) -> MessageTemplate {
        let pieces = try TemplateParser(catalog: catalog).parse(text)
        // Without placeholders the parser returns at most one literal (`@@` already read as `@`).
        if pieces.count <= 1, case .literal(let constant)? = pieces.first ?? .literal("") {
            return MessageTemplate(constant: constant)
        }
        var parts: [Part] = []
        var placeholders: [Placeholder] = []
        var slots: [PlaceholderSource: Int] = [:]
        var names: [String] = []
        var seenNames: Set<String> = []
        for piece in pieces {
            switch piece {
            case .literal(let text):
                parts.append(.literal(TemplateLiteral(text)))
            case .placeholder(let name, let source):
                if let slot = slots[source] {
                    placeholders[slot].uses += 1
                    parts.append(.placeholder(slot))
                    // Another spelling of a value already read is rare: most repeats skip the name set.
                    if placeholders[slot].name != name, seenNames.insert(name).inserted { names.append(name) }
                } else {
                    slots[source] = placeholders.count
                    parts.append(.placeholder(placeholders.count))
                    placeholders.append(Placeholder(name: name, source: source, uses: 1))
                    if seenNames.insert(name).inserted { names.append(name) }
                }
            }
        }
        return MessageTemplate(parts: parts, placeholders: placeholders, names: names)
    }

    private init(parts: [Part], placeholders: [Placeholder], names: [String]) {
        self.parts = parts
        self.placeholders = placeholders
        placeholderNames = names
        var literalBytes: [UInt8] = []
        var pieces: [PackedPiece] = []
        for part in parts {
            switch part {
            case .literal(let literal):
                let start = literalBytes.count
                literalBytes += literal.text.utf8
                pieces.append(PackedPiece(start: start, end: literalBytes.count, placeholder: -1))
            case .placeholder(let index):
                pieces.append(PackedPiece(start: 0, end: 0, placeholder: index))
            }
        }
        self.literalBytes = literalBytes
        self.pieces = pieces
        constantText = nil
        transliteratedLiterals = Self.transliterated(parts, literalBytes: literalBytes)
    }

    private static func transliterated(
        _ parts: [Part],
        literalBytes: [UInt8]
    ) -> (bytes: [UInt8], pieces: [PackedPiece], extensions: Int?)? {
        let plain = literalBytes.withUnsafeBufferPointer { SMSEncoder.asciiGSM7Size(of: $0) != nil }
        if plain { return nil }
        var bytes: [UInt8] = []
        var pieces: [PackedPiece] = []
        for part in parts {
            switch part {
            case .literal(let literal):
                if let first = literal.text.unicodeScalars.first, first.value >= 0x300, first.value <= 0x36F {
                    return nil
                }
                guard let mapped = GSM7.transliterate(literal.text) else { return nil }
                let start = bytes.count
                bytes += mapped.utf8
                pieces.append(PackedPiece(start: start, end: bytes.count, placeholder: -1))
            case .placeholder(let index):
                pieces.append(PackedPiece(start: 0, end: 0, placeholder: index))
            }
        }
        return (bytes, pieces, bytes.withUnsafeBufferPointer { GSM7.asciiExtensionCount(of: $0) })
    }

    /// A template without placeholders: every row gets `text`, so nothing else is kept.
    private init(constant text: String) {
        parts = []
        pieces = []
        literalBytes = []
        placeholders = []
        placeholderNames = []
        constantText = text
        transliteratedLiterals = nil
    }

    /// About how much memory the compiled template holds, for caches to bound what they keep.
    var approximateByteSize: Int {
        // Literal text is held twice (in `parts` and `literalBytes`), each literal's string in an allocation of its
        // own (about 32 bytes of header); every part also has a piece and maybe a transliterated one.
        let text =
            literalBytes.count &* 2 &+ (transliteratedLiterals?.bytes.count ?? 0) &+ (constantText?.utf8.count ?? 0)
        let perPart = MemoryLayout<Part>.stride &+ 32 &+ 2 &* MemoryLayout<PackedPiece>.stride
        return text &+ parts.count &* perPart &+ placeholders.count &* MemoryLayout<Placeholder>.stride
    }

    /// `field(i)` returns the row's decoded value of column i ("" when absent).
    ///
    /// With ``MissingFieldPolicy/reject`` the first placeholder whose value is blank makes the result
    /// `.missing`; `field` is not asked for the placeholders after it.
    public func render(field: (Int) -> String, onMissing: MissingFieldPolicy) -> TemplateRendering {
        if let constantText { return .text(constantText) }
        return withValues(
            value: { FieldText($0, cell: field($0.column)) },
            onMissing: onMissing,
            missing: { TemplateRendering.missing(placeholder: $0, column: $1) },
            render: { values, valueByteCount, hasBlank in
                if hasBlank { return .text(tidied(values, valueByteCount: valueByteCount)) }
                return .text(packed(values, byteCount: literalBytes.count &+ valueByteCount))
            }
        )
    }
}
