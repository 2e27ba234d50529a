import Logging
import RemessaConfig
import RemessaCore
import RemessaDrops
import RemessaStore

/// The one path by which a file reaches a drop's outbox, for a claimed file's result or error file and for a
/// batch's DLR, final and summary files: intent, publish, record.
///
/// The intent (the name asked for and, for a DLR file, its event range) is recorded before the upload and the
/// name the file ended under after it, so after a crash the same content is regenerated under the same name, and
/// the transport's publish, which recognises its own earlier upload, neither loses nor duplicates a file.
extension DropContext {
    /// Records the intent to publish `name`, or returns the one recorded before a crash (with its event range).
    func outboxIntent(
        fileID: Int64,
        kind: PublicationKind,
        number: Int = 0,
        name: String,
        sequences: ClosedRange<Int64>? = nil
    ) async throws -> PublicationRecord {
        try await store.recordPublicationIntent(
            fileID: fileID,
            kind: kind,
            number: number,
            name: name,
            sequences: sequences
        )
    }

    /// Publishes the spooled file at `path` as `publication`, unless a run before a crash already did, and
    /// records the name it ended under.
    func publish(_ path: String, as publication: PublicationRecord, logger: Logger) async throws {
        guard !publication.isPublished else { return }
        let published = try await transport.publish(path, into: folders.outbox, as: publication.name)
        try await store.recordPublished(
            fileID: publication.fileID,
            kind: publication.kind,
            number: publication.number,
            as: published
        )
        logger.info(
            "Outbox file published",
            metadata: ["remessa.outbox.name": "\(ControlCharacterEscaping.escaped(published))"]
        )
    }
}
