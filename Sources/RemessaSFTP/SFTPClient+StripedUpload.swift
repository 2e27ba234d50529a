import CLibSSH2
import Synchronization

extension SFTPClient {
    /// Sends a local file in stripes over this session and `sessions - 1` extra ones connected for the transfer;
    /// returns the bytes the server acknowledged.
    ///
    /// A reader thread reads the file in order (hashing it) and puts each stripe into the lane of the session
    /// that claimed it; a lane holds a whole stripe, so the reader never waits on one session while another has
    /// nothing to send. Each session writes its stripes at their offsets into the file `session` opened (and
    /// truncated). An extra session that cannot connect or open the file is left out; a failure after it
    /// started fails the upload. `progress` gets the total acknowledged by all sessions, stripe by stripe, from
    /// their threads.
    func writeStriped(
        _ source: LocalFile,
        to remotePath: String,
        handle: SFTPHandle,
        session: SSHSession,
        plan: StripePlan,
        sessions: Int,
        hasher: StreamHasher?,
        progress: (@Sendable (UInt64) -> Void)?
    ) throws -> UInt64 {
        let tuning = self.configuration.transfer
        let transfer = StripedTransfer(
            plan: plan,
            sessions: sessions,
            blockSize: tuning.uploadBlockSize,
            laneDepth: (tuning.stripeSize + tuning.uploadBlockSize - 1) / tuning.uploadBlockSize + 1
        )
        let acknowledged = AcknowledgedBytes(progress: progress)
        let reader = HelperThread(name: "rsftp.reader", onFailure: transfer.cancel) {
            for stripe in 0..<plan.count {
                guard let worker = transfer.schedule.owner(of: stripe) else { throw TransferInterrupted() }
                try Self.readStripe(stripe, of: source, plan: plan, into: transfer.lanes[worker], hasher: hasher)
            }
        }
        let extraSessions = self.startExtraSessions(
            for: transfer,
            path: remotePath,
            flags: LIBSSH2_FXF_WRITE,
            direction: "upload"
        ) { worker, extraSession, extraHandle in
            try Self.writeStripes(
                for: worker,
                of: transfer,
                handle: extraHandle,
                session: extraSession,
                tuning: tuning,
                acknowledged: acknowledged
            )
        }
        try transfer.run(
            {
                try Self.writeStripes(
                    for: 0,
                    of: transfer,
                    handle: handle,
                    session: session,
                    tuning: tuning,
                    acknowledged: acknowledged
                )
            },
            joining: extraSessions + [reader]
        )
        self.noteMissingSessions(of: transfer, path: remotePath, direction: "upload")
        return acknowledged.total
    }

    /// Reads stripe `stripe` of the local file into `lane`, hashing it; the last stripe runs to the end of the file.
    private static func readStripe(
        _ stripe: Int,
        of source: LocalFile,
        plan: StripePlan,
        into lane: BlockPipe,
        hasher: StreamHasher?
    ) throws {
        var remaining = plan.end(of: stripe).map { $0 - plan.start(of: stripe) }
        var stripeEnded = false
        while !stripeEnded {
            guard let block = lane.takeEmpty() else { throw TransferInterrupted() }
            let wanted = remaining.map { Int(min(UInt64(block.bytes.count), $0)) } ?? block.bytes.count
            block.count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: block.bytes[0..<wanted]))
            hasher?.update(block.filled)
            if let left = remaining {
                guard block.count == wanted else {
                    lane.putEmpty(block)
                    throw SFTPError(
                        code: .localFileChanged,
                        operation: "upload",
                        path: source.path,
                        detail: "the file got shorter while it was read"
                    )
                }
                remaining = left - UInt64(block.count)
                stripeEnded = remaining == 0
            } else {
                stripeEnded = block.count < wanted
            }
            block.endsStripe = stripeEnded
            lane.putFull(block)
        }
    }

    /// Claims stripes for `worker` and sends each from its lane at its offset, waiting for every acknowledgement
    /// before seeking to the next. The next stripe is claimed as soon as the current one's last block is taken,
    /// so the reader fills it while the acknowledgements come in. Returns when no stripe is left or the lane was
    /// cancelled.
    private static func writeStripes(
        for worker: Int,
        of transfer: StripedTransfer,
        handle: SFTPHandle,
        session: SSHSession,
        tuning: SFTPTransferTuning,
        acknowledged: AcknowledgedBytes
    ) throws {
        let window = WriteWindow(capacity: tuning.writeWindow + 2 * tuning.uploadBlockSize)
        var next = transfer.schedule.claim(by: worker)
        while let stripe = next {
            next = nil
            libssh2_sftp_seek64(handle.raw, transfer.plan.start(of: stripe))
            let sent = try window.send(
                from: transfer.lanes[worker],
                inFlight: tuning.writeWindow,
                handle: handle,
                session: session,
                progress: nil
            ) {
                next = transfer.schedule.claim(by: worker)
            }
            acknowledged.add(sent)
        }
    }
}

/// The bytes acknowledged by all sessions of a striped upload, reported to the caller's progress callback.
final class AcknowledgedBytes: Sendable {
    private let bytes = Mutex<UInt64>(0)
    private let progress: (@Sendable (UInt64) -> Void)?

    init(progress: (@Sendable (UInt64) -> Void)?) {
        self.progress = progress
    }

    /// Adds `count` newly acknowledged bytes and reports the new total.
    func add(_ count: UInt64) {
        let total = self.bytes.withLock { bytes in
            bytes += count
            return bytes
        }
        self.progress?(total)
    }

    var total: UInt64 {
        self.bytes.withLock { $0 }
    }
}
