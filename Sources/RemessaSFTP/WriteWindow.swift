import CLibSSH2

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

    /// Sends what the pipe delivers, keeping about `inFlight` bytes unacknowledged, up to the end of the pipe or
    /// to a block that ends a stripe (see ``StripePlan``); returns once all of it is acknowledged, with the total.
    /// `stripeTaken` runs as soon as the stripe's last block is taken, before its acknowledgements are in.
    func send(
        from pipe: BlockPipe,
        inFlight: Int,
        handle: SFTPHandle,
        session: SSHSession,
        progress: (@Sendable (UInt64) -> Void)?,
        stripeTaken: () -> Void = {}
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
                sourceDone = block.endsStripe
                pipe.putEmpty(block)
                if sourceDone {
                    stripeTaken()
                }
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
