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

    /// Removes a file.
    public func remove(_ path: String) async throws {
        try await self.withSession("remove", path: path) { session in
            try session.unlink(path)
        }
        self.logger.trace("SFTP removed", metadata: ["sftp.path": "\(path)"])
    }
}
