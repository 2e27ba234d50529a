/// Where a placeholder's value comes from in a data row.
public enum PlaceholderSource: Sendable, Hashable {
    /// The cell of column `i` (0-based), trimmed.
    case column(Int)
    /// The first word of the cell of `column`, title-cased: `MARIA DA SILVA` → `Maria` (`@PrimeiroNome`).
    case firstNameOf(column: Int)

    /// The column the value is read from.
    public var column: Int {
        switch self {
        case .column(let column), .firstNameOf(let column): column
        }
    }
}
