import Foundation
import RemessaConfig
import RemessaCore
import RemessaDrops
import RemessaStore

/// What `remessa drop ls DROP FOLDER` prints: the folder's files sorted by name, with size and modification time.
struct DropFolderListing {
    var drop: String
    var folder: String
    /// Sorted by name.
    var entries: [DropEntry]

    init(drop: String, folder: String, entries: [DropEntry]) {
        self.drop = drop
        self.folder = folder
        self.entries = entries.sorted { $0.name < $1.name }
    }

    var totalBytes: Int64 { entries.reduce(0) { $0 + $1.size } }

    static func modified(_ entry: DropEntry) -> String {
        Timestamp.iso8601(Date(timeIntervalSince1970: TimeInterval(entry.modification)))
    }

    func text(style: TerminalStyle) -> String {
        let title = "\(style.paint(drop, .bold)) \(folder)"
        guard !entries.isEmpty else { return "\(title): no files\n" }
        let count = entries.count == 1 ? "1 file" : "\(entries.count) files"
        var table = TextTable([
            .init(title: "name"), .init(title: "size", alignment: .right), .init(title: "modified"),
        ])
        for entry in entries {
            table.append([
                ControlCharacterEscaping.escaped(entry.name), ByteCountText.format(entry.size), Self.modified(entry),
            ])
        }
        let lines = ["\(title): \(count), \(ByteCountText.format(totalBytes))"] + table.lines(style: style)
        return lines.joined(separator: "\n") + "\n"
    }

    var json: JSONValue {
        .object([
            ("drop", .string(drop)),
            ("folder", .string(folder)),
            ("count", .int(entries.count)),
            ("bytes", .int(Int(totalBytes))),
            (
                "files",
                .array(
                    entries.map { entry in
                        .object([
                            ("name", .string(entry.name)),
                            ("size", .int(Int(entry.size))),
                            ("modified", .string(Self.modified(entry))),
                        ])
                    }
                )
            ),
        ])
    }
}
