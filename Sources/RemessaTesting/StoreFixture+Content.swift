import Foundation
import RemessaCore
import RemessaStore

extension StoreFixture {
    /// What ``fillWithEverything(_:at:)`` made: the ids a test checks.
    public struct Content: Sendable {
        /// Every file row, by id.
        public var files: [Int64]
        /// The files that have a batch.
        public var batches: [Int64]
        /// The numbers on opt-out lists, or once on one.
        public var destinations: [String]
        /// The lists they are (or were) on.
        public var lists: [String]
        public var drops: [String]

        public init(
            files: [Int64] = [],
            batches: [Int64] = [],
            destinations: [String] = [],
            lists: [String] = [],
            drops: [String] = []
        ) {
            self.files = files
            self.batches = batches
            self.destinations = destinations
            self.lists = lists
            self.drops = drops
        }
    }

    /// The messages' number for `line`: `5511987650000` plus the line.
    public static func contentDestination(line: Int) -> String {
        String(5_511_987_650_000 + line)
    }

    /// Fills `store` with one of everything a daemon leaves in a store, without a daemon: a big batch part sent,
    /// delivered, failed and retried, with a result and a DLR publication; a rejected file; a cancelled batch; a
    /// campaign scheduled ahead; a finished batch in a second drop; a file still downloading; a saved base;
    /// opt-out lists changed by an operator, by replies and by a client's upload; replies attributed or not, with
    /// a drop publication; notices delivered, failed and pending. Texts hold tabs, line breaks, backslashes and
    /// accents. `at` is the time of it all, give or take minutes.
    public static func fillWithEverything(_ store: any Store, at now: Date = Date()) async throws -> Content {
        store.setNotifyingDrops(["acme"])
        var files: [Int64] = []
        var batches: [Int64] = []
        let big = try await acceptedBatch(
            "grande.csv",
            count: 3000,
            rejected: 7,
            settings: BatchSettings(label: "Promo \"dezembro\"", sender: "Loja"),
            in: store,
            at: now.addingTimeInterval(-3600)
        ) { index in
            let line = index + 2
            var draft = draft(line: line, destination: contentDestination(line: line))
            if line % 7 == 0 { draft.text = "Olá\t\(line)\\n\nfim\r ✓ ção" }
            if line % 11 == 0 {
                draft.correlationID = nil
                draft.clientCode = "C\(line)"
                draft.tag = "vip"
            }
            return draft
        }
        files.append(big.file)
        batches.append(big.file)
        let sent = Array(big.messages.prefix(1200))
        try await store.recordDispatch(
            sent.map { .submitted(messageID: $0, providerID: "gw-\($0)") }
                + [.retry(messageID: big.messages[1200], retryAt: now.addingTimeInterval(60), error: "HTTP 503")]
                + [.finished(messageID: big.messages[1201], status: .optedOut, reasonCode: "OPTED_OUT", error: nil)],
            at: now.addingTimeInterval(-3000)
        )
        _ = try await store.applyReports(
            sent.prefix(900).map {
                ReportedStatus(
                    route: "sim",
                    messageID: nil,
                    providerID: "gw-\($0)",
                    status: $0 % 13 == 0 ? .notDelivered : .delivered,
                    reasonCode: $0 % 13 == 0 ? "ABSENT" : nil,
                    at: now.addingTimeInterval(-2900)
                )
            }
        )
        let lastEvent = try await store.lastEventSequence(batchID: big.file)
        _ = try await store.recordPublicationIntent(fileID: big.file, kind: .result, name: "grande.csv.result.csv")
        try await store.recordPublished(fileID: big.file, kind: .result, as: "grande.csv.result.csv")
        _ = try await store.recordPublicationIntent(
            fileID: big.file,
            kind: .dlr,
            number: 1,
            name: "grande.csv.dlr.0001.csv",
            sequences: 1...lastEvent
        )

        let rejected = try await claim("vazio.csv", in: store, at: now)
        try await store.recordDownload(of: rejected, size: 10, sha256: "sha-vazio")
        try await store.recordRejection(
            of: rejected,
            summary: IngestSummary(layout: nil, encoding: "UTF-8", rows: 0, accepted: 0, rejected: 0, segments: 0),
            errorCode: "NO_VALID_ROWS",
            errorMessage: "nenhuma linha\tválida"
        )
        files.append(rejected)

        let cancelled = try await acceptedBatch("cancelado.csv", count: 20, in: store, at: now)
        _ = try await store.cancelBatch(cancelled.file, at: now.addingTimeInterval(5))
        let campaign = try await acceptedBatch(
            "natal.csv",
            count: 15,
            settings: BatchSettings(
                label: "Natal",
                sendAt: now.addingTimeInterval(86_400),
                sendUntil: now.addingTimeInterval(90_000)
            ),
            in: store,
            at: now
        )
        let finished = try await acceptedBatch("beta.csv", drop: "beta", route: "kannel", count: 10, in: store, at: now)
        try await store.recordDispatch(finished.messages.map { .submitted(messageID: $0, providerID: nil) }, at: now)
        for id in finished.messages {
            _ = try await store.updateStatus(messageID: id, to: .delivered, at: now.addingTimeInterval(2))
        }
        try await store.recordBatchFinished(finished.file, at: now.addingTimeInterval(3))
        files += [cancelled.file, campaign.file, finished.file]
        batches += [cancelled.file, campaign.file, finished.file]

        let downloading = try await claim("chegando.csv", in: store, at: now)
        try await store.recordDownload(of: downloading, size: 5, sha256: "sha-chegando")
        files.append(downloading)

        let check = try await store.recordBaseCheck(
            drop: "acme",
            name: "clientes.csv",
            remoteSize: 300,
            remoteModification: 17,
            at: now
        )
        try await store.recordBaseVerdict(
            SavedBase(
                drop: "acme",
                name: "clientes.csv",
                fileID: check,
                state: .saved,
                sha256: "sha-base",
                size: 300,
                modification: 17,
                layout: "base",
                rows: 4,
                validRows: 3,
                rejectedRows: 1,
                reasons: ["INVALID_NUMBER": 1],
                firstSavedAt: now,
                savedAt: now,
                expiresAt: now.addingTimeInterval(86_400 * 30)
            ),
            summary: IngestSummary(layout: "base", encoding: "UTF-8", rows: 4, accepted: 3, rejected: 1, segments: 0),
            rejection: nil
        )
        try await store.recordNotice(.baseSaved, drop: "acme", key: check, file: "clientes.csv", counts: [("rows", 4)])
        files.append(check)

        let upload = try await store.recordClaimIntent(
            drop: "acme",
            name: "bloqueio.csv",
            processingName: "bloqueio.csv",
            remoteSize: 20,
            remoteModification: 1,
            kind: .optout,
            at: now
        )
        try await store.setStage(.claimed, of: upload, at: now)
        try await store.recordDownload(of: upload, size: 20, sha256: "sha-bloqueio")
        let own = OptOutListName.own(drop: "acme")
        _ = try await store.recordOptOutUpload(
            fileID: upload,
            list: own,
            changes: [(contentDestination(line: 90), .add), (contentDestination(line: 91), .add)],
            summary: IngestSummary(layout: nil, encoding: "UTF-8", rows: 2, accepted: 2, rejected: 0, segments: 0),
            actor: "client",
            reason: "optout/bloqueio.csv",
            at: now
        )
        files.append(upload)

        let numbers = (80..<84).map(contentDestination(line:))
        try await store.addSuppression(numbers, list: OptOutListName.global, actor: "ana", reason: "pedido", at: now)
        try await store.removeSuppression([numbers[0]], list: OptOutListName.global, actor: "bia", reason: "engano")

        let answered = contentDestination(line: 2)
        let attribution = try await store.lastSubmitted(
            to: answered,
            route: "sim",
            since: now.addingTimeInterval(-7200)
        )
        _ = try await store.recordReply(
            route: "sim",
            from: answered,
            text: "SAIR\tpor favor",
            at: now.addingTimeInterval(-100),
            attribution: attribution,
            optOut: true
        )
        _ = try await store.recordReply(
            route: "sim",
            from: "5521999990000",
            text: "quem é?",
            at: now.addingTimeInterval(-50),
            attribution: nil,
            optOut: false
        )
        let lastReply = try await store.lastReplySequence(drop: "acme")
        _ = try await store.recordDropPublicationIntent(
            drop: "acme",
            kind: .replies,
            number: 1,
            name: "replies.0001.csv",
            sequences: 1...lastReply
        )
        try await store.recordDropPublished(drop: "acme", kind: .replies, number: 1, as: "replies.0001.csv", at: now)

        let due = try await store.dueNotices(at: now.addingTimeInterval(1), limit: 10)
        if let first = due.first {
            try await store.recordNoticeDelivered(first.id, at: now)
        }
        if due.count > 1 {
            try await store.recordNoticeFailure(
                due[1].id,
                error: "HTTP 500",
                retryAt: now.addingTimeInterval(5),
                at: now
            )
        }
        return Content(
            files: files,
            batches: batches,
            destinations: numbers + [answered] + [90, 91].map(contentDestination(line:)),
            lists: [OptOutListName.global, own],
            drops: ["acme", "beta"]
        )
    }
}
