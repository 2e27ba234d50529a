import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaDrops
import RemessaStore
import Synchronization

extension DropContext {
    /// Rebuilds the result file of an accepted inbox file that another node ingested and died before publishing
    /// (contract section 13: spools are per node): the input is downloaded again from `processing/` and validated
    /// again, each accepted row taking the id its message was stored under. Answers whether the result is in the
    /// spool now; campaigns, bases, opt-out files and rejections are not rebuilt.
    func rebuildResult(_ file: FileRecord, logger: Logger) async throws -> Bool {
        guard file.kind == .inbox, file.outcome == .accepted, !CampaignFile.isCampaign(file.name) else { return false }
        try spool.prepare(for: file.id)
        _ = try await transport.download(processingPath(file), to: spool.input(for: file.id))
        defer { spool.removeInput(for: file.id) }
        let stored = Mutex<[Int: (id: Int64, destination: String)]>([:])
        try await store.forEachMessage(batchID: file.id) { message in
            stored.withLock { $0[message.line] = (message.id, message.destination) }
        }
        let messages = stored.withLock { $0 }
        // Rows suppressed when the file was ingested stay rejected; a number suppressed since has its message.
        let suppressed = try await store.suppressedDestinations(lists: drop.suppressionLists)
            .subtracting(messages.values.map(\.destination))
        let chosen = drop.settings(forInboxFile: file.name)
        var validator = FileValidator(fileName: file.name, options: chosen.validation, suppressed: suppressed)
        let input = try FileInput(path: spool.input(for: file.id))
        _ = try ResultFileRun.validate(
            input,
            with: &validator,
            into: try BufferedFileWriter(path: spool.result(for: file.id)),
            bom: drop.bom,
            locale: drop.locale
        ) { outcome in outcome.isAccepted ? messages[outcome.line]?.id : nil }
        logger.notice("Result file rebuilt: the node that ingested the file stopped before publishing it")
        return true
    }
}
