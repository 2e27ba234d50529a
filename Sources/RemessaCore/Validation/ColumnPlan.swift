/// How the rows of one file are read: its layout and which column plays which part.
struct ColumnPlan: Sendable {
    var layout: Layout
    /// Column names to show in results: the header as written, or the contract's names for headerless files.
    var names: [String]
    /// Columns a row must have (the header's, without trailing empty names).
    var columnCount: Int
    /// Fewest columns a row may have (Sinch rows may stop after the text).
    var minimumColumnCount: Int
    var destination: Int
    var message: Int?
    var correlation: Int?
    var name: Int?
    var priority: Int?
    var taxID: Int?
    /// Engage's `TIPO_DE_REGISTRO`.
    var channel: Int?
    /// `CODCLIENTE` and `TAG` (Engage, or a base file's columns of those names): carried to the final file.
    var clientCode: Int? = nil
    var tag: Int? = nil
    var catalog: PlaceholderCatalog
    /// Line of the header, or `nil` for headerless files.
    var headerLine: Int?

    /// The columns a row's verdict reads: its roles and the drop template's placeholders, or every column when
    /// rows carry their own message (which may name any column).
    func columnsRead(templateNames: [String]) -> [Bool] {
        guard message == nil || layout == .sinch else { return Array(repeating: true, count: columnCount) }
        var read = Array(repeating: false, count: columnCount)
        for column in [destination, message, correlation, name, priority, taxID, channel, clientCode, tag]
            .compactMap({ $0 })
        where column < columnCount {
            read[column] = true
        }
        for name in templateNames {
            switch catalog[name] {
            case .column(let column)?, .firstNameOf(let column)?: if column < columnCount { read[column] = true }
            case nil: continue
            }
        }
        return read
    }

    func name(of column: Int) -> String {
        column < names.count ? names[column] : "#\(column + 1)"
    }
}

/// Reads a header record into a `ColumnPlan`: detects the layout (contract §2: `engage`, then `sinch`, then
/// `base`) or checks the forced one.
enum HeaderInterpreter {
    enum Verdict {
        case header(ColumnPlan)
        /// Headerless Sinch file: the record is already a data row.
        case headerlessSinch(ColumnPlan)
        case rejected(FileRejection)
    }

    static func interpret(fields raw: [String], line: Int, choice: LayoutChoice) -> Verdict {
        var names = raw
        while let last = names.last, last.allSatisfy(\.isWhitespace) { names.removeLast() }
        let normalised = names.map { HeaderName.normalise($0) }

        switch choice {
        case .auto:
            if isEngage(normalised) { return engage(names: names, normalised: normalised, line: line) }
            if let plan = sinch(names: names, normalised: normalised, line: line) { return .header(plan) }
            if let plan = base(names: names, normalised: normalised, line: line) { return .header(plan) }
            if looksLikeSinchRow(raw) { return .headerlessSinch(headerlessSinch()) }
            return .rejected(.unknownLayout(line: line, firstField: raw.first))
        case .forced(.engage):
            guard isEngage(normalised) else {
                return .rejected(.forcedLayoutMismatch(.engage, line: line, missing: "TIPO_DE_REGISTRO"))
            }
            return engage(names: names, normalised: normalised, line: line)
        case .forced(.sinch):
            if let plan = sinch(names: names, normalised: normalised, line: line) { return .header(plan) }
            if looksLikeSinchRow(raw) { return .headerlessSinch(headerlessSinch()) }
            return .rejected(.forcedLayoutMismatch(.sinch, line: line, missing: "numero;texto;correlationId"))
        case .forced(.base):
            if let plan = base(names: names, normalised: normalised, line: line) { return .header(plan) }
            return .rejected(.forcedLayoutMismatch(.base, line: line, missing: "DESTINATION"))
        }
    }

    private static func isEngage(_ normalised: [String]) -> Bool {
        normalised.contains("TIPO_DE_REGISTRO") && normalised.contains("VALOR_DO_REGISTRO")
    }

