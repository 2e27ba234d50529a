import ArgumentParser
import RemessaConfig
import RemessaDrops

/// `remessa drop put DROP LOCAL REMOTE`: publishes one file as the daemon publishes its outbox files.
struct DropPutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Upload a file into the drop without ever overwriting one, printing its final name and speed.",
        discussion: """
            The file is uploaded under a hidden temporary name and renamed into place, so pollers never see it \
            half-written. A taken name is never replaced: the file gets the next free one (base-1.csv, …). If \
            the same content is already there under the name or a variant of it, nothing is sent.
            """
    )

    @OptionGroup var options: DropOptions

    @Argument(help: "The local file to send.")
    var local: String

    @Argument(help: "Where, relative to the drop's path: inbox/base.csv, or inbox/ to keep LOCAL's name.")
    var remote: String

    func run() async throws {
        let connection = try DropConnection(command: "drop put", options: options)
        let source: DropUploadSource
        do {
            source = try DropUploadSource(path: local)
        } catch {
            throw connection.exitCode(for: error)
        }
        let target = DropRemotePath(remote, localPath: local)
        let (name, alreadyThere, transfer) = try await connection.run { transport in
            // Listing first checks the folder, tells a repeat from a new upload, and opens the connection, so the
            // timing below covers the transfer alone.
            let taken = Set(try await transport.list(target.folder).map(\.name))
            let started = ContinuousClock.now
            let name = try await transport.publish(source.path, into: target.folder, as: target.name)
            let transfer = DropTransfer(bytes: source.size, duration: ContinuousClock.now - started)
            return (name, taken.contains(name), transfer)
        }
        let published = DropRemotePath.join(target.folder, name)
        switch options.common.format {
        case .json:
            let document = JSONValue.object([
                ("drop", .string(connection.drop.name)),
                ("local", .string(source.path)),
                ("remote", .string(published)),
                ("name", .string(name)),
                ("requestedName", .string(target.name)),
                ("alreadyThere", .bool(alreadyThere)),
                ("bytes", .int(Int(source.size))),
                ("seconds", .double(transfer.seconds)),
                ("megabytesPerSecond", .double(alreadyThere ? 0 : transfer.megabytesPerSecond)),
            ])
            print(document.rendered(), terminator: "")
        case .text:
            print("\(source.path) -> \(connection.drop.name):\(published)")
            if alreadyThere {
                print("  already there with the same content: nothing sent")
            } else {
                if name != target.name {
                    print("  \(DropRemotePath.join(target.folder, target.name)) was taken: published as \(name)")
                }
                print("  \(transfer.summary)")
            }
        }
    }
}
