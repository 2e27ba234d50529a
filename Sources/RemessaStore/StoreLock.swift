#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a file beside the database, held for the daemon's lifetime, so two daemons never
/// share one store. The kernel releases it when the process dies, even by `kill -9`.
final class StoreLock: Sendable {
    let path: String
    private let descriptor: Int32

    init(path: String) throws(StoreError) {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.cannotOpen, "cannot open the lock file", path: path, errno: errno)
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            throw code == EWOULDBLOCK
                ? StoreError(.locked, "another remessad is running on this store", path: path)
                : StoreError(.cannotOpen, "cannot lock the store", path: path, errno: code)
        }
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}
