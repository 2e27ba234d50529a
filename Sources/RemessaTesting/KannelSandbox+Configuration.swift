import Foundation

extension KannelSandbox {
    /// Finds free ports and writes `kannel.conf` in a new temporary directory.
    static func prepare(_ configuration: KannelSandboxConfiguration) throws -> KannelSandbox {
        for path in [Self.bearerboxPath, Self.smsboxPath, Self.fakeSMSCPath]
        where !FileManager.default.isExecutableFile(atPath: path) {
            throw KannelSandboxError(
                "\(path) is missing: apt-get install -y kannel kannel-extras (scripts/install-deps)"
            )
        }
        let directory = try TemporaryDirectory.create(prefix: "remessa-kannel")
        do {
            var ports: [Int] = []
            while ports.count < 4 {
                let port = try FreePort.find()
                if !ports.contains(port) {
                    ports.append(port)
                }
            }
            let sandbox = KannelSandbox(
                configuration: configuration,
                stateDirectory: directory,
                ports: Ports(admin: ports[0], smsbox: ports[1], smsc: ports[2], sendsms: ports[3]),
                password: configuration.password ?? Self.randomSecret(),
                adminPassword: Self.randomSecret()
            )
            try sandbox.configurationText().write(toFile: sandbox.configurationPath, atomically: true, encoding: .utf8)
            return sandbox
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    /// The whole `kannel.conf`: every port and interface on 127.0.0.1, every log in the state directory.
    func configurationText() -> String {
        let directory = self.stateDirectory
        var groups = [
            """
            group = core
            admin-port = \(self.ports.admin)
            admin-interface = "127.0.0.1"
            admin-password = "\(self.adminPassword)"
            admin-allow-ip = "127.0.0.1"
            smsbox-port = \(self.ports.smsbox)
            smsbox-interface = "127.0.0.1"
            box-allow-ip = "127.0.0.1"
            log-file = "\(directory)/bearerbox.log"
            log-level = 1
            access-log = "\(directory)/bearerbox-access.log"
            dlr-storage = internal
            """
        ]
        if let limit = self.configuration.outgoingQueueLimit {
            groups[0] += "\nsms-outgoing-queue-limit = \(limit)"
        }
        groups.append(
            """
            group = smsc
            smsc = fake
            smsc-id = fake
            port = \(self.ports.smsc)
            connect-allow-ip = "127.0.0.1"
            """
        )
        groups.append(
            """
            group = smsbox
            bearerbox-host = "127.0.0.1"
            bearerbox-port = \(self.ports.smsbox)
            sendsms-port = \(self.ports.sendsms)
            sendsms-interface = "127.0.0.1"
            log-file = "\(directory)/smsbox.log"
            log-level = 1
            access-log = "\(directory)/smsbox-access.log"
            http-request-retry = \(self.configuration.httpRequestRetry)
            http-queue-delay = 1
            """
        )
        var user = """
            group = sendsms-user
            username = "\(self.username)"
            password = "\(self.password)"
            max-messages = 10
            concatenation = true
            """
        if let sender = self.configuration.defaultSender {
            user += "\ndefault-sender = \"\(sender)\""
        }
        groups.append(user)
        if let url = self.configuration.mobileOriginatedURL {
            groups.append(
                """
                group = sms-service
                keyword = default
                catch-all = true
                max-messages = 0
                get-url = "\(url)"
                """
            )
        }
        return groups.joined(separator: "\n\n") + "\n"
    }

    /// 24 hex characters from the system's random source.
    static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<12).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
