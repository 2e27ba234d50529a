import Logging

extension SFTPClient {
    /// Publishes a local file under `remotePath` without ever overwriting anything, safely against crashes.
    ///
    /// The content is uploaded to a hidden temporary name (`.<name>.remessa.part`, which pollers skip) and then
    /// renamed into place, so nobody sees a partial file. libssh2 1.10 has no posix-rename and OpenSSH refuses a
    /// rename onto an existing name, so a taken name is never replaced: the next free variant is used
    /// (`report.csv`, `report-1.csv`, `report-2.csv`, …). Before uploading, taken names of the same size are
    /// compared by SHA-256: a retry after a crash finds its earlier publication and returns it with
    /// ``SFTPPublishResult/wasAlreadyPublished`` instead of publishing a duplicate. A complete temporary file
    /// left by a crash before the rename is reused; a partial one is overwritten.
    public func publish(
        from localPath: String,
        to remotePath: String,
        options: SFTPPublishOptions = SFTPPublishOptions()
    ) async throws -> SFTPPublishResult {
        let result = try await self.withSession("publish", path: remotePath) { session in
            try self.publish(localPath, to: remotePath, session: session, options: options)
        }
        self.logger.debug(
            "SFTP publish finished",
            metadata: [
                "sftp.path": "\(result.path)", "sftp.bytes": "\(result.content.byteCount)",
                "sftp.already_published": "\(result.wasAlreadyPublished)",
            ]
        )
        return result
    }

    private func publish(
        _ localPath: String,
        to remotePath: String,
        session: SSHSession,
        options: SFTPPublishOptions
    ) throws -> SFTPPublishResult {
        let naming = PublishNaming(remotePath: remotePath)
        let local = LocalContent(path: localPath)
        let localSize = try local.size()

        // A crash may have happened after an earlier rename: look for this content among the taken names.
        var firstFree: Int?
        for index in 0...options.maximumSuffix {
            let candidate = naming.candidate(index)
            guard let existing = try session.attributesIfExists(of: candidate) else {
                firstFree = index
                break
            }
            if existing.type == .regular, existing.size == localSize,
                try self.remoteContent(of: candidate, session: session) == local.content()
            {
                return SFTPPublishResult(path: candidate, content: try local.content(), wasAlreadyPublished: true)
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

        let temporary = naming.temporary
        let content: SFTPTransferResult
        let leftover = try session.attributesIfExists(of: temporary)
        if let leftover, leftover.type == .regular, leftover.size == localSize,
            try self.remoteContent(of: temporary, session: session) == local.content()
        {
            content = try local.content()
            self.logger.debug("SFTP publish reusing a complete temporary file", metadata: ["sftp.path": "\(temporary)"])
        } else {
            let upload = SFTPUploadOptions(
                permissions: options.permissions,
                overwrite: true,
                fsync: options.fsync,
                computeSHA256: true
            )
            let uploaded = try self.write(localPath, to: temporary, session: session, options: upload, progress: nil)
            content = SFTPTransferResult(byteCount: uploaded.byteCount, sha256: uploaded.sha256 ?? "")
            if let hashedBefore = local.hashedContent, hashedBefore != content {
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
            if let existing = try session.attributesIfExists(of: candidate), existing.type == .regular,
                existing.size == content.byteCount, try self.remoteContent(of: candidate, session: session) == content
            {
                try? session.unlink(temporary)
                return SFTPPublishResult(path: candidate, content: content, wasAlreadyPublished: true)
            }
        }
        try? session.unlink(temporary)
        throw SFTPError(code: .fileExists, operation: "publish", path: remotePath, detail: "every name is taken")
    }
}
