import ArgumentParser
import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaDaemon
import RemessaDrops
import RemessaStore

/// `remessa purge`: applies the retention now (contract §12) and prints what it erased, or would.
struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract:
            "Erase what is older than the retention: finished batches' personal data, old originals and outbox files.",
        discussion: """
            A finished batch keeps its counts and statuses; its destinations, texts, fields and correlation ids \
            are erased. Opt-out lists and their history are never purged. The daemon does this hourly. \
            Exit status: 0 done, 1 some drop's folders could not be cleaned, 64 usage error, \
            69 store unavailable, 78 configuration error.
            """
    )

    @OptionGroup var options: OperatorOptions

    @Flag(help: "Print what would be erased, erase nothing.")
    var dryRun = false

    func run() async throws {
        try await OperatorSession.run(command: "purge", options: options) { session in
            let environment = ProcessInfo.processInfo.environment
            let logger = Logger(label: "remessa.purge") { _ in SwiftLogNoOpLogHandler() }
            var targets: [RetentionPurger.Target] = []
            var failed = false
            for name in session.dropNames {
                guard let drop = session.configuration.drops[name] else { continue }
                do {
                    let transport = try DropTransportFactory.make(for: drop, environment: environment, logger: logger)
                    targets.append(.init(drop: drop, transport: transport))
                } catch {
                    printError("remessa purge: drop \(name): \(error)")
                    failed = true
                }
            }
            let purger = RetentionPurger(store: session.store, logger: logger)
            let dryRun = dryRun
            let report = await purger.run(
                targets,
                unattributedRetention: session.configuration.retention.messages,
                dryRun: dryRun
            )
            for target in targets { await target.transport.close() }
            switch options.format {
            case .text: print(Self.text(report, dryRun: dryRun), terminator: "")
            case .json: print(Self.json(report, dryRun: dryRun).rendered(), terminator: "")
            }
            for failure in report.failures {
                printError("remessa purge: drop \(failure.drop): \(failure.error)")
            }
            if failed || !report.failures.isEmpty { throw ExitCode(1) }
        }
    }

    static func json(_ report: RetentionPurger.Report, dryRun: Bool) -> JSONValue {
        .object([
            ("dryRun", .bool(dryRun)),
            (
                "batches",
                .array(
                    report.batches.map { batch in
                        .object([
                            ("id", .int(Int(batch.id))), ("drop", .string(batch.drop)),
                            ("file", .string(batch.fileName)), ("messages", .int(batch.messages)),
                        ])
                    }
                )
            ),
            ("messages", .int(report.messages)),
            ("replies", .int(report.replies)),
            (
                "files",
                .array(report.files.map { .object([("drop", .string($0.drop)), ("path", .string($0.path))]) })
            ),
            ("walCleared", .bool(report.walCleared)),
        ])
    }

    static func text(_ report: RetentionPurger.Report, dryRun: Bool) -> String {
        let verb = dryRun ? "would be erased" : "erased"
        var text = ""
        for batch in report.batches {
            text += "Batch \(batch.id) (\(batch.drop), \(ControlCharacterEscaping.escaped(batch.fileName))): "
            text += "\(batch.messages) message\(batch.messages == 1 ? "" : "s") \(verb)\n"
        }
        for file in report.files {
            text +=
                "\(file.drop): \(ControlCharacterEscaping.escaped(file.path)) \(dryRun ? "would be deleted" : "deleted")\n"
        }
        let batches = report.batches.count
        text +=
            "\(batches) batch\(batches == 1 ? "" : "es"), \(report.messages) message\(report.messages == 1 ? "" : "s"), "
        text += "\(report.replies) repl\(report.replies == 1 ? "y" : "ies") and "
        text += "\(report.files.count) file\(report.files.count == 1 ? "" : "s") \(dryRun ? "due" : verb)"
        text += dryRun ? " (dry run: nothing was changed).\n" : ".\n"
        if !report.walCleared {
            text += "The store's WAL could not be emptied now (the daemon is reading); the next purge clears it.\n"
        }
        return text
    }
}
