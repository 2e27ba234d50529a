import CLibSSH2
import Logging
import Synchronization

extension SFTPClient {
    /// Sends a local file in stripes over this session and `sessions - 1` extra ones connected for the transfer;
    /// returns the bytes the server acknowledged.
    ///
    /// A reader thread reads the file in order (hashing it) and puts each stripe into the lane of the session
    /// that claimed it; a lane holds a whole stripe, so the reader never waits on one session while another has
    /// nothing to send. Each session writes its stripes at their offsets into the file `session` opened (and
    /// truncated). An extra session that cannot connect or open the file is left out; a failure after it
    /// started fails the upload. `progress` gets the total acknowledged by all sessions, from their threads.
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
        let schedule = StripeSchedule(stripeCount: plan.count, workers: sessions)
        let blocksPerStripe = (tuning.stripeSize + tuning.uploadBlockSize - 1) / tuning.uploadBlockSize
        let lanes = (0..<sessions).map { _ in
            BlockPipe(blockSize: tuning.uploadBlockSize, blockCount: blocksPerStripe + 1)
        }
        let cancelAll: @Sendable () -> Void = {
            schedule.cancel()
            for lane in lanes { lane.cancel() }
        }
        let acknowledged = AcknowledgedBytes(progress: progress)

        let reader = HelperThread(name: "rsftp.reader", onFailure: cancelAll) {
            for stripe in 0..<plan.count {
                guard let worker = schedule.owner(of: stripe) else { throw TransferInterrupted() }
                try Self.readStripe(stripe, of: source, plan: plan, into: lanes[worker], hasher: hasher)
            }
        }
        let extraSessions = (1..<sessions).map { worker in
            self.sessionCount += 1
            return HelperThread(name: "rsftp.stripe", onFailure: cancelAll) {
                [configuration = self.configuration, logger = self.logger, number = self.sessionCount] in
                try Self.writeStripesOnExtraSession(
                    number: number,
                    configuration: configuration,
                    logger: logger,
                    path: remotePath,
                    worker: worker,
                    plan: plan,
                    schedule: schedule,
                    lane: lanes[worker],
                    acknowledged: acknowledged
                )
            }
        }

        var failures: [any Error] = []
        do {
            try Self.writeStripes(
                worker: 0,
                handle: handle,
                session: session,
                plan: plan,
                tuning: tuning,
                schedule: schedule,
                lane: lanes[0],
                acknowledged: acknowledged
            )
            schedule.leave()
        } catch {
            failures.append(error)
            cancelAll()
        }
        for thread in extraSessions + [reader] {
            do {
                try thread.join()
            } catch {
                failures.append(error)
            }
        }
        if let failure = failures.first(where: { !($0 is TransferInterrupted) }) ?? failures.first {
            throw failure
        }
        if schedule.unavailableWorkers > 0 {
            self.logger.debug(
                "SFTP striped upload went on with fewer sessions",
                metadata: ["sftp.path": "\(remotePath)", "sftp.sessions": "\(sessions - schedule.unavailableWorkers)"]
            )
        }
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
            if var left = remaining {
                guard block.count == wanted else {
                    lane.putEmpty(block)
                    throw SFTPError(
                        code: .localFileChanged,
                        operation: "upload",
                        path: source.path,
                        detail: "the file got shorter while it was read"
                    )
                }
                left -= UInt64(block.count)
                remaining = left
                stripeEnded = left == 0
            } else {
                stripeEnded = block.count < wanted
            }
            block.endsStripe = stripeEnded
            lane.putFull(block)
        }
    }

    /// Connects an extra session, opens the remote file for writing and sends the stripes it claims.
    ///
    /// A session that cannot connect or open the file leaves the schedule without claiming anything.
    private static func writeStripesOnExtraSession(
        number: UInt64,
        configuration: SFTPConfiguration,
        logger: Logger,
        path: String,
        worker: Int,
        plan: StripePlan,
        schedule: StripeSchedule,
        lane: BlockPipe,
        acknowledged: AcknowledgedBytes
    ) throws {
        let session: SSHSession
        let handle: SFTPHandle
        do {
            session = try SSHSession.connect(configuration, number: number, logger: logger)
            do {
                handle = try session.openFile(path, flags: LIBSSH2_FXF_WRITE)
            } catch {
                session.disconnect(timeout: min(configuration.operationTimeout, .seconds(2)))
                throw error
            }
        } catch {
            logger.debug(
                "SFTP extra session for a striped upload unavailable",
                metadata: ["sftp.path": "\(path)", "sftp.error": "\(error)"]
            )
            schedule.leave(unavailable: true)
            return
        }
        defer { session.disconnect(timeout: min(configuration.operationTimeout, .seconds(2))) }
        do {
            try Self.writeStripes(
                worker: worker,
                handle: handle,
                session: session,
                plan: plan,
                tuning: configuration.transfer,
                schedule: schedule,
                lane: lane,
                acknowledged: acknowledged
            )
        } catch {
            if !session.isBroken {
                try? session.closeHandle(handle)
            }
            throw error
        }
        // The server reports some write failures only when the handle is closed.
        try session.closeHandle(handle)
        schedule.leave()
    }

    /// Claims stripes for `worker` and sends each from `lane` at its offset, waiting for every acknowledgement
    /// before seeking to the next (progress is counted per stripe). Returns when no stripe is left or the lane was cancelled.
    private static func writeStripes(
        worker: Int,
        handle: SFTPHandle,
        session: SSHSession,
        plan: StripePlan,
        tuning: SFTPTransferTuning,
        schedule: StripeSchedule,
        lane: BlockPipe,
        acknowledged: AcknowledgedBytes
    ) throws {
        let window = WriteWindow(capacity: tuning.writeWindow + 2 * tuning.uploadBlockSize)
        while let stripe = schedule.claim(by: worker) {
            libssh2_sftp_seek64(handle.raw, plan.start(of: stripe))
            let sent = try window.send(
                from: lane,
                inFlight: tuning.writeWindow,
                handle: handle,
                session: session,
                progress: nil
            )
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

    /// Adds `count` newly acknowledged bytes.
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
