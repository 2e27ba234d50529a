import CLibSSH2

extension SFTPClient {
    /// Reads an open file in stripes over this session and `sessions - 1` extra ones connected for the transfer.
    ///
    /// Each session claims the next stripe from the ``StripeSchedule`` and fills its own lane of blocks; a writer
    /// thread takes the stripes in file order from whichever lane has each, so `consume` sees the bytes in order.
    /// A lane holds more than half a stripe, so a session that runs ahead rarely waits for the writer. An extra
    /// session that cannot connect or open the file is left out; a failure after it started fails the download.
    func readStriped(
        _ handle: SFTPHandle,
        session: SSHSession,
        plan: StripePlan,
        sessions: Int,
        progress: (@Sendable (UInt64) -> Void)?,
        into consume: @escaping @Sendable (UnsafeRawBufferPointer) throws(SFTPError) -> Void
    ) throws {
        let tuning = self.configuration.transfer
        let blocksPerStripe = (tuning.stripeSize + tuning.readBufferSize - 1) / tuning.readBufferSize
        let transfer = StripedTransfer(
            plan: plan,
            sessions: sessions,
            blockSize: tuning.readBufferSize,
            laneDepth: max(tuning.readBufferCount, blocksPerStripe / 2 + 2)
        )
        let writer = HelperThread(name: "rsftp.writer", onFailure: transfer.cancel) {
            var total: UInt64 = 0
            for stripe in 0..<plan.count {
                guard let worker = transfer.schedule.owner(of: stripe) else { throw TransferInterrupted() }
                let lane = transfer.lanes[worker]
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
        let extraSessions = self.startExtraSessions(
            for: transfer,
            path: handle.path,
            flags: LIBSSH2_FXF_READ,
            direction: "download"
        ) { worker, extraSession, extraHandle in
            try Self.readStripes(for: worker, of: transfer, handle: extraHandle, session: extraSession)
        }
        try transfer.run(
            { try Self.readStripes(for: 0, of: transfer, handle: handle, session: session) },
            joining: extraSessions + [writer]
        )
        self.noteMissingSessions(of: transfer, path: handle.path, direction: "download")
    }

    /// Claims stripes for `worker` and reads each into its lane, marking the last block of every stripe.
    ///
    /// Returns when no stripe is left, or when the lane was cancelled (another part of the transfer failed).
    private static func readStripes(
        for worker: Int,
        of transfer: StripedTransfer,
        handle: SFTPHandle,
        session: SSHSession
    ) throws {
        let lane = transfer.lanes[worker]
        while let stripe = transfer.schedule.claim(by: worker) {
            var offset = transfer.plan.start(of: stripe)
            let end = transfer.plan.end(of: stripe)
            libssh2_sftp_seek64(handle.raw, offset)
            var stripeEnded = false
            while !stripeEnded {
                guard let block = lane.takeEmpty() else { return }
                stripeEnded = try Self.fill(block, at: offset, end: end, from: handle, session: session)
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
