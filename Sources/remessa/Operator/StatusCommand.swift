import ArgumentParser
import RemessaStore
import Foundation

/// `remessa status`: each drop's files of the day and its messages in play, from the daemon's store.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each drop's files of today and its messages still in play (and the cluster's nodes).",
        discussion: """
            Files are counted since local midnight; messages are those of batches whose final file is not out \
            yet or that were created today. On a PostgreSQL store (`state.postgres`), also each node (up for, \
            last seen) and each lease (holder, token, held for, renewed, expires), on the database's clock. \
            Exit status: 0 ok, 64 usage error, 69 store unavailable, \
            78 configuration error.
            """
    )

    @OptionGroup var options: OperatorOptions

    func run() async throws {
        try await OperatorSession.run(command: "status", options: options) { session in
            let now = Date()
            let since = Calendar.current.startOfDay(for: now)
            let activity = try await session.usingStore { try await session.store.dropActivity(since: since) }
            let cluster = try await session.usingStore { try await ClusterReport.read(from: session.store) }
            let report = StatusReport(
                now: now,
                since: since,
                configuredDrops: session.dropNames,
                activity: activity,
                cluster: cluster
            )
            switch options.format {
            case .json: print(report.json.rendered(), terminator: "")
            case .text: print(report.text(style: .forStandardOutput()), terminator: "")
            }
        }
    }
}
