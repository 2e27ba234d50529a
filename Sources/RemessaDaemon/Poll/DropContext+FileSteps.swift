import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaDrops
import RemessaStore
import ServiceLifecycle

/// A claimed file's remaining steps (``FileStage/nextStep``), each recorded in the store before or after its
/// side effect so that a crash anywhere resumes at the right step without repeating one.
extension DropContext {
    /// Takes the file to its end (`done` or `vanished`).
    func process(_ start: FileRecord) async throws {
        var file = start
        var logger = self.logger
        logger[metadataKey: "remessa.file.id"] = "\(file.id)"
        logger[metadataKey: "remessa.file.name"] = "\(ControlCharacterEscaping.escaped(file.name))"
        while let step = file.stage.nextStep {
            // A shutdown waits for the current step, not the whole file: the next start resumes here.
            guard !Task.isCancelled, !Task.isShuttingDownGracefully else { return }
            switch step {
            case .confirmClaim: try await confirmClaim(file, logger: logger)
            case .download: try await download(file, logger: logger)
            case .ingest: try await ingest(file, logger: logger)
            case .publishResult: try await publishResult(file, logger: logger)
            case .move: try await move(file, logger: logger)
            case .confirmMove: try await confirmMove(file, logger: logger)
            }
            // A step that did not move the file on waits for the next poll (a campaign's base still uploading).
            guard let next = try await store.file(file.id), next.stage != file.stage else { return }
            file = next
        }
    }

    /// Where the claimed file is: `processing/`, or `bases/` for a base, which is checked where it is.
    func processingPath(_ file: FileRecord) -> String {
        DropPath.join(file.isBase ? folders.bases : folders.processing, file.processingName)
    }

    /// After a crash between the claim intent and its record: did the rename happen?
    private func confirmClaim(_ file: FileRecord, logger: Logger) async throws {
        if try await transport.entry(at: processingPath(file)) != nil {
            try await store.setStage(.claimed, of: file.id)
        } else {
            // The rename never happened (or the file went away): the next poll sees it in the inbox again.
            logger.info("Claim not completed before a restart; the file is left to the next poll")
            try await store.setStage(.vanished, of: file.id)
        }
    }

    private func download(_ file: FileRecord, logger: Logger) async throws {
        // A cancel marker is never read, so never taken for a base; in `optout/` the name means nothing.
        if file.kind != .optout, let input = InboxEligibility.cancelledInput(file.name) {
            return try await cancelForClient(file, input: input, logger: logger)
        }
        try spool.prepare(for: file.id)
        if drop.readiness == .marker, !file.isBase { try await removeClaimedMarker(file) }
        // Judged before a byte is read: the name, and the size the listing gave.
        if DropFileName.isTooLong(file.name) {
            return try await rejectUnread(file, .nameTooLong(bytes: file.name.utf8.count), logger: logger)
        }
        // An opt-out upload is read whole into one transaction: it has a bound of its own.
        let optOutLimit = file.kind == .optout ? OptOutUploadReader.maxBytes : nil
        if let limit = [drop.validation.maxFileBytes, optOutLimit].compactMap({ $0 }).min(), file.remoteSize > limit {
            let rejection = FileRejection.fileTooLarge(size: file.remoteSize, limit: limit)
            return try await rejectUnread(file, rejection, logger: logger)
        }
        let started = ContinuousClock.now
        let downloaded: DownloadedFile
        do {
            downloaded = try await transport.download(processingPath(file), to: spool.input(for: file.id))
        } catch let error as DropTransportError {
            switch error.code {
            case .notFound:
                logger.warning("Claimed file disappeared from processing before it was read")
                try await store.setStage(.vanished, of: file.id)
                return
            case .notARegularFile(let kind):
                let rejection = FileRejection.notARegularFile(kind: kind.wording.en, kindPT: kind.wording.ptBR)
                return try await rejectUnread(file, rejection, logger: logger)
            case .exists, .unsafeFolder:
                throw error
            }
        }
        if downloaded.changedWhileReading {
            // Still being written through a handle opened before the claim: give it back and wait for it to settle.
            logger.warning("File changed while it was read; returned to the inbox to settle")
            spool.removeInput(for: file.id)
            if !file.isBase {
                try await giveBack(processingPath(file), as: file.name, to: sourceFolder(file.kind))
            }
            try await store.setStage(.vanished, of: file.id)
            return
        }
        try spool.syncInput(for: file.id)
        try await store.recordDownload(of: file.id, size: downloaded.size, sha256: downloaded.sha256)
        logger.debug(
            "File downloaded",
            metadata: [
                "remessa.file.bytes": "\(downloaded.size)", "remessa.duration": "\(ContinuousClock.now - started)",
            ]
        )
    }

