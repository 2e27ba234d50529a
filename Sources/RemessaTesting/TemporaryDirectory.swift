import Foundation

/// A new empty directory under the system's temporary directory, for one test's files. Remove it with
/// ``remove()`` (usually in a `defer`); a directory that must outlive the value (a sandbox's) uses
/// ``create(prefix:)``.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String = "remessa") throws {
        path = try Self.create(prefix: prefix)
    }

    /// Creates `<tmp>/<prefix>-<uuid>` and answers its path; the caller removes it.
    public static func create(prefix: String = "remessa") throws -> String {
        let base = FileManager.default.temporaryDirectory.path
        let path = base + "/" + prefix + "-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// `name` inside the directory.
    public func appending(_ name: String) -> String {
        path + "/" + name
    }

    /// Writes `content` to `name` inside the directory and returns its path.
    @discardableResult
    public func write(_ name: String, _ content: String, permissions: Int = 0o600) throws -> String {
        let file = appending(name)
        try Data(content.utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: file)
        return file
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
