/// The drop's folder names, relative to its root.
public struct DropFolders: Sendable, Equatable {
    public var inbox: String
    public var processing: String
    public var archive: String
    public var failed: String
    public var outbox: String
    /// Saved bases (contract §10): the client's, read but never sent by themselves.
    public var bases: String
    /// The client's own opt-out uploads (contract §11): numbers to add to or remove from the drop's list.
    public var optout: String

    public init(
        inbox: String = "inbox",
        processing: String = "processing",
        archive: String = "archive",
        failed: String = "failed",
        outbox: String = "outbox",
        bases: String = "bases",
        optout: String = "optout"
    ) {
        self.inbox = inbox
        self.processing = processing
        self.archive = archive
        self.failed = failed
        self.outbox = outbox
        self.bases = bases
        self.optout = optout
    }
}
