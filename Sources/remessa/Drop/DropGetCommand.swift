import ArgumentParser
import RemessaConfig
import RemessaDrops

/// `remessa drop get DROP REMOTE LOCAL`: downloads one file, streaming and hashing it.
struct DropGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Download a file from the drop, printing its size, SHA-256 and the transfer speed.",
        discussion: """
            LOCAL is written only once the transfer is complete; an existing LOCAL is kept unless --force is \
            given. An existing directory as LOCAL receives the file under its remote name.
            """
    )

    @OptionGroup var options: DropOptions

    @Argument(help: "The file, relative to the drop's path (inbox/clientes.csv).")
    var remote: String

    @Argument(help: "Where to write it: a file, or an existing directory.")
    var local: String

    @Flag(help: "Replace LOCAL if it exists.")
    var force = false

    func run() async throws {
        let connection = try DropConnection(command: "drop get", options: options)
        let target: DropDownloadTarget
        do {
            target = try DropDownloadTarget(local: local, remote: remote, force: force)
        } catch {
            throw connection.exitCode(for: error)
        }
        let remote = remote
        let (file, transfer) = try await connection.run { transport in
            do {
                guard let entry = try await transport.entry(at: remote), entry.isRegularFile else {
                    throw connection.fail("\(remote) is not a file in drop \(connection.drop.name)", DropExit.noInput)
                }
                let started = ContinuousClock.now
                let file = try await transport.download(remote, to: target.temporaryPath)
                let transfer = DropTransfer(bytes: file.size, duration: ContinuousClock.now - started)
                try target.commit()
                return (file, transfer)
            } catch {
                target.discard()
                throw error
            }
        }
        if file.changedWhileReading {
            printError("remessa drop get: warning: \(remote) changed while it was read (is it still being uploaded?)")
        }
        switch options.common.format {
        case .json:
            let document = JSONValue.object([
                ("drop", .string(connection.drop.name)),
                ("remote", .string(remote)),
                ("local", .string(target.path)),
                ("bytes", .int(Int(file.size))),
                ("sha256", .string(file.sha256)),
                ("seconds", .double(transfer.seconds)),
                ("megabytesPerSecond", .double(transfer.megabytesPerSecond)),
                ("changedWhileReading", .bool(file.changedWhileReading)),
            ])
            print(document.rendered(), terminator: "")
        case .text:
            print("\(connection.drop.name):\(remote) -> \(target.path)")
            print("  \(transfer.summary)")
            print("  sha256 \(file.sha256)")
        }
    }
}
