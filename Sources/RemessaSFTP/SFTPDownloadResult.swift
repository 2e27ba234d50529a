/// A finished download: the bytes read, and what the server said about the file's size before and after.
///
/// A file that grows while it is read (a client still uploading) is read up to where its end was when each read
/// reached it; compare ``remoteSizeAtOpen`` and ``remoteSizeAtClose`` (or use ``remoteFileChanged``) to refuse such
/// a snapshot.
public struct SFTPDownloadResult: Sendable, Hashable {
    /// The bytes written locally and their hash.
    public var transfer: SFTPTransferResult
    /// The size the server reported when the file was opened.
    public var remoteSizeAtOpen: UInt64?
    /// The size the server reported after the last byte was read.
    public var remoteSizeAtClose: UInt64?

    public init(transfer: SFTPTransferResult, remoteSizeAtOpen: UInt64?, remoteSizeAtClose: UInt64?) {
        self.transfer = transfer
        self.remoteSizeAtOpen = remoteSizeAtOpen
        self.remoteSizeAtClose = remoteSizeAtClose
    }

    /// Whether the remote file's size changed during the download, or differs from the bytes read.
    public var remoteFileChanged: Bool {
        self.remoteSizeAtOpen != self.remoteSizeAtClose || self.remoteSizeAtClose != self.transfer.byteCount
    }
}
