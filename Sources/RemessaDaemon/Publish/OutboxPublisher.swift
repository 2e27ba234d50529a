import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaDrops
import RemessaStore

/// Writes a drop's delivery files: a `<name>.dlr.NNNN.csv` with the events since the previous one, then, once
/// every message of a batch is terminal, `<name>.final.csv` and `<name>.summary.json`.
///
/// Each file goes out through the drop's one outbox path (`DropContext+Outbox`): intent, publish, record.
struct OutboxPublisher: Sendable {
    let context: DropContext
    var drop: DropConfiguration { context.drop }
    var store: any Store { context.store }

    /// One pass over the drop's open batches. With `eventsDue` false (between two `dlrInterval`s) only batches
    /// that became terminal are published: their last DLR file, the final file and the summary.
    func publishPending(now: Date = Date(), eventsDue: Bool = true) async throws {
        for batch in try await store.batches(unfinishedOnly: true, drop: drop.name) {
            try await publish(batch, now: now, eventsDue: eventsDue)
        }
    }

    private func publish(_ batch: BatchRecord, now: Date, eventsDue: Bool) async throws {
        let expired = try await store.expireUnconfirmed(
            batchID: batch.id,
            submittedBefore: now - drop.dlrTimeout.inSeconds,
            at: now
        )
        if expired > 0 {
            context.logger.info(
                "Messages without a delivery report became UNCONFIRMED",
                metadata: ["remessa.batch.id": "\(batch.id)", "remessa.count": "\(expired)"]
            )
        }
        guard let current = expired > 0 ? try await store.batch(batch.id) : batch else { return }
        if eventsDue || current.isTerminal {
            try await publishEvents(of: current)
        }
        if current.isTerminal {
            try await publishFinal(current, now: now)
        }
    }

    /// Publishes the events not yet in a DLR file, first finishing an upload a crash interrupted.
    private func publishEvents(of batch: BatchRecord) async throws {
        let publications = try await store.publications(of: batch.id).filter { $0.kind == .dlr }
        for pending in publications where !pending.isPublished {
            try await upload(pending, batch: batch)
        }
        let published = publications.compactMap(\.lastSequence).max() ?? 0
        let last = try await store.lastEventSequence(batchID: batch.id)
        guard last > published else { return }
        let number = (publications.map(\.number).max() ?? 0) + 1
        let intent = try await context.outboxIntent(
            fileID: batch.id,
            kind: .dlr,
            number: number,
            name: DLRFile.name(for: batch.fileName, number: number),
            sequences: (published + 1)...last
        )
        try await upload(intent, batch: batch)
    }

    private func upload(_ publication: PublicationRecord, batch: BatchRecord) async throws {
        let path = context.spool.outgoing(for: batch.id, publication.name)
        try context.spool.prepare(for: batch.id)
        let writer = try BufferedFileWriter(path: path)
        try writer.write(DLRFile.header(bom: drop.bom))
        if let first = publication.firstSequence, let last = publication.lastSequence {
            for event in try await store.events(batchID: batch.id, in: first...last) {
                try writer.write(
                    DLRFile.line(
                        messageID: String(event.messageID),
                        correlationID: event.correlationID,
                        destination: event.destination,
                        line: event.line,
                        status: event.status,
                        reasonCode: event.reasonCode,
                        eventAt: Timestamp.iso8601(event.at),
                        locale: drop.locale
                    )
                )
            }
        }
        try writer.commit()
        try await context.publish(path, as: publication, logger: context.logger)
    }

    private func publishFinal(_ batch: BatchRecord, now: Date) async throws {
        let finalPath = context.spool.outgoing(for: batch.id, batch.fileName + ".final.csv")
        try context.spool.prepare(for: batch.id)
        let writer = try BufferedFileWriter(path: finalPath)
        try writer.write(FinalFile.header(bom: drop.bom))
        let locale = drop.locale
        let columns = FinalFile.BatchColumns(
            sender: batch.settings.sender ?? context.routeSenders[batch.route],
            campaign: batch.settings.label,
            includesText: drop.reportText
        )
        try await store.forEachMessage(batchID: batch.id) { message in
            try writer.write(
                FinalFile.line(
                    line: message.line,
                    destination: message.destination,
                    correlationID: message.correlationID,
                    messageID: String(message.id),
                    status: message.status,
                    reasonCode: message.reasonCode,
                    segments: message.segments,
                    submittedAt: message.submittedAt.map { Timestamp.iso8601($0) } ?? "",
                    doneAt: message.doneAt.map { Timestamp.iso8601($0) } ?? "",
                    text: message.text,
                    clientCode: message.clientCode,
                    tag: message.tag,
                    batch: columns,
                    locale: locale
                )
            )
        }
        try writer.commit()
        let totals = try await store.batchTotals(batch.id)
        let summaryPath = context.spool.outgoing(for: batch.id, batch.fileName + ".summary.json")
        let summary = try BufferedFileWriter(path: summaryPath)
        try summary.write(SummaryDocument(batch: batch, totals: totals).json())
        try summary.commit()

        for (kind, path, name) in [
            (PublicationKind.final, finalPath, batch.fileName + ".final.csv"),
            (.summary, summaryPath, batch.fileName + ".summary.json"),
        ] {
            let intent = try await context.outboxIntent(fileID: batch.id, kind: kind, name: name)
            try await context.publish(path, as: intent, logger: context.logger)
        }
        try await store.recordBatchFinished(batch.id, at: now)
        context.spool.remove(batch.id)
        context.logger.notice(
            "Batch finished",
            metadata: ["remessa.batch.id": "\(batch.id)", "remessa.messages": "\(batch.messages)"]
        )
    }
}
