import Foundation
import Logging
import RemessaConfig
import RemessaDrops

/// `remessad --check-config --probe`: reaches every drop as the daemon would and checks its folders.
public struct DropProbe: Sendable {
    /// What the probe found for one drop.
    public struct Report: Sendable {
        public var drop: String
        /// One line per check, each passed or failed.
        public var checks: [(passed: Bool, text: String)]
        public var passed: Bool { checks.allSatisfy(\.passed) }
    }

    public let variables: [String: String]
    public let logger: Logger

    public init(variables: [String: String], logger: Logger) {
        self.variables = variables
        self.logger = logger
    }

    /// Probes every drop side by side, in name order.
    public func probe(_ configuration: RemessaConfiguration) async -> [Report] {
        await withTaskGroup(of: Report.self) { group in
            for drop in configuration.drops.values {
                group.addTask { await probe(drop) }
            }
            var reports: [Report] = []
            for await report in group { reports.append(report) }
            return reports.sorted { $0.drop < $1.drop }
        }
    }

    /// Connects (host key, authentication), then lists each folder and writes and removes a probe file in it.
    public func probe(_ drop: DropConfiguration) async -> Report {
        var report = Report(drop: drop.name, checks: [])
        let transport: any DropTransport
        do {
            transport = try DropTransportFactory.make(for: drop, environment: variables, logger: logger)
        } catch {
            report.checks.append((false, "credentials: \(error)"))
            return report
        }
        report.checks += await probeFolders(of: drop, through: transport)
        await transport.close()
        return report
    }

    private func probeFolders(
        of drop: DropConfiguration,
        through transport: any DropTransport
    ) async
        -> [(passed: Bool, text: String)]
    {
        var checks: [(passed: Bool, text: String)] = []
        let folders = drop.folders
        let probeFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "remessa-probe-\(UUID().uuidString)"
        )
        _ = FileManager.default.createFile(atPath: probeFile.path, contents: Data("probe\n".utf8))
        defer { try? FileManager.default.removeItem(at: probeFile) }
        for (role, folder) in [
            ("inbox", folders.inbox), ("processing", folders.processing), ("archive", folders.archive),
            ("failed", folders.failed), ("outbox", folders.outbox),
        ] {
            do {
                let files = try await transport.list(folder)
                let name = ".remessa-probe-\(UUID().uuidString)"
                let published = try await transport.publish(probeFile.path, into: folder, as: name)
                try await transport.remove(DropPath.join(folder, published))
                checks.append((true, "\(role) (\(folder)): readable and writable, \(files.count) files"))
            } catch {
                checks.append((false, "\(role) (\(folder)): \(error)"))
                if checks.count == 1 { break }  // Nothing else will work when the first folder fails.
            }
        }
        return checks
    }
}
