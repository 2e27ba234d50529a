import Logging

extension SFTPClient {
    /// Publishes a local file under `remotePath` without ever overwriting anything, safely against crashes.
    ///
    /// The content is uploaded to a hidden temporary name (`.<name>.<hash>.part`, which pollers skip) and then
    /// renamed into place, so nobody sees a partial file. libssh2 1.10 has no posix-rename and OpenSSH refuses a
    /// rename onto an existing name, so a taken name is never replaced: the next free variant is used
    /// (`report.csv`, `report-1.csv`, `report-2.csv`, …). Before uploading, those names are checked for this very
    /// content (same size and SHA-256): a retry after a crash finds its earlier publication and returns it with
    /// ``SFTPPublishResult/wasAlreadyPublished`` instead of publishing a duplicate. A complete temporary file
    /// left by a crash before the rename is reused; a partial one is overwritten.
    public func publish(
        from localPath: String,
        to remotePath: String,
        options: SFTPPublishOptions = SFTPPublishOptions()
    ) async throws -> SFTPPublishResult {
        let content = try Self.hashLocalFile(localPath)
        let result = try await self.withSession("publish", path: remotePath) { session in
            try self.publish(localPath, content: content, to: remotePath, session: session, options: options)
        }
        self.logger.debug(
            "SFTP publish finished",
            metadata: [
                "sftp.path": "\(result.path)", "sftp.bytes": "\(content.byteCount)",
                "sftp.already_published": "\(result.wasAlreadyPublished)",
            ]
        )
        return result
    }

    private func publish(
        _ localPath: String,
        content: SFTPTransferResult,
        to remotePath: String,
        session: SSHSession,
        options: SFTPPublishOptions
    ) throws -> SFTPPublishResult {
        let naming = PublishNaming(remotePath: remotePath)

        // A crash may have happened after an earlier rename: look for this content among the taken names.
        var firstFree: Int?
        for index in 0...options.maximumSuffix {
            let candidate = naming.candidate(index)
            guard let existing = try session.attributesIfExists(of: candidate) else {
                firstFree = index
                break
            }
            if try self.holds(content, existing: existing, at: candidate, session: session) {
                return SFTPPublishResult(path: candidate, content: content, wasAlreadyPublished: true)
            }
        }
        guard let firstFree else {
            throw SFTPError(
                code: .fileExists,
                operation: "publish",
                path: remotePath,
                detail: "\(options.maximumSuffix + 1) names are taken"
            )
        }

        let temporary = naming.temporary(for: content)
        let leftover = try session.attributesIfExists(of: temporary)
        let reusable = try self.holds(content, existing: leftover, at: temporary, session: session)
        if !reusable {
            let upload = SFTPUploadOptions(permissions: options.permissions, overwrite: true, fsync: options.fsync)
            let uploaded = try self.write(localPath, to: temporary, session: session, options: upload, progress: nil)
            guard uploaded == content else {
                try? session.unlink(temporary)
                throw SFTPError(code: .localFileChanged, operation: "publish", path: localPath)
            }
        }

        for index in firstFree...options.maximumSuffix {
            let candidate = naming.candidate(index)
            if try session.renameIfFree(temporary, to: candidate) {
                return SFTPPublishResult(path: candidate, content: content, wasAlreadyPublished: false)
            }
            // Taken since the check; by this content (a concurrent publisher), or by another file.
            let existing = try session.attributesIfExists(of: candidate)
            if try self.holds(content, existing: existing, at: candidate, session: session) {
                try? session.unlink(temporary)
                return SFTPPublishResult(path: candidate, content: content, wasAlreadyPublished: true)
            }
        }
        try? session.unlink(temporary)
        throw SFTPError(code: .fileExists, operation: "publish", path: remotePath, detail: "every name is taken")
    }

    /// Whether the remote file at `path` has exactly `content` (size first, then SHA-256).
    private func holds(
        _ content: SFTPTransferResult,
        existing: SFTPFileAttributes?,
        at path: String,
        session: SSHSession
    ) throws -> Bool {
        guard let existing, existing.type == .regular, existing.size == content.byteCount else { return false }
        let sink = HashingSink()
        _ = try self.read(path, from: session, progress: nil) { bytes throws(SFTPError) in sink.write(bytes) }
        return sink.byteCount == content.byteCount && sink.finalizeHash() == content.sha256
    }

    /// Size and SHA-256 of a local file. Runs on the session thread: it reads the whole file.
    private static func hashLocalFile(_ path: String) throws -> SFTPTransferResult {
        let file = try LocalFile.openForReading(path)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var endOfFile = false
        while !endOfFile {
            endOfFile = try file.read(into: buffer) == 0
        }
        return SFTPTransferResult(byteCount: file.byteCount, sha256: file.finalizeHash())
    }
}

/// The names a publication may take, and its temporary name.
struct PublishNaming {
    let directory: String
    let name: String

    init(remotePath: String) {
        if let slash = remotePath.lastIndex(of: "/") {
            self.directory = String(remotePath[...slash])
            self.name = String(remotePath[remotePath.index(after: slash)...])
        } else {
            self.directory = ""
            self.name = remotePath
        }
    }

    /// `report.csv` for 0, `report-1.csv` for 1, …; the suffix goes before the last extension.
    func candidate(_ index: Int) -> String {
        guard index > 0 else { return self.directory + self.name }
        if let dot = self.name.lastIndex(of: "."), dot != self.name.startIndex {
            let stem = String(self.name[..<dot])
            let pathExtension = String(self.name[dot...])
            return "\(self.directory)\(stem)-\(index)\(pathExtension)"
        }
        return "\(self.directory)\(self.name)-\(index)"
    }

    /// A hidden `.part` name derived from the content, so a retry finds its own earlier upload.
    func temporary(for content: SFTPTransferResult) -> String {
        "\(self.directory).\(self.name).\(content.sha256.prefix(16)).part"
    }
}
