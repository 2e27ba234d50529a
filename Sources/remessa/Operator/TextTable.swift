/// Columns aligned for a terminal: a header row, then one row per item, two spaces between columns.
struct TextTable {
    enum Alignment {
        case left, right
    }

    struct Column {
        var title: String
        var alignment: Alignment = .left
    }

    private struct Row {
        var cells: [String]
        var colours: [Int: TerminalStyle.Colour]
    }

    let columns: [Column]
    private var rows: [Row] = []

    init(_ columns: [Column]) {
        self.columns = columns
    }

    var isEmpty: Bool { rows.isEmpty }

    /// Adds a row; `colours` paints cells by column index (after alignment, so colour never shifts a column).
    mutating func append(_ cells: [String], colours: [Int: TerminalStyle.Colour] = [:]) {
        rows.append(Row(cells: cells, colours: colours))
    }

    /// The lines of the table, each starting with `indent`. Cells are measured in characters: the block glyphs
    /// of a progress bar are one column each.
    func lines(indent: String = "", style: TerminalStyle) -> [String] {
        var widths = columns.map(\.title.count)
        for row in rows {
            for (index, cell) in row.cells.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        let header = Row(
            cells: columns.map(\.title),
            colours: Dictionary(uniqueKeysWithValues: columns.indices.map { ($0, .bold) })
        )
        return ([header] + rows).map { row in
            var cells: [String] = []
            for (index, column) in columns.enumerated() {
                let cell = index < row.cells.count ? row.cells[index] : ""
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                let painted = row.colours[index].map { style.paint(cell, $0) } ?? cell
                switch column.alignment {
                case .left: cells.append(index == columns.count - 1 ? painted : painted + padding)
                case .right: cells.append(padding + painted)
                }
            }
            return indent + cells.joined(separator: "  ")
        }
    }
}
