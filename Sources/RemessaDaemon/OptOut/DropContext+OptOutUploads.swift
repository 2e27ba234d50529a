import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaDrops
import RemessaStore
import ServiceLifecycle

/// The drop's `optout/` folder (contract §11): the client's own opt-out uploads. A ready upload is claimed like an
/// inbox file (kind `optout`) and takes the same recorded steps: its ingest applies its lines to the drop's own
/// list (source `client`), the answer `<name>.optout.csv` is published, and the original moves to `archive/`
/// (or, rejected as a whole, gets `<name>.error.csv` and moves to `failed/`).
extension DropContext {
    /// One look at `optout/`; returns how many uploads are still waiting (to be ready, or for the next poll).
    func tickOptOut(tracker: inout ReadinessTracker, now: Duration) async throws -> Int {
        // An upload a restart interrupted is finished first: its claim intent must be settled before the same
        // name is claimed again.
        for file in try await store.unfinishedFiles(drop: drop.name) where file.kind == .optout {
            guard !Task.isShuttingDownGracefully else { return 1 }
            try await process(file)
        }
        let entries = try await transport.list(folders.optout)
        let listed = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let verdict = tracker.observe(
            entries.map { InboxFile(name: $0.name, size: $0.size, modification: $0.modification) },
            at: now
        )
        var pending = verdict.waiting.count
        for (index, file) in verdict.ready.enumerated() {
            guard index < drop.maxClaimsPerPoll, !Task.isCancelled, !Task.isShuttingDownGracefully else {
                pending += verdict.ready.count - index
                break
            }
            tracker.forget(file.name)
            guard let entry = listed[file.name] else { continue }
            if let record = try await claim(file, entry: entry, kind: .optout) { try await process(record) }
        }
        return pending
    }

    /// The ingest step of an opt-out upload: every line judged (``OptOutUploadReader``, with the drop's phone
    /// settings) into the spooled answer file, then the changes and the verdict recorded in one transaction (a
    /// crash before it reads the upload again; after it, nothing is applied twice).
    func ingestOptOut(_ file: FileRecord, logger: Logger) async throws {
        try spool.prepare(for: file.id)
        // Judged from the listing before the download too; the copy read is what counts.
        let size = file.size ?? file.remoteSize
        guard size <= OptOutUploadReader.maxBytes else {
            let rejection = FileRejection.fileTooLarge(size: size, limit: OptOutUploadReader.maxBytes)
            return try await rejectOptOut(file, rejection, logger: logger)
        }
        let locale = drop.locale
        var reader = OptOutUploadReader(
            policy: drop.validation.phonePolicy,
            maxRecordBytes: drop.validation.maxRecordBytes
        )
        let writer = try BufferedFileWriter(path: spool.result(for: file.id))
        try writer.write(OptOutAnswerFile.header(bom: drop.bom))
        var changes: [(number: String, action: OptOutUploadAction)] = []
        let emit = { (line: OptOutUploadLine) throws in
            try writer.write(OptOutAnswerFile.line(line, locale: locale))
            if let change = line.change { changes.append((line.number, change)) }
        }
        let input = try FileInput(path: spool.input(for: file.id))
        try input.forEachChunk { chunk in try reader.feed(chunk, emit: emit) }
        let summary = try reader.finish(emit: emit)
        if let rejection = summary.fileError {
            try writer.discard()
            return try await rejectOptOut(file, rejection, logger: logger)
        }
        try writer.commit()
        let applied = try await store.recordOptOutUpload(
            fileID: file.id,
            list: OptOutListName.own(drop: drop.name),
            changes: changes,
            summary: IngestSummary(
                layout: nil,
                encoding: summary.encoding.rawValue,
                rows: summary.lines,
                accepted: summary.applied,
                rejected: summary.rejected,
                segments: 0
            ),
            actor: "client",
            reason: DropPath.join(folders.optout, file.name)
        )
        spool.removeInput(for: file.id)
        // Counts only: the numbers are the client's, never the log's.
        logger.notice(
            "Opt-out upload applied",
            metadata: [
                "remessa.rows": "\(summary.lines)", "remessa.accepted": "\(summary.applied)",
                "remessa.rejected": "\(summary.rejected)", "remessa.optout.added": "\(applied.added)",
                "remessa.optout.removed": "\(applied.removed)",
            ]
        )
    }

    private func rejectOptOut(_ file: FileRecord, _ rejection: FileRejection, logger: Logger) async throws {
        try await FileIngestor(store: store, drop: drop)
            .reject(fileID: file.id, rejection: rejection, resultPath: spool.result(for: file.id))
        spool.removeInput(for: file.id)
        metrics.fileRejected(code: rejection.code.rawValue)
        logger.notice("Opt-out upload rejected", metadata: ["remessa.reason": "\(rejection.code.rawValue)"])
    }
}
