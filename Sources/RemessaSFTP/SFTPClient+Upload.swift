import CLibSSH2
import Logging

extension SFTPClient {
    /// Uploads `localPath` to `remotePath`, streaming it from disk.
    ///
    /// The remote file is written in place (a failed upload removes what it wrote): to publish a file others may
    /// pick up, use ``publish(from:to:options:)``. A reader thread reads (and, if asked, hashes) the local file
    /// while the session thread keeps ``SFTPTransferTuning/writeWindow`` bytes of write requests in flight.
    /// `progress` is called on the session thread with the bytes acknowledged so far; keep it quick.
    public func upload(
        from localPath: String,
        to remotePath: String,
        options: SFTPUploadOptions = SFTPUploadOptions(),
        progress: (@Sendable (UInt64) -> Void)? = nil
    ) async throws -> SFTPUploadResult {
        let started = ContinuousClock.now
        let result = try await self.withSession("upload", path: remotePath) { session in
            try self.write(localPath, to: remotePath, session: session, options: options, progress: progress)
        }
        self.logger.debug(
            "SFTP upload finished",
            metadata: [
                "sftp.path": "\(remotePath)", "sftp.bytes": "\(result.byteCount)",
                "sftp.duration": "\(ContinuousClock.now - started)",
            ]
        )
        return result
    }

    /// Writes a local file to a new or truncated remote file on `session` (and, for a large file, on extra
    /// sessions: see ``writeStriped(_:to:handle:session:plan:sessions:hasher:progress:)``).
    func write(
        _ localPath: String,
        to remotePath: String,
        session: SSHSession,
        options: SFTPUploadOptions,
        progress: (@Sendable (UInt64) -> Void)?
    ) throws -> SFTPUploadResult {
        let tuning = self.configuration.transfer
        let source = try LocalFile.openForReading(localPath)
        let size = try source.size()
        let hasher = options.computeSHA256 ? StreamHasher() : nil
        var flags = LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC
        if !options.overwrite {
            flags |= LIBSSH2_FXF_EXCL
        }
        let handle = try session.openFile(remotePath, flags: flags, permissions: options.permissions)
        do {
            let sessions = tuning.sessions(forSize: size)
            let sent: UInt64
            if sessions > 1 {
                let plan = StripePlan(fileSize: size, stripeSize: UInt64(tuning.stripeSize))
                sent = try self.writeStriped(
                    source,
                    to: remotePath,
                    handle: handle,
                    session: session,
                    plan: plan,
                    sessions: sessions,
                    hasher: hasher,
                    progress: progress
                )
            } else {
                sent = try self.writeSequentially(
                    source,
                    handle: handle,
                    session: session,
                    hasher: hasher,
                    progress: progress
                )
            }
            if options.fsync {
                try session.fsync(handle)
            }
            try session.closeHandle(handle)
            return SFTPUploadResult(byteCount: sent, sha256: hasher?.finalizeHash())
        } catch {
            if !session.isBroken {
                try? session.closeHandle(handle)
                // A partial file must not look like a finished one.
                try? session.unlink(remotePath)
            }
            throw error
        }
    }

    /// Sends a local file through one session: a reader thread reads (and hashes) it, this thread writes.
    private func writeSequentially(
        _ source: LocalFile,
        handle: SFTPHandle,
        session: SSHSession,
        hasher: StreamHasher?,
        progress: (@Sendable (UInt64) -> Void)?
    ) throws -> UInt64 {
        let tuning = self.configuration.transfer
        let pipe = BlockPipe(blockSize: tuning.uploadBlockSize, blockCount: tuning.uploadBlockCount)
        let reader = HelperThread(name: "rsftp.reader", cancelling: pipe) {
            while let block = pipe.takeEmpty() {
                block.count = try source.read(into: block.bytes)
                guard block.count > 0 else {
                    pipe.putEmpty(block)
                    break
                }
                hasher?.update(block.filled)
                pipe.putFull(block)
            }
            pipe.finishProducing()
        }
        do {
            let window = WriteWindow(capacity: tuning.writeWindow + 2 * tuning.uploadBlockSize)
            let sent = try window.send(
                from: pipe,
                inFlight: tuning.writeWindow,
                handle: handle,
                session: session,
                progress: progress
            )
            try reader.join()
            return sent
        } catch {
            pipe.cancel()
            try? reader.join()
            throw error
        }
    }
}
