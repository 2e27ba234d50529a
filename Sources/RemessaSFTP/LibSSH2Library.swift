import CLibSSH2

/// libssh2's process-wide initialisation, done once before the first session.
enum LibSSH2Library {
    /// `libssh2_init(0)`'s result. Swift initialises globals once and thread-safely, which is what libssh2_init
    /// (itself not thread-safe) needs. OpenSSL is first told to skip its exit-time cleanup, which raced sessions
    /// still being freed on other threads as the process exited.
    private static let initResult: Int32 = {
        _ = remessa_openssl_skip_cleanup_at_exit()
        return libssh2_init(0)
    }()

    /// Throws if libssh2 could not initialise its crypto backend.
    static func ensureInitialized() throws(SFTPError) {
        guard Self.initResult == 0 else {
            throw SFTPError(code: .libssh2Failure, operation: "libssh2_init", libssh2Code: Self.initResult)
        }
    }

    /// The libssh2 version linked at run time, e.g. `1.10.0`.
    static var version: String {
        libssh2_version(0).map { String(cString: $0) } ?? "unknown"
    }
}
