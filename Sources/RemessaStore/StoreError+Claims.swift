extension StoreError {
    /// A claim refused because another claim of `name` (of `kind`) in `drop` is still in stage `claiming`: exactly
    /// one of two nodes that list the same file at once goes on to rename it.
    package static func claimInProgress(drop: String, name: String, kind: FileKind) -> StoreError {
        let folder = kind == .optout ? "optout" : "inbox"
        return StoreError(.claimInProgress, "\(folder)/\(name) of \(drop) is being claimed already")
    }
}