    private static func engage(names: [String], normalised: [String], line: Int) -> Verdict {
        let expected = EngageLayout.columns
        if normalised.count != expected.count {
            return .rejected(
                .engageHeader(
                    line: line,
                    problem: "it has \(normalised.count) columns",
                    problemPT: "ele tem \(normalised.count) colunas"
                )
            )
        }
        if let stranger = normalised.firstIndex(where: { !expected.contains($0) }) {
            return .rejected(
                .engageHeader(
                    line: line,
                    problem: "column \"\(names[stranger])\" is not part of it",
                    problemPT: "a coluna \"\(names[stranger])\" não faz parte dele"
                )
            )
        }
        if Set(normalised).count != normalised.count {
            return .rejected(
                .engageHeader(line: line, problem: "a column is repeated", problemPT: "há uma coluna repetida")
            )
        }
        let index = { (name: String) in normalised.firstIndex(of: name) }
        var entries = catalogEntries(normalised)
        let nameColumn = index("NOME_CLIENTE")
        addNameEntries(&entries, nameColumn: nameColumn)
        return .header(
            ColumnPlan(
                layout: .engage,
                names: names,
                columnCount: expected.count,
                minimumColumnCount: expected.count,
                destination: index("VALOR_DO_REGISTRO") ?? 1,
                message: index("MENSAGEM"),
                correlation: nil,
                name: nameColumn,
                priority: index("PRIORIDADE"),
                taxID: index("CPFCNPJ"),
                channel: index("TIPO_DE_REGISTRO"),
                clientCode: index("CODCLIENTE"),
                tag: index("TAG"),
                catalog: PlaceholderCatalog(entries),
                headerLine: line
            )
        )
    }

    private static func sinch(names: [String], normalised: [String], line: Int) -> ColumnPlan? {
        guard normalised.count == 2 || normalised.count == 3,
            normalised[0] == SinchLayout.number, normalised[1] == SinchLayout.text,
            normalised.count == 2 || SinchLayout.correlation.contains(normalised[2])
        else { return nil }
        return ColumnPlan(
            layout: .sinch,
            names: names,
            columnCount: 3,
            minimumColumnCount: 2,
            destination: 0,
            message: 1,
            correlation: normalised.count == 3 ? 2 : nil,
            name: nil,
            priority: nil,
            taxID: nil,
            channel: nil,
            catalog: PlaceholderCatalog(catalogEntries(normalised)),
            headerLine: line
        )
    }

    private static func headerlessSinch() -> ColumnPlan {
        ColumnPlan(
            layout: .sinch,
            names: ["numero", "texto", "correlationId"],
            columnCount: 3,
            minimumColumnCount: 2,
            destination: 0,
            message: 1,
            correlation: 2,
            name: nil,
            priority: nil,
            taxID: nil,
            channel: nil,
            catalog: PlaceholderCatalog([:]),
            headerLine: nil
        )
    }

    /// `5511987654321;texto;` — a number first, then at least a text column.
    private static func looksLikeSinchRow(_ fields: [String]) -> Bool {
        guard fields.count >= 2, fields.count <= 4, let first = fields.first else { return false }
        let digits = first.utf8.filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
        return digits >= 8 && first.allSatisfy { "0123456789+()-. ".contains($0) }
    }

    private static func base(names: [String], normalised: [String], line: Int) -> ColumnPlan? {
        guard let destination = first(of: BaseLayout.destination, in: normalised) else { return nil }
        let nameColumn = first(of: BaseLayout.name, in: normalised)
        let taxID = first(of: BaseLayout.taxID, in: normalised)
        var entries = catalogEntries(normalised)
        addNameEntries(&entries, nameColumn: nameColumn)
        if let taxID, entries["CPFCNPJ"] == nil { entries["CPFCNPJ"] = .column(taxID) }
        return ColumnPlan(
            layout: .base,
            names: names,
            columnCount: names.count,
            minimumColumnCount: names.count,
            destination: destination,
            message: first(of: BaseLayout.message, in: normalised),
            correlation: first(of: BaseLayout.correlation, in: normalised),
            name: nameColumn,
            priority: first(of: BaseLayout.priority, in: normalised),
            taxID: taxID,
            channel: nil,
            clientCode: normalised.firstIndex(of: "CODCLIENTE"),
            tag: normalised.firstIndex(of: "TAG"),
            catalog: PlaceholderCatalog(entries),
            headerLine: line
        )
    }

    /// The column of the first alias (in the aliases' order) the header has.
    private static func first(of aliases: [String], in normalised: [String]) -> Int? {
        for alias in aliases {
            if let column = normalised.firstIndex(of: alias) { return column }
        }
        return nil
    }

    /// Every named column is a placeholder under its normalised name; the first of a repeated name wins.
    private static func catalogEntries(_ normalised: [String]) -> [String: PlaceholderSource] {
        var entries: [String: PlaceholderSource] = [:]
        for (column, name) in normalised.enumerated() where !name.isEmpty && entries[name] == nil {
            entries[name] = .column(column)
        }
        return entries
    }

    /// `@Nome` and `@PrimeiroNome` read the name column, whatever the file calls it.
    private static func addNameEntries(_ entries: inout [String: PlaceholderSource], nameColumn: Int?) {
        guard let nameColumn else { return }
        if entries["NOME"] == nil { entries["NOME"] = .column(nameColumn) }
        if entries["PRIMEIRONOME"] == nil { entries["PRIMEIRONOME"] = .firstNameOf(column: nameColumn) }
    }
}
