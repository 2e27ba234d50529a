extension SFTPError: CustomStringConvertible, CustomDebugStringConvertible {
    /// One line for logs and operators: code, operation, path, detail, libssh2's message and the SFTP status.
    /// Contains no secrets.
    public var description: String {
        var text = "SFTP \(self.operation) failed: \(self.code)"
        if let path = self.path {
            text += " (path: \(path))"
        }
        if let detail = self.detail {
            text += ": \(detail)"
        }
        if let message = self.libssh2Message, !message.isEmpty {
            text += " [libssh2: \(message)"
            if let code = self.libssh2Code {
                text += ", \(code)"
            }
            text += "]"
        }
        if let status = self.sftpStatus {
            text += " [SFTP status \(status) \(SFTPError.statusName(status))]"
        }
        return text
    }

    /// ``description`` plus where the error was made and the underlying error.
    public var debugDescription: String {
        var text = "\(self.description) at \(self.file):\(self.line)"
        if let underlying = self.underlying {
            text += " underlying: \(String(reflecting: underlying))"
        }
        return text
    }

    /// The SFTP v3+ name of a status code.
    static func statusName(_ status: UInt) -> String {
        let names = [
            "OK", "EOF", "NO_SUCH_FILE", "PERMISSION_DENIED", "FAILURE", "BAD_MESSAGE", "NO_CONNECTION",
            "CONNECTION_LOST", "OP_UNSUPPORTED", "INVALID_HANDLE", "NO_SUCH_PATH", "FILE_ALREADY_EXISTS",
            "WRITE_PROTECT", "NO_MEDIA", "NO_SPACE_ON_FILESYSTEM", "QUOTA_EXCEEDED", "UNKNOWN_PRINCIPAL",
            "LOCK_CONFLICT", "DIR_NOT_EMPTY", "NOT_A_DIRECTORY", "INVALID_FILENAME", "LINK_LOOP",
        ]
        return status < UInt(names.count) ? names[Int(status)] : "UNKNOWN"
    }
}

extension SFTPError {
    /// The configuration cannot work.
    static func invalidConfiguration(_ detail: String, file: String = #fileID, line: Int = #line) -> SFTPError {
        SFTPError(code: .invalidConfiguration, operation: "configure", detail: detail, file: file, line: line)
    }

    /// A local file operation failed with `errno`.
    static func localFile(
        _ operation: String,
        path: String,
        errno number: Int32,
        file: String = #fileID,
        line: Int = #line
    ) -> SFTPError {
        let posix = ErrnoError(number: number)
        return SFTPError(
            code: .localFileError,
            operation: operation,
            path: path,
            detail: posix.text,
            underlying: posix,
            file: file,
            line: line
        )
    }

    /// The client was closed while an operation wanted it.
    static func closed(_ operation: String, file: String = #fileID, line: Int = #line) -> SFTPError {
        SFTPError(code: .closed, operation: operation, file: file, line: line)
    }
}
