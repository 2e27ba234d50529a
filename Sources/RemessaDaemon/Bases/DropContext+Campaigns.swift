import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaDrops
import RemessaStore

/// The ingest step of a campaign file (`inbox/<name>.campaign.json`, contract §10): the file checked against
/// the drop (``CampaignPlan``), its base read from `bases/` as it is now, then ingested exactly as an inbox base.
extension DropContext {
    /// Where a campaign's base stands.
    enum BaseLookup: Sendable {
        /// Saved and unchanged since its check.
        case ready(SavedBase)
        /// Listed, but not yet checked in its current content.
        case waiting
        case missing(FileRejection.MissingBase)
    }

    func ingestCampaign(_ file: FileRecord, logger: Logger) async throws {
        try spool.prepare(for: file.id)
        let now = Date()
        let campaign: CampaignFile
        let plan: CampaignPlan
        switch try readCampaign(file, now: now) {
        case .failure(let rejection): return try await rejectCampaign(file, rejection, logger: logger)
        case .success(let read): (campaign, plan) = read
        }
        let basePath = spool.outgoing(for: file.id, "base")
        let base: SavedBase
        switch try await fetchBase(campaign.base, to: basePath) {
        case .ready(let saved):
            base = saved
        case .missing(let why):
            return try await rejectCampaign(file, .baseNotFound(campaign.base, why), logger: logger)
        case .waiting:
            guard now < file.claimedAt + drop.campaigns.baseWait.inSeconds else {
                return try await rejectCampaign(file, .baseNotFound(campaign.base, .notReady), logger: logger)
            }
            // The stage stays `downloaded`: the next poll looks again.
            logger.info("Campaign waits for its base", metadata: ["remessa.base.name": "\(campaign.base)"])
            return
        }
        if !plan.validateOnly {
            // The same campaign on the same base content is a duplicate; another template, date or label is not.
            let key = (file.sha256 ?? "") + "+" + base.sha256
            if let earlier = try await store.acceptedCampaign(
                drop: drop.name,
                key: key,
                since: now - drop.dedupeWindow.inSeconds,
                excluding: file.id
            ) {
                let date = String(Timestamp.iso8601(earlier.ingestedAt ?? earlier.claimedAt).prefix(10))
                return try await rejectCampaign(
                    file,
                    .duplicateFile(acceptedAs: earlier.name, on: date),
                    logger: logger
                )
            }
            try await store.recordCampaignKey(of: file.id, key)
        }
        let sending = FileIngestor.Sending(
            validation: plan.validation,
            route: drop.route,
            settings: BatchSettings(
                label: plan.label,
                sender: plan.sender,
                sendAt: plan.sendAt.map(Date.init(timeIntervalSince1970:)),
                sendUntil: plan.sendUntil.map(Date.init(timeIntervalSince1970:))
            ),
            validateOnly: plan.validateOnly
        )
        let outcome = try await FileIngestor(store: store, drop: drop).ingest(
            fileID: file.id,
            fileName: campaign.base,
            inputPath: basePath,
            resultPath: spool.result(for: file.id),
            sending: sending
        )
        try? FileManager.default.removeItem(atPath: basePath)
        spool.removeInput(for: file.id)
        switch outcome {
        case .accepted(let summary):
            metrics.fileAccepted(rows: summary.rows, accepted: summary.accepted, rejected: summary.rejected)
            logger.notice(
                "Campaign accepted",
                metadata: [
                    "remessa.rows": "\(summary.rows)", "remessa.accepted": "\(summary.accepted)",
                    "remessa.base.name": "\(ControlCharacterEscaping.escaped(campaign.base))",
                    "remessa.validate_only": "\(plan.validateOnly)",
                ]
            )
        case .rejected(_, let rejection):
            metrics.fileRejected(code: rejection.code.rawValue)
            logger.notice("Campaign rejected", metadata: ["remessa.reason": "\(rejection.code.rawValue)"])
        }
    }

    /// The spooled campaign file, parsed and checked against the drop at `now`.
    private func readCampaign(
        _ file: FileRecord,
        now: Date
    ) throws -> Result<(CampaignFile, CampaignPlan), FileRejection> {
        let path = spool.input(for: file.id)
        guard (file.size ?? file.remoteSize) <= CampaignFile.maxBytes else { return .failure(CampaignFile.tooLarge) }
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        return CampaignFile.parse(bytes).flatMap { campaign in
            CampaignPlan.make(
                campaign,
                fileName: file.name,
                defaults: drop.campaignDefaults,
                now: now.timeIntervalSince1970
            ).map { (campaign, $0) }
        }
    }

    /// Finds `bases/<name>` and, when it is saved and unchanged, copies it to `localPath`.
    private func fetchBase(_ name: String, to localPath: String) async throws -> BaseLookup {
        let path = DropPath.join(folders.bases, name)
        let saved = try await store.savedBase(drop: drop.name, name: name)
        guard let entry = try await transport.entry(at: path) else {
            switch saved?.state {
            case .expired: return .missing(.expired)
            case .rejected: return .missing(.rejected)
            default: return .missing(.absent)
            }
        }
        guard let saved, saved.state == .saved, saved.size == entry.size, saved.modification == entry.modification
        else { return .waiting }
        let downloaded: DownloadedFile
        do {
            downloaded = try await transport.download(path, to: localPath)
        } catch let error as DropTransportError where error.code == .notFound {
            return .missing(.absent)
        }
        // Changed since it was listed: it is checked again before it is sent.
        guard downloaded.sha256 == saved.sha256, !downloaded.changedWhileReading else { return .waiting }
        return .ready(saved)
    }

    private func rejectCampaign(_ file: FileRecord, _ rejection: FileRejection, logger: Logger) async throws {
        try await FileIngestor(store: store, drop: drop)
            .reject(fileID: file.id, rejection: rejection, resultPath: spool.result(for: file.id))
        spool.removeInput(for: file.id)
        metrics.fileRejected(code: rejection.code.rawValue)
        logger.notice("Campaign rejected", metadata: ["remessa.reason": "\(rejection.code.rawValue)"])
    }
}
