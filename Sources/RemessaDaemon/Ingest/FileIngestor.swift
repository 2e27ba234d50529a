import Foundation
import RemessaConfig
import RemessaCore
import RemessaDrops
import RemessaStore

/// Validates a spooled file as `remessa check` does (``ResultFileRun``), plus the drop's opt-out lists, and stores its accepted
/// messages as one batch (all of them or none: ``Store/ingest(fileID:drop:route:at:_:)``), writing the result file (or, for a file rejected as a whole, the error file) on
/// the way. Rows whose number is on one of them are `OPTED_OUT` and never become messages.
struct FileIngestor: Sendable {
    let store: any Store
    let drop: DropConfiguration

    /// What became of the file.
    enum Outcome: Sendable, Equatable {
        case accepted(IngestSummary)
        case rejected(IngestSummary, FileRejection)
    }

    /// How one file is sent: the drop's settings for a plain inbox file, its sub-account's for a Sinch file that
    /// names one, a campaign's own (contract §10).
    struct Sending: Sendable {
        var validation: ValidationOptions
        var route: String
        var settings = BatchSettings()
        /// Publish the result file and store nothing to send (a campaign's `validateOnly`).
        var validateOnly = false
    }

    /// Ingests `inputPath` with the drop's settings (or its Sinch sub-account's); the result or error file is
    /// complete and on disk at `resultPath` when this returns.
    func ingest(fileID: Int64, fileName: String, inputPath: String, resultPath: String) async throws -> Outcome {
        let chosen = drop.settings(forInboxFile: fileName)
        let sending = Sending(
            validation: chosen.validation,
            route: chosen.route,
            settings: BatchSettings(sender: chosen.sender)
        )
        return try await ingest(
            fileID: fileID,
            fileName: fileName,
            inputPath: inputPath,
            resultPath: resultPath,
            sending: sending
        )
    }

    /// Ingests `inputPath` as `sending` says; `fileName` is the name the validator sees.
    func ingest(
        fileID: Int64,
        fileName: String,
        inputPath: String,
        resultPath: String,
        sending: Sending
    ) async throws -> Outcome {
        let drop = self.drop
        // Read once per file, so each row costs a set lookup, not a query.
        let suppressed = try await store.suppressedDestinations(lists: drop.suppressionLists)
        let outcome = try await store.ingest(
            fileID: fileID,
            drop: drop.name,
            route: sending.route,
            settings: sending.settings
        ) { writer throws -> IngestDecision<Outcome> in
            try Self.validate(
                fileName: fileName,
                inputPath: inputPath,
                resultPath: resultPath,
                drop: drop,
                options: sending.validation,
                storing: !sending.validateOnly,
                suppressed: suppressed,
                writer: &writer
            )
        }
        switch outcome {
        case .rejected(let summary, let rejection):
            try await store.recordRejection(
                of: fileID,
                summary: summary,
                errorCode: rejection.code.rawValue,
                errorMessage: rejection.sentence.text(in: drop.locale)
            )
        case .accepted(let summary) where sending.validateOnly:
            try await store.recordValidatedOnly(of: fileID, summary: summary)
        case .accepted:
            break
        }
        return outcome
    }

    /// Writes the error file for a rejection decided before validation (a duplicate file) and records it.
    func reject(fileID: Int64, rejection: FileRejection, resultPath: String) async throws {
        // An ingest of this file cut short by a crash may have staged messages.
        try await store.discardStaged(fileID: fileID)
        let writer = try BufferedFileWriter(path: resultPath)
        try writer.write(ErrorFile.render([rejection], locale: drop.locale, bom: drop.bom))
        try writer.commit()
        try await store.recordRejection(
            of: fileID,
            summary: IngestSummary(layout: nil, encoding: nil, rows: 0, accepted: 0, rejected: 0, segments: 0),
            errorCode: rejection.code.rawValue,
            errorMessage: rejection.sentence.text(in: drop.locale)
        )
    }

    private static func validate(
        fileName: String,
        inputPath: String,
        resultPath: String,
        drop: DropConfiguration,
        options: ValidationOptions,
        storing: Bool,
        suppressed: Set<String>,
        writer: inout BatchWriter
    ) throws -> IngestDecision<Outcome> {
        let input = try FileInput(path: inputPath)
        var validator = FileValidator(fileName: fileName, options: options, suppressed: suppressed)
        let summary = try ResultFileRun.validate(
            input,
            with: &validator,
            into: try BufferedFileWriter(path: resultPath),
            bom: drop.bom,
            locale: drop.locale
        ) { outcome in
            guard storing, let message = outcome.message, outcome.isAccepted else { return nil }
            return try writer.insert(
                MessageDraft(
                    line: outcome.line,
                    destination: outcome.destination,
                    correlationID: outcome.correlationID,
                    priority: outcome.priority,
                    text: message.text,
                    encoding: message.encoding,
                    segments: message.segments,
                    clientCode: outcome.clientCode,
                    tag: outcome.tag
                )
            )
        }
        let stored = IngestSummary(
            layout: summary.layout?.rawValue,
            encoding: summary.encoding.rawValue,
            rows: summary.rows,
            accepted: summary.accepted,
            rejected: summary.rejected,
            segments: summary.segments
        )
        guard let rejection = summary.fileError else {
            return storing ? .commit(stored, .accepted(stored)) : .rollback(.accepted(stored))
        }
        return .rollback(.rejected(stored, rejection))
    }
}
