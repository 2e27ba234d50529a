import Foundation
import RemessaSFTP
import RemessaTesting
import Testing

/// The sandbox the integration suite shares: started once for the suite, stopped (and its state removed) after.
enum SandboxFixture {
    @TaskLocal static var sandbox: SSHDSandbox?

    /// The key user most tests log in as.
    static let keyUser = "rsftp-alice"
    /// A second key user.
    static let otherUser = "rsftp-bob"
    /// The user who may also log in with a password.
    static let passwordUser = "rsftp-pw"

    /// The running sandbox; fails the test if the suite did not start one.
    static func current(sourceLocation: SourceLocation = #_sourceLocation) throws -> SSHDSandbox {
        try #require(Self.sandbox, "the suite must carry the .sshdSandbox trait", sourceLocation: sourceLocation)
    }

    /// A sandbox user by name.
    static func user(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SSHDSandboxUser {
        try #require(try Self.current().user(name), sourceLocation: sourceLocation)
    }
}

/// Starts one `SSHDSandbox` (as `configuration` describes it) around a whole suite, as ``SandboxFixture/sandbox``.
/// A sandbox that cannot start (no sshd, not root) fails the suite: these tests never skip.
struct SSHDSandboxTrait: SuiteTrait, TestScoping {
    let configuration: @Sendable () throws -> SSHDSandboxConfiguration

    var isRecursive: Bool { false }

    // `@concurrent`: the package builds with NonisolatedNonsendingByDefault, Swift Testing without it.
    @concurrent
    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @concurrent @Sendable () async throws -> Void
    ) async throws {
        try await SSHDSandbox.withSandbox(try configuration()) { sandbox in
            try await SandboxFixture.$sandbox.withValue(sandbox) {
                try await function()
            }
        }
    }
}

extension Trait where Self == SSHDSandboxTrait {
    /// Shares one throwaway sshd among the suite's tests.
    static var sshdSandbox: Self {
        Self {
            SSHDSandboxConfiguration(
                users: [SandboxFixture.keyUser, SandboxFixture.otherUser],
                passwordUser: SandboxFixture.passwordUser
            )
        }
    }

    /// One sandbox whose sshd runs ``HostileSFTPServer`` for the suite.
    static var hostileSandbox: Self {
        Self { try HostileSFTPServer.sandboxConfiguration(users: [HostileFixture.user]) }
    }
}

/// The integration tests against a real OpenSSH sshd; nested suites extend it.
@Suite(.serialized, .sshdSandbox)
struct SFTPIntegrationTests {}
