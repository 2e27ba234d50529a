/// The placeholders one file provides: normalised name → where the value is in a row.
///
/// Names are normalised with ``HeaderName/normalise(_:)`` (`Nome Cliente` → `NOME_CLIENTE`), which is also
/// how a template's `@Name` and `{{name}}` are read, so matching ignores case, accents and spacing.
public struct PlaceholderCatalog: Sendable {
    private let sources: [String: PlaceholderSource]
    /// Names an `@Name` may spell: the catalog's and the built-ins, kept here so that compiling a template
    /// (once per row, for a message column) does not rebuild them.
    let knownNames: Set<String>
    /// The length, in UTF-8 bytes, of the longest known name.
    let longestKnownName: Int
    /// Whether some known name has the length, in UTF-8 bytes, of the index: `@Name` looks a prefix up only then,
    /// so a long name run costs no hash per character when a header has a long name.
    let isKnownNameLength: [Bool]

    /// `entries` keys are normalised again here; of two keys that normalise alike, the lower column wins.
    public init(_ entries: [String: PlaceholderSource]) {
        var sources: [String: PlaceholderSource] = [:]
        for (name, source) in entries {
            let key = HeaderName.normalise(name)
            guard !key.isEmpty else { continue }
            if let existing = sources[key], existing.column <= source.column { continue }
            sources[key] = source
        }
        self.sources = sources
        knownNames = Set(sources.keys).union(BuiltInPlaceholder.names)
        longestKnownName = knownNames.map(\.utf8.count).max() ?? 0
        var lengths = Array(repeating: false, count: longestKnownName + 1)
        for name in knownNames { lengths[name.utf8.count] = true }
        isKnownNameLength = lengths
    }

    /// Every column by its header name, plus `@Nome` and `@PrimeiroNome` from `nameColumn` unless a header
    /// already has that name.
    ///
    /// This is the `base` layout's rule (contract §2); for `engage` the headers `NOME_CLIENTE`, `CPFCNPJ`,
    /// `CODCLIENTE`, `TAG`, `CORINGA1`… give the built-ins directly and `nameColumn` is `NOME_CLIENTE`'s.
    public init(headers: [String], nameColumn: Int?) {
        var entries: [String: PlaceholderSource] = [:]
        for (column, header) in headers.enumerated() {
            let key = HeaderName.normalise(header)
            if !key.isEmpty, entries[key] == nil { entries[key] = .column(column) }
        }
        if let nameColumn {
            if entries[BuiltInPlaceholder.name] == nil { entries[BuiltInPlaceholder.name] = .column(nameColumn) }
            if entries[BuiltInPlaceholder.firstName] == nil {
                entries[BuiltInPlaceholder.firstName] = .firstNameOf(column: nameColumn)
            }
        }
        self.init(entries)
    }

    /// The source of a normalised `name`.
    public subscript(name: String) -> PlaceholderSource? {
        sources[name]
    }

    /// The normalised names, sorted.
    public var names: [String] {
        sources.keys.sorted()
    }
}
