import CLibSSH2
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One SSH connection: the socket, the libssh2 session and its SFTP channel.
///
/// Not thread-safe, like libssh2 itself: an ``SFTPClient`` owns it and calls it only from its session thread.
/// libssh2 runs in blocking mode with `libssh2_session_set_timeout`, so every call returns within the timeout.
/// Once a call fails at the transport level the session is broken: its socket is shut down so any further call,
/// including the clean-up, fails at once instead of waiting for a dead server.
final class SSHSession {
    /// The `LIBSSH2_SESSION *`.
    let raw: OpaquePointer
    /// The `LIBSSH2_SFTP *`, once ``startSFTP()`` succeeded.
    private(set) var sftp: OpaquePointer?
    /// The connected TCP socket; owned, closed on deinit.
    let socket: Int32
    /// A number unique among this client's sessions; directory cursors remember it.
    let number: UInt64
    /// When the session last did something for a caller.
    var lastUsed: ContinuousClock.Instant
    /// Whether the server answered an `fsync@openssh.com`; cleared when it said it cannot.
    var fsyncSupported = true
    /// Whether a transport error has made the session unusable.
    private(set) var isBroken = false
    /// The algorithm lists offered in the handshake, by `LIBSSH2_METHOD_*`, for diagnosing a failed one.
    var offeredAlgorithms: [Int32: [String]] = [:]

    /// Wraps a connected socket in a new blocking libssh2 session; takes ownership of the socket.
    init(socket: Int32, number: UInt64) throws(SFTPError) {
        do {
            try LibSSH2Library.ensureInitialized()
        } catch {
            close(socket)
            throw error
        }
        guard let raw = remessa_libssh2_session_init() else {
            close(socket)
            throw SFTPError(
                code: .libssh2Failure,
                operation: "session_init",
                detail: "libssh2 could not allocate a session"
            )
        }
        self.raw = raw
        self.socket = socket
        self.number = number
        self.lastUsed = .now
        libssh2_session_set_blocking(raw, 1)
    }

    deinit {
        // Saying goodbye is ``disconnect(timeout:)``'s job; here nothing may wait for the server, so the socket
        // goes first and libssh2's clean-up fails fast instead of blocking on it.
        shutdown(self.socket, Int32(SHUT_RDWR))
        if let sftp = self.sftp {
            libssh2_sftp_shutdown(sftp)
        }
        libssh2_session_free(self.raw)
        close(self.socket)
    }

    /// Sets how long any one libssh2 call may wait for the server.
    func setTimeout(_ timeout: Duration) {
        libssh2_session_set_timeout(self.raw, Int(clamping: max(1, timeout.milliseconds)))
    }

    /// The SFTP channel; throws if it is not open.
    func sftpChannel(for operation: String) throws(SFTPError) -> OpaquePointer {
        guard let sftp = self.sftp, !self.isBroken else {
            throw SFTPError(code: .connectionLost, operation: operation, detail: "the SFTP session is not open")
        }
        return sftp
    }

    /// Opens the SFTP subsystem channel.
    func startSFTP() throws(SFTPError) {
        self.sftp = try self.call("sftp_init") { libssh2_sftp_init(self.raw) }
    }

    /// Marks the session unusable and shuts the socket down so later libssh2 calls fail immediately.
    func markBroken() {
        guard !self.isBroken else { return }
        self.isBroken = true
        shutdown(self.socket, Int32(SHUT_RDWR))
    }

    /// Closes the SFTP channel and says goodbye to the server, each step bounded by `timeout`.
    func disconnect(timeout: Duration) {
        guard !self.isBroken else { return }
        self.setTimeout(timeout)
        if let sftp = self.sftp {
            _ = try? self.call("sftp_shutdown") { libssh2_sftp_shutdown(sftp) }
            self.sftp = nil
        }
        _ = try? self.call("disconnect") { remessa_libssh2_session_disconnect(self.raw, "Remessa closing") }
        self.markBroken()
    }

    /// The negotiated algorithm for a `LIBSSH2_METHOD_*` type.
    func negotiatedMethod(_ type: Int32) -> String {
        libssh2_session_methods(self.raw, type).map { String(cString: $0) } ?? "?"
    }
}
