import ArgumentParser
import RemessaConfig
import RemessaDrops

/// `remessa drop ls DROP [FOLDER]`: the drop's five folders with their file counts, or one folder's files.
struct DropListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List the drop's folders with their file counts, or the files of one folder.",
        discussion: """
            Without FOLDER: inbox, processing, archive, failed and outbox (their configured paths) with how many \
            files each holds. With FOLDER: its regular files sorted by name, with size and modification time.
            """
    )

    @OptionGroup var options: DropOptions

    @Argument(help: "A folder relative to the drop's path, such as inbox or outbox.")
    var folder: String?

    func run() async throws {
        let connection = try DropConnection(command: "drop ls", options: options)
        if let folder {
            let entries = try await connection.run { try await $0.list(folder) }
            let listing = DropFolderListing(drop: connection.drop.name, folder: folder, entries: entries)
            switch options.common.format {
            case .json: print(listing.json.rendered(), terminator: "")
            case .text: print(listing.text(style: .forStandardOutput()), terminator: "")
            }
        } else {
            let drop = connection.drop
            let folders = try await connection.run { transport in
                var folders: [DropOverview.Folder] = []
                for (role, path) in Self.roles(drop.folders) {
                    folders.append(try await Self.summary(role: role, path: path, transport: transport))
                }
                return folders
            }
            let overview = DropOverview(drop: drop.name, location: connection.location, folders: folders)
            switch options.common.format {
            case .json: print(overview.json.rendered(), terminator: "")
            case .text: print(overview.text(style: .forStandardOutput()), terminator: "")
            }
        }
    }

    /// The five folders in the order a file travels through them.
    static func roles(_ folders: DropFolders) -> [(String, String)] {
        [
            ("inbox", folders.inbox), ("processing", folders.processing), ("archive", folders.archive),
            ("failed", folders.failed), ("outbox", folders.outbox),
        ]
    }

    /// One folder's count and size, or `nil` counts when it does not exist.
    static func summary(role: String, path: String, transport: any DropTransport) async throws -> DropOverview.Folder {
        do {
            let entries = try await transport.list(path)
            return DropOverview.Folder(
                role: role,
                path: path,
                files: entries.count,
                bytes: entries.reduce(0) { $0 + $1.size }
            )
        } catch let error as DropTransportError where error.code == .notFound {
            return DropOverview.Folder(role: role, path: path, files: nil, bytes: nil)
        }
    }
}
