import Foundation

/// The daemon's local working copies: one directory per claimed file under `<state>/spool`.
struct Spool: Sendable {
    let root: String

    init(statePath: String) {
        self.root = statePath + "/spool"
    }

    func directory(for fileID: Int64) -> String {
        "\(root)/\(fileID)"
    }

    /// The downloaded original.
    func input(for fileID: Int64) -> String { directory(for: fileID) + "/input" }
    /// The result (or, for a rejected file, error) file about to be published.
    func result(for fileID: Int64) -> String { directory(for: fileID) + "/result.csv" }
    func outgoing(for fileID: Int64, _ name: String) -> String { directory(for: fileID) + "/" + name }

    func prepare(for fileID: Int64) throws {
        try FileManager.default.createDirectory(atPath: directory(for: fileID), withIntermediateDirectories: true)
    }

    func removeInput(for fileID: Int64) {
        try? FileManager.default.removeItem(atPath: input(for: fileID))
    }

    func remove(_ fileID: Int64) {
        try? FileManager.default.removeItem(atPath: directory(for: fileID))
    }
}
