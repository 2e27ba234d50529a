import ArgumentParser
import Foundation
import RemessaCore
import RemessaStore

/// `remessa replies`: the newest replies phones sent back, with the drop and message each was attributed to.
struct RepliesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replies",
        abstract: "List the newest replies (MO), attributed or not.",
        discussion: """
            A reply is attributed to the drop and message that last sent to its number through the same route \
            within the drop's replyWindow; an attributed opt-out word put the number on that drop's own list. \
            Numbers are shown in full (operators handle them); they are never written to logs. Exit status: \
            0 ok, 64 usage error, 69 store unavailable, 78 configuration error.
            """
    )

    @OptionGroup var options: OperatorOptions

    @Option(help: "Only the replies attributed to this drop.")
    var drop: String?

    @Flag(help: "Only the replies attributed to no drop.")
    var unattributed = false

    @Option(help: "How many replies, newest first.")
    var limit: Int = 50

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        if drop != nil, unattributed { throw ValidationError("--drop and --unattributed exclude each other") }
    }

    func run() async throws {
        try await OperatorSession.run(command: "replies", options: options) { session in
            let store = session.store
            let (drop, unattributed, limit) = (drop, unattributed, limit)
            let replies = try await session.usingStore {
                try await store.replies(drop: drop, unattributed: unattributed, limit: limit)
            }
            switch options.format {
            case .json:
                print(JSONValue.object([("replies", .array(replies.map(\.json)))]).rendered(), terminator: "")
            case .text:
                print(Self.text(replies, style: .forStandardOutput()), terminator: "")
            }
        }
    }

    static func text(_ replies: [ReplyRecord], style: TerminalStyle) -> String {
        guard !replies.isEmpty else { return "No replies.\n" }
        var table = TextTable([
            .init(title: "RECEIVED"), .init(title: "ROUTE"), .init(title: "FROM"), .init(title: "DROP"),
            .init(title: "MESSAGE", alignment: .right), .init(title: "OPT-OUT"), .init(title: "TEXT"),
        ])
        for reply in replies {
            table.append([
                Timestamp.iso8601(reply.receivedAt), reply.route, ControlCharacterEscaping.escaped(reply.from),
                reply.drop ?? "-", reply.messageID.map { String($0) } ?? "-", reply.optOut ? "yes" : "no",
                // A phone's text may hold anything: control characters are shown escaped, never sent to the terminal.
                reply.text.isEmpty ? "-" : ControlCharacterEscaping.escaped(reply.text),
            ])
        }
        return table.lines(style: style).joined(separator: "\n") + "\n"
    }
}

extension ReplyRecord {
    var json: JSONValue {
        .object([
            ("receivedAt", .timestamp(receivedAt)),
            ("route", .string(route)),
            ("from", .string(from)),
            ("text", .string(text)),
            ("drop", .optional(drop)),
            ("messageId", messageID.map { .int(Int($0)) } ?? .null),
            ("file", .optional(file)),
            ("line", line.map { .int($0) } ?? .null),
            ("correlationId", .optional(correlationID)),
            ("optOut", .bool(optOut)),
        ])
    }
}
