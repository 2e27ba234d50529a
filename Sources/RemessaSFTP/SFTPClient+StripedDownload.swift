import CLibSSH2
import Logging

extension SFTPClient {
    /// Reads an open file in stripes over this session and `sessions - 1` extra ones connected for the transfer.
    ///
    /// Each session claims the next stripe from a ``StripeSchedule`` and fills its own lane of blocks; a writer
    /// thread takes the stripes in file order from whichever lane has each, so `consume` sees the bytes in order.
    /// A lane holds half a stripe and more, so a session that runs ahead rarely waits for the writer. An extra
    /// session that cannot connect or open the file is left out (logged at debug level); a failure after it
    /// started fails the download.
    func readStriped(
        _ handle: SFTPHandle,
        session: SSHSession,
        plan: StripePlan,
        sessions: Int,
        progress: (@Sendable (UInt64) -> Void)?,
        into consume: @escaping @Sendable (UnsafeRawBufferPointer) throws(SFTPError) -> Void
    ) throws {
        let tuning = self.configuration.transfer
        let schedule = StripeSchedule(stripeCount: plan.count, workers: sessions)
        let blocksPerStripe = (tuning.stripeSize + tuning.readBufferSize - 1) / tuning.readBufferSize
        let laneDepth = max(tuning.readBufferCount, blocksPerStripe / 2 + 2)
        let lanes = (0..<sessions).map { _ in BlockPipe(blockSize: tuning.readBufferSize, blockCount: laneDepth) }
        let cancelAll: @Sendable () -> Void = {
            schedule.cancel()
            for lane in lanes { lane.cancel() }
        }

        let writer = HelperThread(name: "rsftp.writer", onFailure: cancelAll) {
            var total: UInt64 = 0
            for stripe in 0..<plan.count {
                guard let worker = schedule.owner(of: stripe) else { throw TransferInterrupted() }
                let lane = lanes[worker]
                var stripeEnded = false
                while !stripeEnded {
                    guard let block = lane.takeFull() else { throw TransferInterrupted() }
                    try consume(block.filled)
                    total += UInt64(block.count)
                    stripeEnded = block.endsStripe
                    lane.putEmpty(block)
                    progress?(total)
                }
            }
        }
        let extraSessions = (1..<sessions).map { worker in
            self.sessionCount += 1
            return HelperThread(name: "rsftp.stripe", onFailure: cancelAll) {
                [
                    configuration = self.configuration, logger = self.logger, number = self.sessionCount,
                    path = handle.path
                ] in
                try Self.readStripesOnExtraSession(
                    number: number,
                    configuration: configuration,
                    logger: logger,
                    path: path,
                    worker: worker,
                    plan: plan,
                    schedule: schedule,
                    lane: lanes[worker]
                )
            }
        }

        var failures: [any Error] = []
        do {
            try Self.readStripes(
                worker: 0,
                handle: handle,
                session: session,
                plan: plan,
                schedule: schedule,
                lane: lanes[0]
            )
            schedule.leave()
        } catch {
            failures.append(error)
            cancelAll()
        }
        for thread in extraSessions + [writer] {
            do {
                try thread.join()
            } catch {
                failures.append(error)
            }
        }
        if let failure = failures.first(where: { !($0 is TransferInterrupted) }) ?? failures.first {
            throw failure
        }
        let missing = schedule.unavailableWorkers
        if missing > 0 {
            self.logger.debug(
                "SFTP striped download went on with fewer sessions",
                metadata: ["sftp.path": "\(handle.path)", "sftp.sessions": "\(sessions - missing)"]
            )
        }
    }

    /// Connects an extra session, opens `path` on it and reads the stripes it claims into `lane`.
    ///
    /// A session that cannot connect or open the file leaves the schedule without claiming anything.
    private static func readStripesOnExtraSession(
        number: UInt64,
        configuration: SFTPConfiguration,
        logger: Logger,
        path: String,
        worker: Int,
        plan: StripePlan,
        schedule: StripeSchedule,
        lane: BlockPipe
    ) throws {
        let session: SSHSession
        let handle: SFTPHandle
        do {
            session = try SSHSession.connect(configuration, number: number, logger: logger)
            do {
                handle = try session.openFile(path, flags: LIBSSH2_FXF_READ)
            } catch {
                session.disconnect(timeout: min(configuration.operationTimeout, .seconds(2)))
                throw error
            }
        } catch {
            logger.debug(
                "SFTP extra session for a striped download unavailable",
                metadata: ["sftp.path": "\(path)", "sftp.error": "\(error)"]
            )
            schedule.leave(unavailable: true)
            return
        }
        defer {
            if !session.isBroken {
                try? session.closeHandle(handle)
            }
            session.disconnect(timeout: min(configuration.operationTimeout, .seconds(2)))
        }
        try Self.readStripes(
            worker: worker,
            handle: handle,
            session: session,
            plan: plan,
            schedule: schedule,
            lane: lane
        )
        schedule.leave()
    }

    /// Claims stripes for `worker` and reads each into `lane`, marking the last block of every stripe.
    ///
    /// Returns when no stripe is left, or when the lane was cancelled (another part of the transfer failed).
    private static func readStripes(
        worker: Int,
        handle: SFTPHandle,
        session: SSHSession,
        plan: StripePlan,
        schedule: StripeSchedule,
        lane: BlockPipe
    ) throws {
        while let stripe = schedule.claim(by: worker) {
            var offset = plan.start(of: stripe)
            libssh2_sftp_seek64(handle.raw, offset)
            var stripeEnded = false
            while !stripeEnded {
                guard let block = lane.takeEmpty() else { return }
                stripeEnded = try Self.fill(
                    block,
                    at: offset,
                    end: plan.end(of: stripe),
                    from: handle,
                    session: session
                )
                offset += UInt64(block.count)
                block.endsStripe = stripeEnded
                lane.putFull(block)
                if Task.isCancelled {
                    throw CancellationError()
                }
            }
        }
    }
}

/// Thrown by a transfer thread that stopped because another part of the transfer failed; that failure is the
/// one reported.
struct TransferInterrupted: Error {}
