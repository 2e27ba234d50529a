import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaDrops
import RemessaStore
import ServiceLifecycle

/// One poll of a drop: resume what a restart interrupted, list the inbox, decide readiness, claim the ready
/// files in upload order (at most `maxClaimsPerPoll` per poll) and take each through its steps.
extension DropContext {
    /// What one poll found.
    struct TickResult: Sendable, Equatable {
        var claimed = 0
        /// Eligible files still in the inbox (waiting to be stable, or beyond this poll's claim cap).
        var pending = 0
        /// Whether the drop has nothing in progress and nothing eligible waiting.
        var isIdle: Bool { claimed == 0 && pending == 0 }
    }

    /// Makes sure the drop's folders exist (the client sees them appear at once).
    func prepareFolders() async throws {
        for folder in [
            folders.inbox, folders.processing, folders.archive, folders.failed, folders.outbox, folders.bases,
            folders.optout,
        ] {
            try await transport.ensureFolder(folder)
        }
    }

    /// One poll. `now` is the monotonic instant the readiness rule measures with.
    func tick(tracker: inout ReadinessTracker, now: Duration) async throws -> TickResult {
        var result = TickResult()
        for file in try await store.unfinishedFiles(drop: drop.name) {
            guard !Task.isShuttingDownGracefully else { return result }
            try await process(file)
        }

        let entries = try await transport.list(folders.inbox)
        // A name listed twice (a UTF-8 name and a Windows-1252 one that reads the same) keeps its first entry.
        let listed = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let listing = entries.map { InboxFile(name: $0.name, size: $0.size, modification: $0.modification) }
        let verdict = tracker.observe(listing, at: now)
        result.pending = verdict.waiting.count
        for (index, file) in verdict.ready.enumerated() {
            guard index < drop.maxClaimsPerPoll, !Task.isShuttingDownGracefully else {
                result.pending += verdict.ready.count - index
                break
            }
            tracker.forget(file.name)
            guard let entry = listed[file.name] else { continue }
            if let record = try await claim(file, entry: entry) {
                result.claimed += 1
                try await process(record)
            }
        }
        let inProgress = try await store.unfinishedFiles(drop: drop.name).count
        metrics.setFilesInProgress(inProgress)
        // A file still in progress after its steps waits for something (a campaign for its base).
        result.pending += inProgress
        metrics.setQueueDepth(try await store.queueDepth(drop: drop.name))
        return result
    }

    /// Claims a ready file of the inbox (or of `optout/`, for `kind` `optout`): intent recorded, rename into
    /// `processing/`, claim recorded. There the file is `<id>-<name>` (``DropFileName/processing(_:fileID:)``): its
    /// readable name (a Windows-1252 name becomes UTF-8; a long one is cut) after the id of this claim alone.
    func claim(_ file: InboxFile, entry: DropEntry, kind: FileKind = .inbox) async throws -> FileRecord? {
        let folder = sourceFolder(kind)
        var logger = self.logger
        logger[metadataKey: "remessa.file.name"] = "\(ControlCharacterEscaping.escaped(file.name))"
        let name = file.name
        let id: Int64
        let processingName: String
        do {
            (id, processingName) = try await store.recordClaimIntent(
                drop: drop.name,
                name: name,
                processingName: { DropFileName.processing(name, fileID: $0) },
                remoteSize: file.size,
                remoteModification: file.modification,
                kind: kind
            )
        } catch let error as StoreError where error.code == .claimInProgress {
            logger.info("File is being claimed by another node; left to it")
            return nil
        }
        logger[metadataKey: "remessa.file.id"] = "\(id)"
        let source = DropPath.join(folder, file.name)
        let destination = DropPath.join(folders.processing, processingName)
        do {
            try await transport.renameListed(entry, in: folder, to: destination)
        } catch let error as DropTransportError {
            logger.info("File could not be claimed; the next poll looks again", metadata: ["remessa.error": "\(error)"])
            try await store.setStage(.vanished, of: id)
            return nil
        }
        // The listing may be older than the rename: a file that changed since is returned to settle.
        let claimed = try await transport.entry(at: destination)
        guard let claimed, claimed.size == file.size, claimed.modification == file.modification else {
            logger.info("File changed while it was claimed; returned to the inbox to settle")
            if claimed != nil {
                try await giveBack(destination, as: file.name, to: folder)
            }
            try await store.setStage(.vanished, of: id)
            return nil
        }
        try await store.setStage(.claimed, of: id)
        if drop.readiness == .marker, InboxEligibility.cancelledInput(file.name) == nil {
            try await transport.remove(source + InboxEligibility.markerSuffix)
        }
        metrics.fileClaimed()
        logger.info("File claimed", metadata: ["remessa.file.bytes": "\(file.size)"])
        return try await store.file(id)
    }

    /// The folder a file of `kind` is found in.
    func sourceFolder(_ kind: FileKind) -> String {
        switch kind {
        case .inbox: folders.inbox
        case .base: folders.bases
        case .optout: folders.optout
        }
    }

    /// Returns a claimed file to `folder` under its own `name` (or the first free variant of it, when a new upload
    /// took the name meanwhile), to settle and be claimed again.
    func giveBack(_ path: String, as name: String, to folder: String) async throws {
        var start = 0
        while true {
            let (target, index) = try await freeName(name, in: folder, from: start)
            do {
                return try await transport.rename(path, to: DropPath.join(folder, target))
            } catch let error as DropTransportError where error.code == .exists {
                start = index + 1
            }
        }
    }

    /// `name`, or the first `name-N.ext` not taken in `folder`, trying variants from the `start`th on; with the
    /// variant's index, for a caller that loses a race for it and tries again past it.
    func freeName(_ name: String, in folder: String, from start: Int = 0) async throws -> (name: String, index: Int) {
        var index = start
        while try await transport.entry(at: DropPath.join(folder, DropPath.variant(name, index))) != nil {
            index += 1
        }
        return (DropPath.variant(name, index), index)
    }
}
