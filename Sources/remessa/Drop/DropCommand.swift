import ArgumentParser

/// `remessa drop`: an operator's look into a client's drop, through the daemon's own transport and credentials.
struct DropCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop",
        abstract: "List, fetch and send files in a client's drop, as the daemon reaches it.",
        discussion: """
            Each drop is reached with its configured transport (SFTP or local) and credentials; SFTP host keys \
            are checked exactly as the daemon checks them. Paths are relative to the drop's `path`. Transfers \
            stream, so a large file costs no memory. Exit status: 0 ok, 64 usage error or unknown drop, \
            66 no such file or folder, 69 drop unreachable, 73 cannot create a file, 74 local I/O error, \
            78 configuration error.
            """,
        subcommands: [DropListCommand.self, DropGetCommand.self, DropPutCommand.self]
    )
}
