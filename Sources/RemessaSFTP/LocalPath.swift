import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Local path helpers for transfers.
enum LocalPath {
    /// A hidden, unique sibling of `path` to download into before renaming it into place.
    static func temporarySibling(of path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        return "\(directory)/.\(url.lastPathComponent).\(suffix).part"
    }

    /// `rename(2)`, replacing `destination` if it exists.
    static func move(_ source: String, to destination: String) throws(SFTPError) {
        guard rename(source, destination) == 0 else {
            throw .localFile("rename", path: destination, errno: errno)
        }
    }

    /// Removes `path`, ignoring a missing file.
    static func remove(_ path: String) {
        unlink(path)
    }
}
