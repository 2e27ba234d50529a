import CLibSSH2

/// Path-level SFTP requests on a session: each one libssh2 call through ``SSHSession/call(_:path:_:)-(_,_,()->Int32)``.
extension SSHSession {
    /// Runs `body` with `path` as a C string and its byte length; rejects paths libssh2 cannot carry.
    @discardableResult
    func withPath<T>(
        _ path: String,
        operation: String,
        _ body: (UnsafePointer<CChar>, UInt32) throws(SFTPError) -> T
    ) throws(SFTPError) -> T {
        try self.withPath(bytes: Array(path.utf8), shownAs: path, operation: operation, body)
    }

    /// Runs `body` with a path given as raw bytes (a name that is not UTF-8), shown as `shownAs` in errors.
    @discardableResult
    func withPath<T>(
        bytes: [UInt8],
        shownAs path: String,
        operation: String,
        _ body: (UnsafePointer<CChar>, UInt32) throws(SFTPError) -> T
    ) throws(SFTPError) -> T {
        guard !bytes.contains(0), let length = UInt32(exactly: bytes.count) else {
            throw SFTPError(
                code: .invalidConfiguration,
                operation: operation,
                path: path,
                detail: "the path contains a NUL byte"
            )
        }
        var result: Result<T, SFTPError>?
        (bytes + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                guard let pointer = characters.baseAddress else { return }
                do throws(SFTPError) {
                    result = .success(try body(pointer, length))
                } catch {
                    result = .failure(error)
                }
            }
        }
        guard let result else {
            throw SFTPError(code: .libssh2Failure, operation: operation, path: path)
        }
        return try result.get()
    }

    /// `stat` (or `lstat`) of a path.
    func attributes(of path: String, followingLinks: Bool) throws(SFTPError) -> SFTPFileAttributes {
        let sftp = try self.sftpChannel(for: "stat")
        var raw = LIBSSH2_SFTP_ATTRIBUTES()
        try self.withPath(path, operation: "stat") { pointer, length throws(SFTPError) in
            try self.call("stat", path: path) {
                followingLinks
                    ? remessa_libssh2_sftp_stat(sftp, pointer, length, &raw)
                    : remessa_libssh2_sftp_lstat(sftp, pointer, length, &raw)
            }
        }
        return try SFTPFileAttributes(raw, operation: "stat", path: path)
    }

    /// The attributes of `path`, or `nil` if it does not exist.
    func attributesIfExists(of path: String) throws(SFTPError) -> SFTPFileAttributes? {
        do {
            return try self.attributes(of: path, followingLinks: false)
        } catch  where error.code == .noSuchFile {
            return nil
        }
    }

    /// The server's canonical absolute form of `path`.
    func realPath(_ path: String) throws(SFTPError) -> String {
        let sftp = try self.sftpChannel(for: "realpath")
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = try self.withPath(path, operation: "realpath") { pointer, length throws(SFTPError) in
            try self.call("realpath", path: path) {
                remessa_libssh2_sftp_realpath(sftp, pointer, length, &buffer, UInt32(buffer.count))
            }
        }
        guard count <= buffer.count else {
            throw SFTPError(code: .implausibleValue, operation: "realpath", path: path, detail: "an overlong answer")
        }
        return String(decoding: buffer[0..<Int(count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Renames `source` to `destination`, which must not exist; a taken destination is `.fileExists`.
    ///
    /// SFTP v3 servers answer a rename onto an existing name with the generic failure status; the destination is
    /// then looked at to report `.fileExists` rather than a vague failure.
    func rename(_ source: String, to destination: String) throws(SFTPError) {
        try self.rename(bytes: Array(source.utf8), shownAs: source, to: destination)
    }

    /// ``rename(_:to:)`` with the source path given as raw bytes (a name that is not UTF-8).
    func rename(bytes source: [UInt8], shownAs sourcePath: String, to destination: String) throws(SFTPError) {
        let sftp = try self.sftpChannel(for: "rename")
        do {
            try self.withPath(bytes: source, shownAs: sourcePath, operation: "rename") {
                sourcePointer,
                sourceLength throws(SFTPError) in
                try self.withPath(destination, operation: "rename") {
                    destinationPointer,
                    destinationLength throws(SFTPError) in
                    try self.call("rename", path: sourcePath) {
                        remessa_libssh2_sftp_rename(
                            sftp,
                            sourcePointer,
                            sourceLength,
                            destinationPointer,
                            destinationLength
                        )
                    }
                }
            }
        } catch  where error.code == .serverFailure {
            throw self.refineFailure(error, destination: destination)
        }
    }

    /// Renames `source` to `destination` if `destination` is free; returns false if it is taken.
    func renameIfFree(_ source: String, to destination: String) throws(SFTPError) -> Bool {
        do {
            try self.rename(source, to: destination)
            return true
        } catch {
            guard error.code == .fileExists else { throw error }
            return false
        }
    }

    /// Removes a file.
    func unlink(_ path: String) throws(SFTPError) {
        let sftp = try self.sftpChannel(for: "remove")
        try self.withPath(path, operation: "remove") { pointer, length throws(SFTPError) in
            try self.call("remove", path: path) { remessa_libssh2_sftp_unlink(sftp, pointer, length) }
        }
    }

    /// Creates a directory; an existing name is `.fileExists`.
    func makeDirectory(_ path: String, permissions: UInt32) throws(SFTPError) {
        let sftp = try self.sftpChannel(for: "mkdir")
        do {
            try self.withPath(path, operation: "mkdir") { pointer, length throws(SFTPError) in
                try self.call("mkdir", path: path) {
                    remessa_libssh2_sftp_mkdir(sftp, pointer, length, Int(permissions))
                }
            }
        } catch  where error.code == .serverFailure {
            throw self.refineFailure(error, destination: path)
        }
    }

    /// Removes an empty directory.
    func removeDirectory(_ path: String) throws(SFTPError) {
        let sftp = try self.sftpChannel(for: "rmdir")
        try self.withPath(path, operation: "rmdir") { pointer, length throws(SFTPError) in
            try self.call("rmdir", path: path) { remessa_libssh2_sftp_rmdir(sftp, pointer, length) }
        }
    }

    /// Opens a file handle with `LIBSSH2_FXF_*` flags.
    func openFile(_ path: String, flags: Int32, permissions: UInt32 = 0o644) throws(SFTPError) -> SFTPHandle {
        let sftp = try self.sftpChannel(for: "open")
        do {
            let raw = try self.withPath(path, operation: "open") { pointer, length throws(SFTPError) in
                try self.call("open", path: path) {
                    remessa_libssh2_sftp_open(sftp, pointer, length, UInt(flags), Int(permissions))
                }
            }
            return SFTPHandle(raw: raw, path: path)
        } catch  where error.code == .serverFailure && flags & LIBSSH2_FXF_EXCL != 0 {
            throw self.refineFailure(error, destination: path)
        }
    }

    /// Opens a directory handle.
    func openDirectory(_ path: String) throws(SFTPError) -> SFTPHandle {
        let sftp = try self.sftpChannel(for: "opendir")
        let raw = try self.withPath(path, operation: "opendir") { pointer, length throws(SFTPError) in
            try self.call("opendir", path: path) { remessa_libssh2_sftp_opendir(sftp, pointer, length) }
        }
        return SFTPHandle(raw: raw, path: path)
    }

    /// Closes a handle; on a broken session only frees it.
    func closeHandle(_ handle: SFTPHandle) throws(SFTPError) {
        try self.call("close", path: handle.path) { remessa_libssh2_sftp_close(handle.raw) }
    }

    /// `fstat` of an open handle.
    func attributes(of handle: SFTPHandle) throws(SFTPError) -> SFTPFileAttributes {
        var raw = LIBSSH2_SFTP_ATTRIBUTES()
        try self.call("fstat", path: handle.path) { remessa_libssh2_sftp_fstat(handle.raw, &raw) }
        return try SFTPFileAttributes(raw, operation: "fstat", path: handle.path)
    }

    /// Asks the server to flush the file to disk (`fsync@openssh.com`); remembers a server that cannot.
    /// Returns whether the server did.
    @discardableResult
    func fsync(_ handle: SFTPHandle) throws(SFTPError) -> Bool {
        guard self.fsyncSupported else { return false }
        do {
            try self.call("fsync", path: handle.path) { libssh2_sftp_fsync(handle.raw) }
            return true
        } catch  where error.code == .operationUnsupported {
            self.fsyncSupported = false
            return false
        }
    }

    /// Sets up libssh2's keepalive interval (no reply wanted).
    func configureKeepalive(every interval: Duration) {
        libssh2_keepalive_config(self.raw, 0, UInt32(clamping: max(1, interval.components.seconds)))
    }

    /// Sends a keepalive if the interval has passed; returns the seconds until the next one is due (libssh2
    /// answers the full interval right after sending one).
    func sendKeepalive() throws(SFTPError) -> Int {
        var secondsToNext: Int32 = 0
        try self.call("keepalive") { libssh2_keepalive_send(self.raw, &secondsToNext) }
        return Int(secondsToNext)
    }

    /// A generic failure on an operation that creates `destination`: `.fileExists` if it does.
    private func refineFailure(_ error: SFTPError, destination: String) -> SFTPError {
        guard (try? self.attributesIfExists(of: destination)) != nil else { return error }
        var refined = error
        refined.code = .fileExists
        refined.path = destination
        return refined
    }
}

/// An open SFTP file or directory handle (`LIBSSH2_SFTP_HANDLE *`) and the path it was opened with.
struct SFTPHandle {
    let raw: OpaquePointer
    let path: String
}
