import ArgumentParser
import Foundation
import RemessaCore
import RemessaStore

/// `remessa batch ID`: one batch in detail, with its file, counts per status and outbox files.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Show one batch: its file, counts per status, outbox files and cancel state.",
        discussion: """
            The id is the file's id (a file rejected as a whole has no batch; its rejection is shown). \
            Exit status: 0 ok, 1 no such batch, 64 usage error, 69 store unavailable, 78 configuration error.
            """
    )

    @OptionGroup var options: OperatorOptions

    @Argument(help: "The batch id, as `remessa batches` lists it.")
    var id: Int64

    /// Failed messages listed (masked), first in line order.
    static let failuresShown = 10

    func run() async throws {
        try await OperatorSession.run(command: "batch", options: options) { session in
            let store = session.store
            let id = id
            let since = Date().addingTimeInterval(-BatchProgress.window)
            let report: BatchReport? = try await session.usingStore {
                guard let file = try await store.file(id) else { return nil }
                var progress: BatchProgress?
                var failures: [MessageRecord] = []
                if let batch = try await store.batch(id) {
                    let sent = try await store.messagesSent(batchIDs: [id], since: since)
                    progress = BatchProgress(batch: batch, sentInWindow: sent[id] ?? 0)
                    failures = try await store.messages(
                        batchID: id,
                        statuses: BatchReport.failureStatuses,
                        limit: Self.failuresShown
                    )
                }
                return BatchReport(
                    file: file,
                    progress: progress,
                    publications: try await store.publications(of: id),
                    failures: failures
                )
            }
            guard let report else {
                throw OperatorExit.fail("batch", "there is no batch \(id) in the store", OperatorExit.notFound)
            }
            switch options.format {
            case .json: print(report.json.rendered(), terminator: "")
            case .text: print(report.text(style: .forStandardOutput()), terminator: "")
            }
        }
    }
}
