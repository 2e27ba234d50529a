/// The shape of a client file (contract §2).
public enum Layout: String, Sendable, CaseIterable, Codable {
    /// Sinch's TXT: `numero;texto;correlationId;` lines and a final `EOF`.
    case sinch
    /// The Engage import layout: 13 fixed columns, strict.
    case engage
    /// A spreadsheet with a header naming a destination column; every other column is a placeholder.
    case base
}

/// How the layout of a file is chosen: detected, or forced by the drop's `layout:`.
public enum LayoutChoice: Sendable, Hashable, Codable {
    case auto
    case forced(Layout)

    /// Parses `auto`, `sinch`, `engage` or `base`.
    public init?(_ text: String) {
        if text == "auto" {
            self = .auto
        } else if let layout = Layout(rawValue: text) {
            self = .forced(layout)
        } else {
            return nil
        }
    }
}
