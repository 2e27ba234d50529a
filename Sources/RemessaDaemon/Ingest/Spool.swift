import Foundation
import RemessaDrops

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's local working copies: one directory per claimed file under `<state>/spool`, or, for a named node
/// (`remessad --node NAME`, contract §13), under `<state>/<NAME>`.
struct Spool: Sendable {
    let root: String

    init(statePath: String, node: String? = nil) {
        self.root = statePath + "/" + (node ?? "spool")
    }

    func directory(for fileID: Int64) -> String {
        "\(root)/\(fileID)"
    }

    /// The downloaded original.
    func input(for fileID: Int64) -> String { directory(for: fileID) + "/input" }
    /// The result (or, for a rejected file, error) file about to be published.
    func result(for fileID: Int64) -> String { directory(for: fileID) + "/result.csv" }
    func outgoing(for fileID: Int64, _ name: String) -> String { directory(for: fileID) + "/" + name }

    /// Creates the file's directory (0750) and makes its creation durable, so the files fsynced into it survive
    /// a power loss with it.
    func prepare(for fileID: Int64) throws {
        let path = directory(for: fileID)
        guard !FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.createDirectory(
            atPath: path,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o750]
        )
        try DirectorySync.syncFolder(of: path)
    }

    /// Makes a downloaded copy durable, file and folder, whichever transport wrote it: the download is recorded
    /// only after this, so after a power loss nothing half-written is ingested.
    func syncInput(for fileID: Int64) throws {
        let path = input(for: fileID)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "open", path: path, errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw POSIXFailure(operation: "fsync", path: path, errno: errno) }
        try DirectorySync.syncFolder(of: path)
    }

    func removeInput(for fileID: Int64) {
        try? FileManager.default.removeItem(atPath: input(for: fileID))
    }

    func remove(_ fileID: Int64) {
        try? FileManager.default.removeItem(atPath: directory(for: fileID))
    }
}
