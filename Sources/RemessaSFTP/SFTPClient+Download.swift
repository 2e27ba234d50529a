import CLibSSH2
import Logging

extension SFTPClient {
    /// Downloads `remotePath` into `localPath`, computing SHA-256 on the way.
    ///
    /// The bytes go to a hidden temporary file beside `localPath`, which replaces `localPath` only when the
    /// download completed; on failure it is removed. Network reads fill ``SFTPTransferTuning/readBufferSize``
    /// blocks that a separate writer thread writes and hashes. `progress` is called on the session thread with the
    /// bytes read so far after each block; keep it quick.
    public func download(
        _ remotePath: String,
        to localPath: String,
        progress: (@Sendable (UInt64) -> Void)? = nil
    ) async throws -> SFTPDownloadResult {
        let started = ContinuousClock.now
        let temporaryPath = LocalPath.temporarySibling(of: localPath)
        let file = try LocalFile.create(temporaryPath)
        let hasher = StreamHasher()
        do {
            let result = try await self.withSession("download", path: remotePath) { session in
                try self.read(remotePath, from: session, progress: progress) { bytes throws(SFTPError) in
                    try file.write(bytes)
                    hasher.update(bytes)
                }
            }
            let transfer = SFTPTransferResult(byteCount: hasher.byteCount, sha256: hasher.finalizeHash())
            try LocalPath.move(temporaryPath, to: localPath)
            self.logger.debug(
                "SFTP download finished",
                metadata: [
                    "sftp.path": "\(remotePath)", "sftp.bytes": "\(transfer.byteCount)",
                    "sftp.duration": "\(ContinuousClock.now - started)",
                ]
            )
            return SFTPDownloadResult(
                transfer: transfer,
                remoteSizeAtOpen: result.sizeAtOpen,
                remoteSizeAtClose: result.sizeAtClose
            )
        } catch {
            LocalPath.remove(temporaryPath)
            throw error
        }
    }

    /// Reads `remotePath` through and returns its size and SHA-256, storing nothing.
    public func sha256(ofFileAt remotePath: String) async throws -> SFTPTransferResult {
        try await self.withSession("hash", path: remotePath) { session in
            try self.remoteContent(of: remotePath, session: session)
        }
    }

    /// Size and SHA-256 of a remote file, read through on `session`.
    func remoteContent(of remotePath: String, session: SSHSession) throws -> SFTPTransferResult {
        let hasher = StreamHasher()
        _ = try self.read(remotePath, from: session, progress: nil) { bytes throws(SFTPError) in hasher.update(bytes) }
        return SFTPTransferResult(byteCount: hasher.byteCount, sha256: hasher.finalizeHash())
    }

    /// The remote sizes seen around a read.
    struct ReadSizes {
        var sizeAtOpen: UInt64?
        var sizeAtClose: UInt64?
    }

    /// Reads a remote file to its end, handing its bytes in order to `consume` on a helper thread.
    ///
    /// A file of ``SFTPTransferTuning/parallelThreshold`` bytes or more is read in stripes over several sessions
    /// (see ``readStriped(_:session:plan:sessions:progress:into:)``); `progress` is then called on the helper
    /// thread rather than the session thread.
    func read(
        _ remotePath: String,
        from session: SSHSession,
        progress: (@Sendable (UInt64) -> Void)?,
        into consume: @escaping @Sendable (UnsafeRawBufferPointer) throws(SFTPError) -> Void
    ) throws -> ReadSizes {
        let handle = try session.openFile(remotePath, flags: LIBSSH2_FXF_READ)
        var sizes = ReadSizes()
        do {
            sizes.sizeAtOpen = try session.attributes(of: handle).size
            let tuning = self.configuration.transfer
            let size = sizes.sizeAtOpen ?? 0
            let sessions = tuning.sessions(forSize: size)
            if sessions > 1 {
                let plan = StripePlan(fileSize: size, stripeSize: UInt64(tuning.stripeSize))
                try self.readStriped(
                    handle,
                    session: session,
                    plan: plan,
                    sessions: sessions,
                    progress: progress,
                    into: consume
                )
            } else {
                try self.readSequentially(handle, session: session, progress: progress, into: consume)
            }
            sizes.sizeAtClose = try session.attributes(of: handle).size
            try session.closeHandle(handle)
            return sizes
        } catch {
            if !session.isBroken {
                try? session.closeHandle(handle)
            }
            throw error
        }
    }

