import Glibc

/// The local file `put` sends, checked before connecting: it must be a readable regular file.
struct DropUploadSource {
    let path: String
    let size: Int64

    init(path: String) throws(DropLocalFileError) {
        self.path = path
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .system("read", path, errno: errno, exitCode: DropExit.noInput)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw DropLocalFileError(description: "\(path) is not a regular file", exitCode: DropExit.noInput)
        }
        guard access(path, R_OK) == 0 else {
            throw .system("read", path, errno: errno, exitCode: DropExit.noInput)
        }
        size = Int64(info.st_size)
    }
}
