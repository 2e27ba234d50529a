/// What `remessa drop ls DROP` prints: each of the drop's five folders with its file count and total size.
struct DropOverview {
    struct Folder {
        /// `inbox`, `processing`, `archive`, `failed` or `outbox`.
        var role: String
        /// The folder relative to the drop's path, as configured.
        var path: String
        /// `nil` when the folder does not exist.
        var files: Int?
        var bytes: Int64?
    }

    var drop: String
    /// The transport and where it leads (`sftp acme@host:22 /srv/drops/acme`), never a credential.
    var location: String
    var folders: [Folder]

    func text(style: TerminalStyle) -> String {
        var table = TextTable([
            .init(title: "folder"), .init(title: "path"), .init(title: "files", alignment: .right),
            .init(title: "size", alignment: .right),
        ])
        for folder in folders {
            if let files = folder.files, let bytes = folder.bytes {
                table.append([folder.role, folder.path, String(files), ByteCountText.format(bytes)])
            } else {
                table.append([folder.role, folder.path, "missing", ""], colours: [2: .yellow])
            }
        }
        let lines = ["\(style.paint(drop, .bold))  \(location)"] + table.lines(indent: "  ", style: style)
        return lines.joined(separator: "\n") + "\n"
    }

    var json: JSONValue {
        .object([
            ("drop", .string(drop)),
            ("location", .string(location)),
            (
                "folders",
                .array(
                    folders.map { folder in
                        .object([
                            ("folder", .string(folder.role)),
                            ("path", .string(folder.path)),
                            ("exists", .bool(folder.files != nil)),
                            ("files", folder.files.map(JSONValue.int) ?? .null),
                            ("bytes", folder.bytes.map { JSONValue.int(Int($0)) } ?? .null),
                        ])
                    }
                )
            ),
        ])
    }
}
