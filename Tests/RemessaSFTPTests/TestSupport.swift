import Foundation
import RemessaSFTP
import RemessaTesting
import Testing

/// Helpers shared by the integration tests.
enum TestSupport {
    /// Runs `body` with a client for `configuration`, closing it afterwards.
    static func withClient<Result>(
        _ configuration: SFTPConfiguration,
        log: LogCapture,
        _ body: (SFTPClient) async throws -> Result
    ) async throws -> Result {
        try await SFTPClient.withClient(
            configuration: configuration,
            logger: log.logger(label: "remessa.sftp.tests"),
            body
        )
    }

    /// The error `body` throws, which must be an `SFTPError`.
    static func sftpError(
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> Void
    ) async -> SFTPError? {
        do {
            try await body()
            Issue.record("expected an SFTPError, but the call succeeded", sourceLocation: sourceLocation)
            return nil
        } catch let error as SFTPError {
            return error
        } catch {
            Issue.record("expected an SFTPError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// A scratch directory for local files, removed by `body`'s end.
    static func withTemporaryDirectory<Result>(_ body: (String) async throws -> Result) async throws -> Result {
        let directory = try TemporaryDirectory.create(prefix: "remessa-sftp")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try await body(directory)
    }

    /// Creates `path` (and parents) as a directory owned by the sandbox user, so they can write in it.
    static func makeUserDirectory(_ path: String, owner: SSHDSandboxUser) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Self.chown(path, to: owner)
    }

    /// Gives `path` to the sandbox user.
    static func chown(_ path: String, to owner: SSHDSandboxUser) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/chown")
        process.arguments = ["-R", "\(owner.name):\(owner.name)", path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// The base64 lines of a private key file: what must never be logged.
    static func keyMaterial(_ path: String) -> [String] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.map(String.init)
    }
}
