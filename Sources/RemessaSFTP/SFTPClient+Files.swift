import Logging

extension SFTPClient {
    /// The attributes of `path` (following a symbolic link); `.noSuchFile` if it does not exist.
    public func attributes(at path: String) async throws -> SFTPFileAttributes {
        try await self.withSession("stat", path: path) { session in
            try session.attributes(of: path, followingLinks: true)
        }
    }

    /// The attributes of `path` itself (not following a symbolic link), or `nil` if it does not exist.
    public func attributesIfExists(at path: String) async throws -> SFTPFileAttributes? {
        try await self.withSession("stat", path: path) { session in
            try session.attributesIfExists(of: path)
        }
    }

    /// Renames `source` to `destination`, which must not exist (`.fileExists` otherwise): SFTP v3 cannot
    /// replace a file by renaming, and this client never overwrites.
    public func rename(_ source: String, to destination: String) async throws {
        try await self.withSession("rename", path: source) { session in
            try session.rename(source, to: destination)
        }
        self.logger.trace("SFTP renamed", metadata: ["sftp.path": "\(source)", "sftp.destination": "\(destination)"])
    }

    /// ``rename(_:to:)`` for a source whose path is raw bytes, such as a directory entry's
    /// ``SFTPDirectoryEntry/nameBytes`` appended to its folder's path when they are not UTF-8.
    public func rename(bytes source: [UInt8], to destination: String) async throws {
        let shown = String(decoding: source, as: UTF8.self)
        try await self.withSession("rename", path: shown) { session in
            try session.rename(bytes: source, shownAs: shown, to: destination)
        }
        self.logger.trace("SFTP renamed", metadata: ["sftp.path": "\(shown)", "sftp.destination": "\(destination)"])
    }

    /// Removes a file.
    public func remove(_ path: String) async throws {
        try await self.withSession("remove", path: path) { session in
            try session.unlink(path)
        }
        self.logger.trace("SFTP removed", metadata: ["sftp.path": "\(path)"])
    }
}