    /// Reads an open file to its end on this session, handing full blocks to `consume` on a helper thread.
    private func readSequentially(
        _ handle: SFTPHandle,
        session: SSHSession,
        progress: (@Sendable (UInt64) -> Void)?,
        into consume: @escaping @Sendable (UnsafeRawBufferPointer) throws(SFTPError) -> Void
    ) throws {
        let tuning = self.configuration.transfer
        let pipe = BlockPipe(blockSize: tuning.readBufferSize, blockCount: tuning.readBufferCount)
        let writer = HelperThread(name: "rsftp.writer", cancelling: pipe) {
            while let block = pipe.takeFull() {
                try consume(block.filled)
                pipe.putEmpty(block)
            }
        }
        do {
            var total: UInt64 = 0
            var endOfFile = false
            while !endOfFile {
                guard let block = pipe.takeEmpty() else { break }
                endOfFile = try Self.fill(block, at: total, end: nil, from: handle, session: session)
                total += UInt64(block.count)
                pipe.putFull(block)
                progress?(total)
                if Task.isCancelled {
                    throw CancellationError()
                }
            }
            pipe.finishProducing()
            try writer.join()
        } catch {
            pipe.cancel()
            try? writer.join()
            throw error
        }
    }

    /// Fills `block` with `libssh2_sftp_read` calls from `offset`; returns whether the read is over: `end` reached,
    /// or (without `end`) the end of the file.
    ///
    /// libssh2 1.10 returns at most one 30000-byte response per call and keeps four times the length it is given
    /// in flight, so asking for the rest of a large block keeps the pipeline deep. Before `end` it asks for at most
    /// a quarter of what is left, so nothing past `end` is requested (a seek would throw those bytes away after
    /// they crossed the network). Reaching the end of the file before `end` means the file got shorter.
    ///
    /// A file that grows while it is read can answer one read short (its end at that moment) and the next,
    /// already in flight, in full; libssh2 1.10 then fails with "Read Packet At Unexpected Offset". The bytes
    /// handed over so far are right, so the read seeks to where they end, which discards the stale requests,
    /// and goes on. It does so only after progress, so a server that keeps answering that way still fails.
    static func fill(
        _ block: BlockPipe.Block,
        at offset: UInt64,
        end: UInt64?,
        from handle: SFTPHandle,
        session: SSHSession
    ) throws(SFTPError) -> Bool {
        guard let base = block.bytes.baseAddress else { return true }
        let capacity = block.bytes.count
        var resumedAt: Int?
        while block.count < capacity {
            var wanted = capacity - block.count
            if let end {
                let remaining = end - (offset + UInt64(block.count))
                guard remaining > 0 else { return true }
                wanted = Int(min(UInt64(wanted), max(1, remaining / 4)))
            }
            let count: Int
            do {
                count = try session.call("read", path: handle.path) {
                    libssh2_sftp_read(
                        handle.raw,
                        (base + block.count).assumingMemoryBound(to: CChar.self),
                        wanted
                    )
                }
            } catch  where error.isReadAtUnexpectedOffset && resumedAt != block.count {
                resumedAt = block.count
                libssh2_sftp_seek64(handle.raw, offset + UInt64(block.count))
                continue
            }
            guard count <= wanted else {
                throw SFTPError(
                    code: .implausibleValue,
                    operation: "read",
                    path: handle.path,
                    detail: "\(count) bytes were returned for a read of \(wanted)"
                )
            }
            if count == 0 {
                guard end == nil else {
                    throw SFTPError(
                        code: .remoteFileChanged,
                        operation: "read",
                        path: handle.path,
                        detail:
                            "the file ended at \(offset + UInt64(block.count)) bytes, shorter than when it was opened"
                    )
                }
                return true
            }
            block.count += count
        }
        return end.map { offset + UInt64(block.count) == $0 } ?? false
    }
}

extension SFTPError {
    /// libssh2 1.10's complaint when a short read is followed by a full one, as happens on a growing file.
    fileprivate var isReadAtUnexpectedOffset: Bool {
        self.libssh2Code == LIBSSH2_ERROR_SFTP_PROTOCOL && self.libssh2Message == "Read Packet At Unexpected Offset"
    }
}
