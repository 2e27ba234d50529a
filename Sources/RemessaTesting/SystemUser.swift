import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real Unix account for tests (a client uploading as itself, the daemon running as `remessa`), created as a
/// system user without a home or a shell when missing. Needs root.
public struct SystemUser: Sendable, Hashable {
    public let name: String
    public let uid: uid_t
    public let gid: gid_t

    /// The account `name`, created if it does not exist yet.
    public static func ensure(_ name: String) throws -> SystemUser {
        guard name.range(of: "^[a-z_][a-z0-9_-]{0,30}$", options: .regularExpression) != nil else {
            throw SSHDSandboxError("\"\(name)\" is not a valid user name (lower-case letters, digits, - and _)")
        }
        if getpwnam(name) == nil {
            do {
                try SystemCommand.run(
                    "/usr/sbin/useradd",
                    [
                        "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell",
                        "/usr/sbin/nologin", name,
                    ]
                )
            } catch  where getpwnam(name) != nil {
                // Created concurrently by another test.
            }
        }
        guard let account = getpwnam(name) else { throw SSHDSandboxError("user \(name) could not be created") }
        return SystemUser(name: name, uid: account.pointee.pw_uid, gid: account.pointee.pw_gid)
    }

    /// `chown`s `path` (not following a link) to this user and its group.
    public func own(_ path: String) throws {
        guard lchown(path, uid, gid) == 0 else {
            throw SSHDSandboxError("chown \(path) to \(name) failed: errno \(errno)")
        }
    }
}
