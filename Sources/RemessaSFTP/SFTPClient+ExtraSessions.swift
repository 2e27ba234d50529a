import Logging

extension SFTPClient {
    /// Starts one helper thread per extra worker of `transfer`: each connects its own session, opens `path` with
    /// `flags` and runs `share` on it, then closes the file (a failed close fails the transfer: servers report
    /// some write errors only then) and disconnects.
    ///
    /// A session that cannot connect or open the file leaves the schedule without claiming a stripe, and the
    /// others take its share; that is logged at debug level with `direction` ("download" or "upload").
    func startExtraSessions(
        for transfer: StripedTransfer,
        path: String,
        flags: Int32,
        direction: String,
        _ share: @escaping @Sendable (_ worker: Int, SSHSession, SFTPHandle) throws -> Void
    ) -> [HelperThread] {
        (1..<transfer.lanes.count).map { worker in
            self.sessionCount += 1
            return HelperThread(name: "rsftp.stripe", onFailure: transfer.cancel) {
                [configuration = self.configuration, logger = self.logger, number = self.sessionCount] in
                let goodbye = min(configuration.operationTimeout, .seconds(2))
                let session: SSHSession
                let handle: SFTPHandle
                do {
                    session = try SSHSession.connect(configuration, number: number, logger: logger)
                    do {
                        handle = try session.openFile(path, flags: flags)
                    } catch {
                        session.disconnect(timeout: goodbye)
                        throw error
                    }
                } catch {
                    logger.debug(
                        "SFTP extra session for a striped \(direction) unavailable",
                        metadata: ["sftp.path": "\(path)", "sftp.error": "\(error)"]
                    )
                    transfer.schedule.leave(unavailable: true)
                    return
                }
                defer { session.disconnect(timeout: goodbye) }
                do {
                    try share(worker, session, handle)
                } catch {
                    if !session.isBroken {
                        try? session.closeHandle(handle)
                    }
                    throw error
                }
                try session.closeHandle(handle)
                transfer.schedule.leave()
            }
        }
    }

    /// Logs that a striped transfer went on without some of its extra sessions.
    func noteMissingSessions(of transfer: StripedTransfer, path: String, direction: String) {
        let missing = transfer.schedule.unavailableWorkers
        guard missing > 0 else { return }
        self.logger.debug(
            "SFTP striped \(direction) went on with fewer sessions",
            metadata: ["sftp.path": "\(path)", "sftp.sessions": "\(transfer.lanes.count - missing)"]
        )
    }
}
