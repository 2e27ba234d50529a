import Foundation
import Glibc

/// Where `get` writes: a hidden placeholder beside the destination receives the download, which then takes the
/// destination's name, never replacing an existing file unless forced (`link` fails on a taken name).
struct DropDownloadTarget {
    /// The file the operator asked for.
    let path: String
    /// The hidden placeholder the transport downloads into (it replaces it at the end of the transfer).
    let temporaryPath: String
    let force: Bool

    /// Resolves `local` (an existing directory receives the file under the remote name), refuses an existing
    /// file without `force`, and creates the placeholder so an unwritable directory fails before connecting.
    init(local: String, remote: String, force: Bool) throws(DropLocalFileError) {
        let remoteName = String(remote.split(separator: "/").last ?? Substring(remote))
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: local, isDirectory: &isDirectory), isDirectory.boolValue {
            path = (local.hasSuffix("/") ? local : local + "/") + remoteName
        } else {
            path = local
        }
        self.force = force
        if !force, FileManager.default.fileExists(atPath: path) {
            throw .exists(path)
        }
        let url = URL(fileURLWithPath: path)
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        temporaryPath = url.deletingLastPathComponent().path + "/.\(url.lastPathComponent).\(suffix).remessa-get"
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            throw .system("create", temporaryPath, errno: errno, exitCode: DropExit.cannotCreate)
        }
        close(descriptor)
    }

    /// Gives the downloaded file its name: replacing an existing file only with `force`.
    func commit() throws(DropLocalFileError) {
        if force {
            guard rename(temporaryPath, path) == 0 else {
                throw .system("rename to", path, errno: errno, exitCode: DropExit.cannotCreate)
            }
            return
        }
        guard link(temporaryPath, path) == 0 else {
            let number = errno
            discard()
            throw number == EEXIST
                ? .exists(path) : .system("create", path, errno: number, exitCode: DropExit.cannotCreate)
        }
        discard()
    }

    /// Removes the placeholder (after a failure, or once linked into place).
    func discard() {
        unlink(temporaryPath)
    }
}