    /// Rejects a file as a whole without reading it (its name, its size, or what it is): the error file is
    /// spooled and the rejection recorded, and the file goes on to be published and moved to `failed/`.
    private func rejectUnread(_ file: FileRecord, _ rejection: FileRejection, logger: Logger) async throws {
        spool.removeInput(for: file.id)
        try await FileIngestor(store: store, drop: drop)
            .reject(fileID: file.id, rejection: rejection, resultPath: spool.result(for: file.id))
        metrics.fileRejected(code: rejection.code.rawValue)
        logger.notice("File rejected", metadata: ["remessa.reason": "\(rejection.code.rawValue)"])
    }

    /// Removes the readiness marker a claim left behind (a crash between the rename and the removal), unless it
    /// was written after the claim: that one belongs to a new upload of the same name.
    private func removeClaimedMarker(_ file: FileRecord) async throws {
        let marker = DropPath.join(sourceFolder(file.kind), file.name + InboxEligibility.markerSuffix)
        guard let entry = try await transport.entry(at: marker),
            entry.modification <= Int64(file.claimedAt.timeIntervalSince1970.rounded(.up))
        else { return }
        try await transport.remove(marker)
    }

    private func ingest(_ file: FileRecord, logger: Logger) async throws {
        // Downloaded by a node that died before its ingest committed (contract section 13): this node's spool has
        // no copy, so the file is downloaded again from `processing/`.
        guard FileManager.default.fileExists(atPath: spool.input(for: file.id)) else {
            logger.notice("The file is in another node's spool (it downloaded the file): downloading it again")
            return try await store.setStage(.claimed, of: file.id)
        }
        switch file.kind {
        case .base: return try await ingestBase(file, logger: logger)
        case .optout: return try await ingestOptOut(file, logger: logger)
        case .inbox: break
        }
        if CampaignFile.isCampaign(file.name) { return try await ingestCampaign(file, logger: logger) }
        try spool.prepare(for: file.id)
        let ingestor = FileIngestor(store: store, drop: drop)
        let resultPath = spool.result(for: file.id)
        if let sha256 = file.sha256,
            let earlier = try await store.acceptedFile(
                drop: drop.name,
                sha256: sha256,
                since: Date() - drop.dedupeWindow.inSeconds,
                excluding: file.id
            )
        {
            let date = String(Timestamp.iso8601(earlier.ingestedAt ?? earlier.claimedAt).prefix(10))
            try await ingestor.reject(
                fileID: file.id,
                rejection: .duplicateFile(acceptedAs: earlier.name, on: date),
                resultPath: resultPath
            )
            spool.removeInput(for: file.id)
            metrics.fileRejected(code: FileReasonCode.duplicateFile.rawValue)
            logger.notice("File rejected", metadata: ["remessa.reason": "DUPLICATE_FILE"])
            return
        }
        let started = ContinuousClock.now
        let outcome = try await ingestor.ingest(
            fileID: file.id,
            fileName: file.name,
            inputPath: spool.input(for: file.id),
            resultPath: resultPath
        )
        let duration = ContinuousClock.now - started
        switch outcome {
        case .accepted(let summary):
            metrics.fileAccepted(rows: summary.rows, accepted: summary.accepted, rejected: summary.rejected)
            logger.notice(
                "File accepted",
                metadata: [
                    "remessa.rows": "\(summary.rows)", "remessa.accepted": "\(summary.accepted)",
                    "remessa.rejected": "\(summary.rejected)", "remessa.layout": "\(summary.layout ?? "")",
                    "remessa.duration": "\(duration)",
                ]
            )
        case .rejected(let summary, let rejection):
            metrics.fileRejected(code: rejection.code.rawValue)
            logger.notice(
                "File rejected",
                metadata: [
                    "remessa.reason": "\(rejection.code.rawValue)", "remessa.line": "\(rejection.line ?? 0)",
                    "remessa.rows": "\(summary.rows)",
                ]
            )
        }
        spool.removeInput(for: file.id)
    }

