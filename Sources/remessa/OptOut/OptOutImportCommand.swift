import ArgumentParser
import Foundation
import RemessaDrops
import RemessaStore

/// `remessa optout import FILE`: puts every number of a file on the opt-out list, in one transaction.
struct OptOutImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Put every number of a file on the opt-out list at once.",
        discussion: """
            FILE holds one number a line, or is a CSV (any of ; , TAB |, UTF-8 or Windows-1252) whose number \
            column is named telefone, celular, phone or destination, or else is its first column. Lines whose \
            number is not valid are listed with their line number and skipped; the others go in as one change. \
            Exit status: 0 imported (some lines may be skipped), 64 usage error, 65 no valid number in the file \
            or the file is not text (nothing is imported), 66 the file cannot be read, 69 store unavailable, \
            78 configuration error.
            """
    )

    @OptionGroup var options: OperatorOptions
    @OptionGroup var target: OptOutListOptions
    @OptionGroup var change: OptOutChangeOptions

    @Argument(help: "The file of numbers.")
    var file: String

    func run() async throws {
        let command = "optout import"
        try await OperatorSession.run(command: command, options: options) { session in
            let read = try Self.read(file, command: command)
            let destinations = OptOutNumbers.unique(read.numbers)
            guard !destinations.isEmpty else {
                Self.printBadLines(read, command: command)
                throw OperatorExit.fail(
                    command,
                    "no valid number in \(file); nothing was imported",
                    OptOutNumbers.dataError
                )
            }
            let store = session.store
            let list = try target.name(in: session)
            let (actor, reason) = (change.actor, change.reason)
            let added = try await session.usingStore {
                try await store.addSuppression(destinations, list: list, actor: actor, reason: reason)
            }
            let summary = ImportSummary(
                numbers: read.numbers.count,
                added: added,
                alreadyPresent: destinations.count - added,
                repeated: read.numbers.count - destinations.count,
                badLines: read.badLineCount
            )
            switch options.format {
            case .json:
                let bad = read.badLines.map {
                    JSONValue.object([("line", .int($0.line)), ("reason", .string($0.reason))])
                }
                let json = JSONValue.object([
                    ("file", .string(file)),
                    ("list", .string(list)),
                    ("column", .optional(read.columnName)),
                    ("numbers", .int(summary.numbers)),
                    ("added", .int(summary.added)),
                    ("alreadyPresent", .int(summary.alreadyPresent)),
                    ("repeatedInFile", .int(summary.repeated)),
                    ("badLines", .int(summary.badLines)),
                    ("firstBadLines", .array(bad)),
                    ("by", .string(actor)),
                    ("reason", .string(reason)),
                ])
                print(json.rendered(), terminator: "")
            case .text:
                Self.printBadLines(read, command: command)
                print(summary.text, terminator: "")
            }
        }
    }

    /// The numbers and bad lines of `path`; a file that cannot be opened is status 66, one that is not text 65.
    static func read(_ path: String, command: String) throws -> OptOutFileReader {
        let input: FileInput
        do {
            input = try FileInput(path: path)
        } catch {
            throw OperatorExit.fail(command, "\(error)", ExitCode(66))
        }
        var reader = OptOutFileReader()
        do {
            try input.forEachChunk { chunk in try reader.feed(chunk) }
            try reader.finish()
        } catch let error as FileInput.OpenError {
            throw OperatorExit.fail(command, "\(error)", ExitCode(66))
        } catch {
            throw OperatorExit.fail(command, "\(path): \(error)", OptOutNumbers.dataError)
        }
        return reader
    }

    /// The skipped lines on stderr, one a line.
    static func printBadLines(_ read: OptOutFileReader, command: String) {
        for bad in read.badLines {
            printError("remessa \(command): line \(bad.line) skipped: \(bad.reason)")
        }
        let unshown = read.badLineCount - read.badLines.count
        if unshown > 0 {
            printError("remessa \(command): … and \(unshown) more line\(unshown == 1 ? "" : "s") skipped")
        }
    }
}

/// What an import did, for people.
struct ImportSummary {
    var numbers: Int
    var added: Int
    var alreadyPresent: Int
    var repeated: Int
    var badLines: Int

    var text: String {
        var parts = ["\(added) added", "\(alreadyPresent) already on the list"]
        if repeated > 0 { parts.append("\(repeated) repeated in the file") }
        parts.append("\(badLines) bad line\(badLines == 1 ? "" : "s") skipped")
        return "Read \(OptOutResult.count(numbers)): " + parts.joined(separator: ", ") + ".\n"
    }
}
