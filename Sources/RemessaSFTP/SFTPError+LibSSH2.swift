import CLibSSH2

extension SFTPError {
    /// The one place a libssh2 return code becomes an `SFTPError`.
    ///
    /// `rc` is the negative `LIBSSH2_ERROR_*` a call returned (or the session's last errno when a call returned
    /// NULL). When it is `LIBSSH2_ERROR_SFTP_PROTOCOL`, the server's SFTP status decides the code. libssh2's own
    /// message is kept; it never contains credentials.
    static func libssh2(
        _ rc: Int32,
        message: String?,
        sftpStatus: UInt?,
        operation: String,
        path: String?,
        file: String = #fileID,
        line: Int = #line
    ) -> SFTPError {
        let status = rc == LIBSSH2_ERROR_SFTP_PROTOCOL ? sftpStatus : nil
        let code = status.map(Self.code(forSFTPStatus:)) ?? Self.code(forLibSSH2: rc)
        var error = SFTPError(
            code: code,
            operation: operation,
            path: path,
            libssh2Code: rc,
            libssh2Message: message,
            sftpStatus: status,
            file: file,
            line: line
        )
        if rc == LIBSSH2_ERROR_CHANNEL_PACKET_EXCEEDED || rc == LIBSSH2_ERROR_OUT_OF_BOUNDARY {
            error.detail =
                "the server sent an SFTP reply larger than libssh2 1.10 accepts (256 KiB), "
                + "e.g. a directory listing with very long entries"
        }
        return error
    }

    /// The code for an SFTP status (`SSH_FX_*`) the server answered.
    static func code(forSFTPStatus status: UInt) -> Code {
        switch status {
        case UInt(LIBSSH2_FX_NO_SUCH_FILE), UInt(LIBSSH2_FX_NO_SUCH_PATH):
            .noSuchFile
        case UInt(LIBSSH2_FX_PERMISSION_DENIED), UInt(LIBSSH2_FX_WRITE_PROTECT):
            .permissionDenied
        case UInt(LIBSSH2_FX_FILE_ALREADY_EXISTS):
            .fileExists
        case UInt(LIBSSH2_FX_NOT_A_DIRECTORY):
            .notADirectory
        case UInt(LIBSSH2_FX_DIR_NOT_EMPTY):
            .directoryNotEmpty
        case UInt(LIBSSH2_FX_NO_SPACE_ON_FILESYSTEM), UInt(LIBSSH2_FX_QUOTA_EXCEEDED):
            .noSpace
        case UInt(LIBSSH2_FX_OP_UNSUPPORTED):
            .operationUnsupported
        case UInt(LIBSSH2_FX_NO_CONNECTION), UInt(LIBSSH2_FX_CONNECTION_LOST):
            .connectionLost
        case UInt(LIBSSH2_FX_BAD_MESSAGE), UInt(LIBSSH2_FX_INVALID_HANDLE):
            .protocolError
        default:
            .serverFailure
        }
    }

    /// The code for a libssh2 error number (`LIBSSH2_ERROR_*`).
    static func code(forLibSSH2 rc: Int32) -> Code {
        switch rc {
        case LIBSSH2_ERROR_TIMEOUT, LIBSSH2_ERROR_SOCKET_TIMEOUT:
            .timeout
        case LIBSSH2_ERROR_SOCKET_DISCONNECT, LIBSSH2_ERROR_SOCKET_SEND, LIBSSH2_ERROR_SOCKET_RECV,
            LIBSSH2_ERROR_SOCKET_NONE, LIBSSH2_ERROR_BANNER_RECV, LIBSSH2_ERROR_BANNER_SEND,
            LIBSSH2_ERROR_CHANNEL_CLOSED, LIBSSH2_ERROR_CHANNEL_EOF_SENT, LIBSSH2_ERROR_BAD_SOCKET:
            .connectionLost
        case LIBSSH2_ERROR_KEX_FAILURE, LIBSSH2_ERROR_KEY_EXCHANGE_FAILURE, LIBSSH2_ERROR_METHOD_NONE,
            LIBSSH2_ERROR_HOSTKEY_INIT, LIBSSH2_ERROR_HOSTKEY_SIGN, LIBSSH2_ERROR_METHOD_NOT_SUPPORTED:
            .handshakeFailed
        case LIBSSH2_ERROR_AUTHENTICATION_FAILED, LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED,
            LIBSSH2_ERROR_PASSWORD_EXPIRED:
            .authenticationFailed
        case LIBSSH2_ERROR_FILE, LIBSSH2_ERROR_KEYFILE_AUTH_FAILED:
            .privateKeyUnusable
        case LIBSSH2_ERROR_INVALID_MAC, LIBSSH2_ERROR_DECRYPT, LIBSSH2_ERROR_PROTO, LIBSSH2_ERROR_SFTP_PROTOCOL,
            LIBSSH2_ERROR_CHANNEL_PACKET_EXCEEDED, LIBSSH2_ERROR_OUT_OF_BOUNDARY, LIBSSH2_ERROR_CHANNEL_FAILURE,
            LIBSSH2_ERROR_CHANNEL_OUTOFORDER, LIBSSH2_ERROR_CHANNEL_UNKNOWN, LIBSSH2_ERROR_CHANNEL_WINDOW_EXCEEDED,
            LIBSSH2_ERROR_ENCRYPT, LIBSSH2_ERROR_COMPRESS, LIBSSH2_ERROR_ZLIB:
            .protocolError
        default:
            .libssh2Failure
        }
    }
}
