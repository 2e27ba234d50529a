import Logging

extension SFTPClient {
    /// Runs `body` on a ready session (connecting if needed); a transport error discards the session.
    func withSession<T>(
        _ operation: String,
        path: String? = nil,
        _ body: (SSHSession) throws -> T
    ) async throws -> T {
        let session = try await self.readySession(for: operation)
        do {
            let result = try body(session)
            session.lastUsed = .now
            return result
        } catch let error as SFTPError {
            if session.isBroken || error.isTransportError {
                self.discard(session, after: error)
            } else {
                session.lastUsed = .now
            }
            throw error
        }
    }

    /// A connected session: the current one if it is fresh or passes a liveness check, else a new one.
    func readySession(for operation: String) async throws -> SSHSession {
        guard !self.isClosed else { throw SFTPError.closed(operation) }
        self.closeAbandonedDirectories()
        if let session = self.session {
            if session.isBroken {
                self.discard(session, after: nil)
            } else if ContinuousClock.now - session.lastUsed < self.configuration.livenessCheckAfterIdle {
                return session
            } else if self.isAlive(session) {
                return session
            }
        }
        return try await self.connectWithBackoff(for: operation)
    }

    /// One cheap round trip (`stat .`) with a short timeout.
    private func isAlive(_ session: SSHSession) -> Bool {
        session.setTimeout(min(self.configuration.operationTimeout, self.configuration.connectTimeout))
        defer { session.setTimeout(self.configuration.operationTimeout) }
        do {
            _ = try session.attributes(of: ".", followingLinks: true)
            session.lastUsed = .now
            return true
        } catch {
            self.logger.debug("SFTP idle session failed its liveness check", metadata: ["sftp.error": "\(error)"])
            self.discard(session, after: error)
            return false
        }
    }

    private func connectWithBackoff(for operation: String) async throws -> SSHSession {
        var attempt = 0
        while true {
            try Task.checkCancellation()
            if self.consecutiveConnectFailures > 0 {
                let delay = self.configuration.reconnect.delay(
                    afterFailures: self.consecutiveConnectFailures,
                    using: &self.random
                )
                self.logger.debug(
                    "SFTP waiting before reconnecting",
                    metadata: ["sftp.delay": "\(delay)", "sftp.failures": "\(self.consecutiveConnectFailures)"]
                )
                try await Task.sleep(for: delay)
                guard !self.isClosed else { throw SFTPError.closed(operation) }
                if let session = self.session, !session.isBroken {
                    return session
                }
            }
            attempt += 1
            do {
                let session = try self.connectOnce()
                self.install(session)
                return session
            } catch {
                self.consecutiveConnectFailures += 1
                self.logger.debug(
                    "SFTP connection attempt failed",
                    metadata: ["sftp.attempt": "\(attempt)", "sftp.error": "\(error)"]
                )
                let transient = [SFTPError.Code.connectionFailed, .connectionLost, .timeout].contains(error.code)
                if !transient || attempt >= self.configuration.reconnect.maximumAttempts {
                    throw error
                }
            }
        }
    }

    /// Connects a new session for this client, numbered after the previous one.
    private func connectOnce() throws(SFTPError) -> SSHSession {
        self.sessionCount += 1
        return try SSHSession.connect(self.configuration, number: self.sessionCount, logger: self.logger)
    }

    private func install(_ session: SSHSession) {
        self.session = session
        self.consecutiveConnectFailures = 0
        if let interval = self.configuration.keepaliveInterval {
            // Runs on the session thread between jobs, so it may use the actor's state directly.
            self.executor.setIdleHandler(every: interval) { [weak self] in
                self?.assumeIsolated { client in
                    client.sendKeepaliveIfDue()
                }
            }
        }
    }

    /// Drops a session after a failure; the next operation reconnects.
    func discard(_ session: SSHSession, after error: SFTPError?) {
        session.markBroken()
        if self.session === session {
            self.session = nil
            self.forgetDirectories(of: session)
            self.logger.debug(
                "SFTP session discarded",
                metadata: ["sftp.session": "\(session.number)", "sftp.error": "\(error.map { "\($0)" } ?? "broken")"]
            )
        }
    }

    /// Sends a keepalive if one is due; runs on the session thread while it is idle.
    func sendKeepaliveIfDue() {
        guard let session = self.session, !session.isBroken else { return }
        do {
            let secondsToNext = try session.sendKeepalive()
            if let interval = self.configuration.keepaliveInterval, secondsToNext >= interval.components.seconds {
                self.logger.trace("SFTP keepalive sent", metadata: ["sftp.session": "\(session.number)"])
            }
        } catch {
            self.discard(session, after: error)
        }
    }
}
