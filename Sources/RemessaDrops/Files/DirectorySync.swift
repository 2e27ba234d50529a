#if canImport(Glibc)
import Glibc
#endif

/// Makes a directory's entries durable: after a rename into it, or a new file in it, an `fsync` of the folder is
/// what keeps the name across a power loss.
package enum DirectorySync {
    /// fsyncs the folder that holds `path`.
    package static func syncFolder(of path: String) throws(POSIXFailure) {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let directory = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { throw POSIXFailure(operation: "open", path: folder, errno: errno) }
        defer { close(directory) }
        guard fsync(directory) == 0 else { throw POSIXFailure(operation: "fsync", path: folder, errno: errno) }
    }
}
