import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaDrops
import RemessaStore
import ServiceLifecycle

/// The drop's `bases/` folder (contract §10): each ready base is checked once per content, the client's
/// deletions are noticed, and a base is deleted `baseRetention` after it was first saved. Nothing here sends.
extension DropContext {
    /// One look at `bases/`; returns how many bases are still waiting to be ready.
    func tickBases(tracker: inout ReadinessTracker, now: Duration) async throws -> Int {
        let entries = try await transport.list(folders.bases)
        let listed = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let known = try await store.savedBases(drop: drop.name)
        for base in known {
            try await keep(base, listed: listed[base.name])
        }
        let verdict = tracker.observe(
            entries.map { InboxFile(name: $0.name, size: $0.size, modification: $0.modification) },
            at: now
        )
        for file in verdict.ready {
            guard !Task.isCancelled, !Task.isShuttingDownGracefully else { break }
            // Checked (or being checked) as it is now: nothing to do.
            if let latest = try await store.latestBaseCheck(drop: drop.name, name: file.name),
                latest.remoteSize == file.size, latest.remoteModification == file.modification,
                latest.stage != .vanished
            {
                continue
            }
            let id = try await store.recordBaseCheck(
                drop: drop.name,
                name: file.name,
                remoteSize: file.size,
                remoteModification: file.modification
            )
            var logger = self.logger
            logger[metadataKey: "remessa.file.id"] = "\(id)"
            logger[metadataKey: "remessa.base.name"] = "\(ControlCharacterEscaping.escaped(file.name))"
            logger.info("Base check started", metadata: ["remessa.file.bytes": "\(file.size)"])
            if let record = try await store.file(id) { try await process(record) }
        }
        return verdict.waiting.count
    }

    /// Forgets a base the client deleted; deletes one whose retention ended (recorded first, so a crash between
    /// the two finishes the deletion on the next poll).
    private func keep(_ base: SavedBase, listed entry: DropEntry?) async throws {
        let unchanged = entry.map { $0.size == base.size && $0.modification == base.modification } ?? false
        switch base.state {
        case .saved where entry == nil:
            try await store.forgetBase(drop: drop.name, name: base.name)
            logger.info(
                "Base deleted by the client; forgotten",
                metadata: ["remessa.base.name": "\(ControlCharacterEscaping.escaped(base.name))"]
            )
        case .saved where unchanged && (base.expiresAt.map { $0 <= Date() } ?? false):
            try await store.markBaseExpired(drop: drop.name, name: base.name)
            try await removeBase(base)
        case .expired where unchanged:
            try await removeBase(base)
        default:
            break
        }
    }

    private func removeBase(_ base: SavedBase) async throws {
        do {
            try await transport.remove(DropPath.join(folders.bases, base.name))
        } catch let error as DropTransportError where error.code == .notFound {
            // Deleted by the client meanwhile, or by the run a crash cut short.
        }
        logger.notice(
            "Base deleted at the end of its retention",
            metadata: ["remessa.base.name": "\(ControlCharacterEscaping.escaped(base.name))"]
        )
    }

    /// The ingest step of a base check: validated as a whole with the drop's settings, nothing stored to send;
    /// `<name>.saved.json` (or the error file) spooled, then the verdict recorded (a crash before that
    /// validates again).
    func ingestBase(_ file: FileRecord, logger: Logger) async throws {
        try spool.prepare(for: file.id)
        var validator = FileValidator(fileName: file.name, options: drop.validation)
        validator.reportsAcceptedRows = false
        let summary = try ResultFileRun.validate(
            try FileInput(path: spool.input(for: file.id)),
            with: &validator,
            into: nil,
            bom: drop.bom,
            locale: drop.locale,
            row: { _ in nil }
        )
        let stored = IngestSummary(
            layout: summary.layout?.rawValue,
            encoding: summary.encoding.rawValue,
            rows: summary.rows,
            accepted: summary.accepted,
            rejected: summary.rejected,
            segments: summary.segments
        )
        let rejection = summary.fileError
        let now = Date()
        // A changed base keeps its first save (and so its expiry); a new or expired one starts again.
        let earlier = try await store.savedBase(drop: drop.name, name: file.name)
        let firstSaved = rejection != nil ? nil : earlier?.state == .saved ? (earlier?.firstSavedAt ?? now) : now
        let base = SavedBase(
            drop: drop.name,
            name: file.name,
            fileID: file.id,
            state: rejection == nil ? .saved : .rejected,
            sha256: file.sha256 ?? "",
            size: file.remoteSize,
            modification: file.remoteModification,
            layout: stored.layout,
            rows: stored.rows,
            validRows: stored.accepted,
            rejectedRows: stored.rejected,
            reasons: Dictionary(uniqueKeysWithValues: summary.reasons.map { ($0.key.rawValue, $0.value) }),
            firstSavedAt: firstSaved,
            savedAt: now,
            expiresAt: firstSaved.map { $0 + drop.campaigns.baseRetention.inSeconds }
        )
        let writer = try BufferedFileWriter(path: spool.result(for: file.id))
        if rejection == nil {
            try writer.write(try SavedBaseDocument(base).json())
        } else {
            try writer.write(ErrorFile.render(summary, locale: drop.locale, bom: drop.bom))
        }
        try writer.commit()
        try await store.recordBaseVerdict(
            base,
            summary: stored,
            rejection: rejection.map { ($0.code.rawValue, $0.sentence.text(in: drop.locale)) }
        )
        if let rejection {
            metrics.fileRejected(code: rejection.code.rawValue)
            logger.notice("Base rejected", metadata: ["remessa.reason": "\(rejection.code.rawValue)"])
        } else {
            logger.notice(
                "Base saved",
                metadata: ["remessa.rows": "\(base.rows)", "remessa.accepted": "\(base.validRows)"]
            )
        }
        spool.removeInput(for: file.id)
    }

    /// The move step for what is not moved: a saved base stays in `bases/`. An accepted file without a batch
    /// (a saved base, a `validateOnly` campaign) has nothing more to publish, so its spool goes now.
    func keepInPlace(_ file: FileRecord) async throws -> Bool {
        if file.outcome == .accepted, try await store.batch(file.id) == nil { spool.remove(file.id) }
        guard file.isBase, file.outcome == .accepted else { return false }
        try await store.setStage(.done, of: file.id)
        return true
    }
}
