import RemessaCore

extension DropConfiguration {
    /// Every list whose numbers the drop never sends to: its own, then those it subscribes to.
    public var suppressionLists: [String] {
        [OptOutListName.own(drop: name)] + optOutLists
    }
}
