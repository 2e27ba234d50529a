import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaDrops
import RemessaStore

/// Writes a drop's own report files (contract section 11): `replies.NNNN.csv` with the replies attributed to its
/// messages since the previous one, and `optouts.NNNN.csv` with the changes to its own opt-out list.
///
/// As for DLR files, the intent (name and the range of rows) is recorded before the upload and the published
/// name after it: after a crash the same rows are written again under the same name, and the transport's
/// publish, which recognises its own earlier upload, neither loses nor duplicates a file.
struct DropReportPublisher: Sendable {
    let context: DropContext
    var store: any Store { context.store }

    /// Publishes what is new of both kinds, first finishing an upload a crash interrupted.
    func publishPending() async throws {
        for kind in DropPublicationKind.allCases {
            try await publish(kind)
        }
    }

    private func publish(_ kind: DropPublicationKind) async throws {
        let drop = context.drop.name
        let publications = try await store.dropPublications(drop: drop, kind: kind)
        for pending in publications where !pending.isPublished {
            try await upload(pending)
        }
        let published = publications.map(\.sequences.upperBound).max() ?? 0
        let last =
            switch kind {
            case .replies: try await store.lastReplySequence(drop: drop)
            case .optouts: try await store.lastSuppressionSequence(list: OptOutListName.own(drop: drop))
            }
        guard last > published else { return }
        let number = (publications.map(\.number).max() ?? 0) + 1
        let intent = try await store.recordDropPublicationIntent(
            drop: drop,
            kind: kind,
            number: number,
            name: kind == .replies ? RepliesFile.name(number: number) : OptOutsFile.name(number: number),
            sequences: (published + 1)...last
        )
        try await upload(intent)
    }

    private func upload(_ publication: DropPublicationRecord) async throws {
        let directory = context.spool.root + "/drops/" + context.drop.name
        try FileManager.default.createDirectory(
            atPath: directory,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o750]
        )
        let path = directory + "/" + publication.name
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try BufferedFileWriter(path: path)
        try writer.write(try await content(of: publication))
        try writer.commit()
        let published = try await context.transport.publish(
            path,
            into: context.folders.outbox,
            as: publication.name
        )
        try await store.recordDropPublished(
            drop: publication.drop,
            kind: publication.kind,
            number: publication.number,
            as: published
        )
        context.logger.info(
            "Outbox file published",
            metadata: ["remessa.outbox.name": "\(ControlCharacterEscaping.escaped(published))"]
        )
    }

    /// The file's bytes, from the store alone: the same rows give the same bytes on a retry.
    private func content(of publication: DropPublicationRecord) async throws -> String {
        let bom = context.drop.bom
        switch publication.kind {
        case .replies:
            var text = RepliesFile.header(bom: bom)
            for reply in try await store.replies(drop: publication.drop, in: publication.sequences) {
                text += RepliesFile.line(
                    receivedAt: Timestamp.iso8601(reply.receivedAt),
                    from: reply.from,
                    text: reply.text,
                    messageID: reply.messageID.map { String($0) } ?? "",
                    file: reply.file ?? "",
                    line: reply.line,
                    correlationID: reply.correlationID,
                    optOut: reply.optOut
                )
            }
            return text
        case .optouts:
            var text = OptOutsFile.header(bom: bom)
            let list = OptOutListName.own(drop: publication.drop)
            for change in try await store.suppressionChanges(list: list, in: publication.sequences) {
                text += OptOutsFile.line(
                    number: change.destination,
                    action: change.action.rawValue,
                    source: change.source.rawValue,
                    at: Timestamp.iso8601(change.at),
                    messageID: change.messageID
                )
            }
            return text
        }
    }
}
