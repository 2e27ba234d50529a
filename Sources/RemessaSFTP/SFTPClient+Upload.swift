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

    /// Writes a local file to a new or truncated remote file on `session`.
    func write(
        _ localPath: String,
        to remotePath: String,
        session: SSHSession,
        options: SFTPUploadOptions,
        progress: (@Sendable (UInt64) -> Void)?
    ) throws -> SFTPUploadResult {
        let tuning = self.configuration.transfer
        let source = try LocalFile.openForReading(localPath)
        let hasher = options.computeSHA256 ? StreamHasher() : nil
        var flags = LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC
        if !options.overwrite {
            flags |= LIBSSH2_FXF_EXCL
        }
        let handle = try session.openFile(remotePath, flags: flags, permissions: options.permissions)
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
            if options.fsync {
                try session.fsync(handle)
            }
            try session.closeHandle(handle)
            return SFTPUploadResult(byteCount: sent, sha256: hasher?.finalizeHash())
        } catch {
            pipe.cancel()
            try? reader.join()
            if !session.isBroken {
                try? session.closeHandle(handle)
                // A partial file must not look like a finished one.
                try? session.unlink(remotePath)
            }
            throw error
        }
    }
}

/// The contiguous buffer `libssh2_sftp_write` needs, sliding over the file.
///
/// libssh2 1.10 turns everything it is given into 30000-byte write requests at once, returns after the first
/// acknowledgement, and expects the next call to start with the first unacknowledged byte: the bytes already
/// sent are recognised and skipped. So the buffer passed must keep the unacknowledged bytes in front and new
/// bytes behind them; it is compacted when it nears its end.
final class WriteWindow {
    private let storage: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0

    init(capacity: Int) {
        self.storage = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
    }

    deinit {
        self.storage.deallocate()
    }

    /// Sends everything the pipe delivers, keeping about `inFlight` bytes unacknowledged; returns the total.
    func send(
        from pipe: BlockPipe,
        inFlight: Int,
        handle: SFTPHandle,
        session: SSHSession,
        progress: (@Sendable (UInt64) -> Void)?
    ) throws -> UInt64 {
        guard let base = self.storage.baseAddress else { return 0 }
        var acknowledged: UInt64 = 0
        var sourceDone = false
        var idleCalls = 0
        while true {
            while self.end - self.start < inFlight && !sourceDone {
                guard let block = pipe.takeFull() else {
                    sourceDone = true
                    break
                }
                if self.storage.count - self.end < block.count {
                    (base + 0).copyMemory(from: base + self.start, byteCount: self.end - self.start)
                    self.end -= self.start
                    self.start = 0
                }
                if let blockBase = block.filled.baseAddress {
                    (base + self.end).copyMemory(from: blockBase, byteCount: block.count)
                }
                self.end += block.count
                pipe.putEmpty(block)
            }
            guard self.end > self.start else { return acknowledged }
            let count = try session.call("write", path: handle.path) {
                libssh2_sftp_write(
                    handle.raw,
                    (base + self.start).assumingMemoryBound(to: CChar.self),
                    self.end - self.start
                )
            }
            self.start += count
            acknowledged += UInt64(count)
            idleCalls = count == 0 ? idleCalls + 1 : 0
            guard idleCalls < 1000 else {
                throw SFTPError(
                    code: .protocolError,
                    operation: "write",
                    path: handle.path,
                    detail: "no write was acknowledged"
                )
            }
            if count > 0 {
                progress?(acknowledged)
            }
            if Task.isCancelled {
                throw CancellationError()
            }
        }
    }
}
