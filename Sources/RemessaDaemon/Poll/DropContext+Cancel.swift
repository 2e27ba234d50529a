import Logging
import RemessaConfig
import RemessaCore
import RemessaStore

/// A client's cancel marker (`inbox/<input>.cancel`, contract §10), claimed like any upload but never read.
extension DropContext {
    /// Cancels the most recent unfinished batch of `input` in the drop (its unsent messages end `CANCELLED`,
    /// `CANCELLED_BY_CLIENT`; the DLR and final files follow as usual) and leaves the marker to move to
    /// `archive/`; with nothing to cancel, spools `<marker>.error.csv` (`NOTHING_TO_CANCEL`) and leaves it to be
    /// published and the marker to move to `failed/`. The store records the cancel and the marker's outcome in
    /// one transaction, so a crash anywhere answers the marker once.
    func cancelForClient(_ file: FileRecord, input: String, logger: Logger) async throws {
        if let cancellation = try await store.cancelForClient(markerFileID: file.id, drop: drop.name, input: input) {
            logger.notice(
                "Batch cancelled by the client",
                metadata: [
                    "remessa.batch": "\(cancellation.batchID)", "remessa.messages": "\(cancellation.cancelled)",
                ]
            )
            return
        }
        try spool.prepare(for: file.id)
        let rejection = FileRejection.nothingToCancel(input: input)
        try await FileIngestor(store: store, drop: drop)
            .reject(fileID: file.id, rejection: rejection, resultPath: spool.result(for: file.id))
        metrics.fileRejected(code: rejection.code.rawValue)
        logger.notice("File rejected", metadata: ["remessa.reason": "\(rejection.code.rawValue)"])
    }
}
