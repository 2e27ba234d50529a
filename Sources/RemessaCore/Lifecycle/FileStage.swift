/// How far the daemon durably got with a claimed file; each stage names the one step that comes next, so a
/// restart after a crash at any instant resumes exactly there (contract section 1).
public enum FileStage: String, Sendable, CaseIterable, Codable {
    /// The intent to claim is recorded; the rename into `processing/` may or may not have happened.
    case claiming
    /// The file sits in `processing/`.
    case claimed
    /// The spool holds a complete copy with its SHA-256.
    case downloaded
    /// Validation finished: messages stored (accepted) or the rejection recorded, the result file spooled.
    case ingested
    /// The result or error file is in the outbox.
    case published
    /// The move to `archive/` or `failed/` is recorded as intended.
    case moving
    /// The original is in `archive/` or `failed/`.
    case done
    /// The file disappeared or changed before it could be claimed; nothing was done.
    case vanished

    /// The step to take next; `nil` when the file needs nothing more.
    public var nextStep: FileStep? {
        switch self {
        case .claiming: .confirmClaim
        case .claimed: .download
        case .downloaded: .ingest
        case .ingested: .publishResult
        case .published: .move
        case .moving: .confirmMove
        case .done, .vanished: nil
        }
    }
}

/// One step of a claimed file's way through the daemon.
public enum FileStep: Sendable, Equatable {
    /// Find out whether the rename into `processing/` happened, then record the outcome.
    case confirmClaim
    /// Copy the file from `processing/` to the spool, hashing it.
    case download
    /// Validate the spooled copy and store its messages: staged in short transactions, published as one batch by
    /// the last; a restart first discards what an interrupted ingest staged.
    case ingest
    /// Upload the result (or error) file to the outbox.
    case publishResult
    /// Rename the original into `archive/` (accepted) or `failed/` (rejected).
    case move
    /// Find out whether the recorded move happened, then finish.
    case confirmMove
}

/// What became of a file as a whole.
public enum FileOutcome: String, Sendable, Codable {
    case accepted
    case rejected
}
