import ArgumentParser
import Foundation
import RemessaCore
import RemessaStore

/// `remessa cancel ID`: cancels what of a batch has not gone out yet.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a batch's queued and scheduled messages; those already submitted still get their reports.",
        discussion: """
            Exit status: 0 cancelled (possibly nothing left to cancel), 1 no such batch, 64 usage error, \
            69 store unavailable, 78 configuration error.
            """
    )

    @OptionGroup var options: OperatorOptions

    @Argument(help: "The batch id, as `remessa batches` lists it.")
    var id: Int64

    func run() async throws {
        try await OperatorSession.run(command: "cancel", options: options) { session in
            let store = session.store
            let id = id
            let since = Date().addingTimeInterval(-BatchProgress.window)
            let outcome: (cancelled: Int, progress: BatchProgress)?
            do {
                outcome = try await session.usingStore {
                    let cancelled = try await store.cancelBatch(id)
                    guard let batch = try await store.batch(id) else { return nil }
                    let sent = try await store.messagesSent(batchIDs: [id], since: since)
                    return (cancelled, BatchProgress(batch: batch, sentInWindow: sent[id] ?? 0))
                }
            } catch let error as StoreError where error.code == .notFound {
                outcome = nil
            }
            guard let outcome else {
                throw OperatorExit.fail("cancel", "there is no batch \(id) in the store", OperatorExit.notFound)
            }
            let progress = outcome.progress
            switch options.format {
            case .json:
                let json = JSONValue.object([
                    ("id", .int(Int(id))),
                    ("cancelled", .int(outcome.cancelled)),
                    ("awaitingReports", .int(progress.batch.statusCounts[.submitted] ?? 0)),
                    ("cancelledAt", .timestamp(progress.batch.cancelledAt)),
                    ("batch", progress.json),
                ])
                print(json.rendered(), terminator: "")
            case .text:
                print(Self.text(cancelled: outcome.cancelled, batch: progress.batch))
            }
        }
    }

    static func text(cancelled: Int, batch: BatchRecord) -> String {
        let name = "Batch \(batch.id) (\(batch.drop), \(ControlCharacterEscaping.escaped(batch.fileName)))"
        let submitted = batch.statusCounts[.submitted] ?? 0
        var text =
            cancelled == 0
            ? "\(name): nothing left to cancel; no message was queued or scheduled."
            : "\(name): cancelled \(cancelled) queued or scheduled message\(cancelled == 1 ? "" : "s")."
        if submitted > 0 {
            text += " \(submitted) already submitted still await\(submitted == 1 ? "s" : "") a delivery report."
        }
        return text
    }
}
