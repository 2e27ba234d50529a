import CLibSSH2

extension SSHSession {
    /// Runs a libssh2 call that returns a status or a count, turning a negative result into an `SFTPError`.
    ///
    /// This and its overloads are the only way RemessaSFTP calls libssh2 functions that can fail (the model is
    /// SwiftNIO's `syscall`): the error carries libssh2's code and message and the server's SFTP status, and a
    /// transport failure marks the session broken.
    @discardableResult
    func call(_ operation: String, path: String? = nil, _ body: () -> Int32) throws(SFTPError) -> Int32 {
        let rc = body()
        guard rc >= 0 else { throw self.failure(rc, operation: operation, path: path) }
        return rc
    }

    /// ``call(_:path:_:)-(_,_,()->Int32)`` for calls that return `ssize_t`.
    @discardableResult
    func call(_ operation: String, path: String? = nil, _ body: () -> Int) throws(SFTPError) -> Int {
        let rc = body()
        guard rc >= 0 else { throw self.failure(Int32(clamping: rc), operation: operation, path: path) }
        return rc
    }

    /// ``call(_:path:_:)-(_,_,()->Int32)`` for calls that return a pointer, NULL on failure.
    func call(
        _ operation: String,
        path: String? = nil,
        _ body: () -> OpaquePointer?
    ) throws(SFTPError) -> OpaquePointer {
        if let pointer = body() {
            return pointer
        }
        throw self.failure(libssh2_session_last_errno(self.raw), operation: operation, path: path)
    }

    /// The error for a failed call; marks the session broken if the failure was at the transport level.
    func failure(_ rc: Int32, operation: String, path: String?) -> SFTPError {
        var messagePointer: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        let lastErrno = libssh2_session_last_error(self.raw, &messagePointer, &length, 0)
        let message = messagePointer.map { String(cString: $0) }
        let code = rc == LIBSSH2_ERROR_SOCKET_NONE && lastErrno < 0 ? lastErrno : rc
        let sftpStatus = self.sftp.map { libssh2_sftp_last_error($0) }
        let error = SFTPError.libssh2(
            code,
            message: message,
            sftpStatus: sftpStatus,
            operation: operation,
            path: path
        )
        if error.isTransportError {
            self.markBroken()
        }
        return error
    }
}
