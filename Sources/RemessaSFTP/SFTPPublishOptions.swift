/// How ``SFTPClient/publish(from:to:options:)`` names and writes a published file.
public struct SFTPPublishOptions: Sendable, Hashable {
    /// The published file's permission bits.
    public var permissions: UInt32
    /// Ask the server to flush the file to disk before it is renamed into place, where it supports
    /// `fsync@openssh.com`.
    public var fsync: Bool
    /// The highest suffix tried when the name is taken (`report-1.csv` … `report-N.csv`).
    public var maximumSuffix: Int

    public init(permissions: UInt32 = 0o644, fsync: Bool = true, maximumSuffix: Int = 999) {
        self.permissions = permissions
        self.fsync = fsync
        self.maximumSuffix = max(1, maximumSuffix)
    }
}
