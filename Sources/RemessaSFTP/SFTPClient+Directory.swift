import CLibSSH2
import Logging

extension SFTPClient {
    /// Streams the entries of the directory at `path`; see ``SFTPDirectoryListing``.
    public nonisolated func list(_ path: String, batchSize: Int = 256) -> SFTPDirectoryListing {
        SFTPDirectoryListing(client: self, path: path, batchSize: max(1, batchSize))
    }

    /// Creates a directory. With `intermediateDirectories`, missing parents are created too and an existing
    /// directory is fine; otherwise an existing name is `.fileExists`.
    public func makeDirectory(
        _ path: String,
        permissions: UInt32 = 0o755,
        intermediateDirectories: Bool = false
    ) async throws {
        try await self.withSession("mkdir", path: path) { session in
            guard intermediateDirectories else {
                try session.makeDirectory(path, permissions: permissions)
                return
            }
            var prefix = path.hasPrefix("/") ? "/" : ""
            for component in path.split(separator: "/") {
                if !prefix.isEmpty && !prefix.hasSuffix("/") {
                    prefix += "/"
                }
                prefix += String(component)
                if let existing = try session.attributesIfExists(of: prefix) {
                    guard existing.type == .directory || existing.type == .symbolicLink else {
                        throw SFTPError(code: .notADirectory, operation: "mkdir", path: prefix)
                    }
                    continue
                }
                do {
                    try session.makeDirectory(prefix, permissions: permissions)
                } catch let error as SFTPError where error.code == .fileExists {
                    // Created meanwhile by someone else: that is what we wanted.
                }
            }
        }
    }

    /// Removes an empty directory.
    public func removeDirectory(_ path: String) async throws {
        try await self.withSession("rmdir", path: path) { session in
            try session.removeDirectory(path)
        }
    }

    /// Identifies one listing in progress; when the iterator drops it, the client closes the handle.
    final class DirectoryCursor: Sendable {
        let id: UInt64

        init(id: UInt64) {
            self.id = id
        }
    }

    /// A directory handle held for a listing.
    struct OpenDirectory {
        let handle: SFTPHandle
        let sessionNumber: UInt64
        weak var cursor: DirectoryCursor?
    }

    func openDirectory(_ path: String) async throws -> DirectoryCursor {
        try await self.withSession("opendir", path: path) { session in
            let handle = try session.openDirectory(path)
            self.cursorCount += 1
            let cursor = DirectoryCursor(id: self.cursorCount)
            self.openDirectories[cursor.id] = OpenDirectory(
                handle: handle,
                sessionNumber: session.number,
                cursor: cursor
            )
            return cursor
        }
    }

    /// Up to `limit` entries, and whether they are the last (the handle is then closed).
    func readDirectory(
        _ cursor: DirectoryCursor,
        limit: Int
    ) async throws -> (entries: [SFTPDirectoryEntry], isLast: Bool) {
        guard let open = self.openDirectories[cursor.id] else {
            throw SFTPError(code: .connectionLost, operation: "readdir", detail: "the listing's connection was closed")
        }
        guard let session = self.session, session.number == open.sessionNumber, !session.isBroken else {
            self.openDirectories[cursor.id] = nil
            throw SFTPError(
                code: .connectionLost,
                operation: "readdir",
                path: open.handle.path,
                detail: "the connection was re-established during the listing"
            )
        }
        try Task.checkCancellation()
        var entries: [SFTPDirectoryEntry] = []
        entries.reserveCapacity(limit)
        var name = [CChar](repeating: 0, count: 4096)
        var isLast = false
        do throws(SFTPError) {
            while entries.count < limit {
                var attributes = LIBSSH2_SFTP_ATTRIBUTES()
                let length = try session.call("readdir", path: open.handle.path) {
                    remessa_libssh2_sftp_readdir(open.handle.raw, &name, name.count, &attributes)
                }
                if length == 0 {
                    self.openDirectories[cursor.id] = nil
                    isLast = true
                    try session.closeHandle(open.handle)
                    break
                }
                guard length <= name.count else {
                    throw SFTPError(
                        code: .implausibleValue,
                        operation: "readdir",
                        path: open.handle.path,
                        detail: "a name of \(length) bytes was reported in a buffer of \(name.count)"
                    )
                }
                let nameBytes = name[0..<Int(length)].map { UInt8(bitPattern: $0) }
                if nameBytes == [0x2E] || nameBytes == [0x2E, 0x2E] {
                    continue
                }
                let entryAttributes = try SFTPFileAttributes(
                    attributes,
                    operation: "readdir",
                    path: open.handle.path + "/" + String(decoding: nameBytes, as: UTF8.self)
                )
                entries.append(SFTPDirectoryEntry(nameBytes: nameBytes, attributes: entryAttributes))
            }
            session.lastUsed = .now
            return (entries, isLast)
        } catch {
            self.openDirectories[cursor.id] = nil
            if session.isBroken || error.isTransportError {
                self.discard(session, after: error)
            } else {
                try? session.closeHandle(open.handle)
            }
            throw error
        }
    }

    /// Closes the handles of listings whose iterators are gone.
    func closeAbandonedDirectories() {
        guard let session = self.session else { return }
        for (id, open) in self.openDirectories where open.cursor == nil {
            self.openDirectories[id] = nil
            if open.sessionNumber == session.number, !session.isBroken {
                try? session.closeHandle(open.handle)
            }
        }
    }

    /// Forgets handles of a session being discarded (freed with it).
    func forgetDirectories(of session: SSHSession) {
        self.openDirectories = self.openDirectories.filter { $0.value.sessionNumber != session.number }
    }

    /// Closes every listing's handle, before disconnecting.
    func closeAllDirectories() {
        for open in self.openDirectories.values {
            if let session = self.session, open.sessionNumber == session.number, !session.isBroken {
                try? session.closeHandle(open.handle)
            }
        }
        self.openDirectories = [:]
    }
}
