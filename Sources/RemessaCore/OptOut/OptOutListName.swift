/// How opt-out lists are named in the store: a shared list by its own name (`global`, the one an operator's
/// plain `remessa optout add` changes), a drop's own list as `drop:<drop>`, which no shared name can spell.
public enum OptOutListName {
    /// The shared list every drop subscribes to unless its `optOutLists` says otherwise.
    public static let global = "global"

    /// The store's name of `drop`'s own list.
    public static func own(drop: String) -> String {
        "drop:" + drop
    }

    /// The drop whose own list `list` is, `nil` for a shared list.
    public static func drop(of list: String) -> String? {
        list.hasPrefix("drop:") ? String(list.dropFirst(5)) : nil
    }

    /// Whether `name` can name a shared list: ASCII letters, digits, `_` and `-`, as drop and route names.
    public static func isSharedName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }
}