    private func publishResult(_ file: FileRecord, logger: Logger) async throws {
        let kind: PublicationKind = file.outcome == .accepted ? .result : .error
        // A name too long for its suffix (NAME_TOO_LONG) gets its error file under a shortened name.
        let suffix =
            switch (kind, file.kind) {
            case (.error, _): ".error.csv"
            case (_, .base): ".saved.json"
            case (_, .optout): OptOutAnswerFile.suffix
            case (_, .inbox): ".result.csv"
            }
        let name = DropFileName.fitting(file.name, suffix: suffix)
        let intent = try await outboxIntent(fileID: file.id, kind: kind, name: name)
        // Ingested by a node that stopped before publishing (contract section 13): this spool has no result yet.
        if !intent.isPublished, !FileManager.default.fileExists(atPath: spool.result(for: file.id)),
            try await !rebuildResult(file, logger: logger)
        {
            // Left unfinished for the operator; the drop's other files go on.
            logger.error("The result file is in another node's spool and cannot be rebuilt: file left in processing")
            return
        }
        try await publish(spool.result(for: file.id), as: intent, logger: logger)
        try await store.setStage(.published, of: file.id)
    }

    private func move(_ file: FileRecord, logger: Logger) async throws {
        if try await keepInPlace(file) { return }
        let folder = file.outcome == .accepted ? folders.archive : folders.failed
        // Room for a `-NNN` variant: the processing name was cut to fit one.
        let base = DropFileName.fitting(file.name, suffix: "")
        var start = 0
        while true {
            let (target, index) = try await freeName(base, in: folder, from: start)
            try await store.recordMoveIntent(of: file.id, to: DropPath.join(folder, target))
            do {
                try await transport.rename(processingPath(file), to: DropPath.join(folder, target))
            } catch let error as DropTransportError where error.code == .exists {
                // Taken between the look and the rename: try past it.
                start = index + 1
                continue
            }
            try await store.setStage(.done, of: file.id)
            removeRejectedSpool(file)
            logger.info(
                "Original moved",
                metadata: ["remessa.moved_to": "\(ControlCharacterEscaping.escaped(folder + "/" + target))"]
            )
            return
        }
    }

    /// After a crash between the move intent and its record: finish it, or do it now.
    private func confirmMove(_ file: FileRecord, logger: Logger) async throws {
        guard let target = file.movedTo else {
            try await store.setStage(.published, of: file.id)
            return
        }
        if try await transport.entry(at: processingPath(file)) != nil {
            do {
                try await transport.rename(processingPath(file), to: target)
            } catch let error as DropTransportError where error.code == .exists {
                // Someone took the name meanwhile: choose another.
                try await store.setStage(.published, of: file.id)
                return
            }
        }
        try await store.setStage(.done, of: file.id)
        removeRejectedSpool(file)
    }

    /// A rejected file keeps nothing in the spool once its error file is out (an accepted one's directory goes
    /// when its batch's final file is published).
    private func removeRejectedSpool(_ file: FileRecord) {
        if file.outcome == .rejected { spool.remove(file.id) }
    }
}
