/// A local file's size, and its SHA-256 computed only if a comparison needs it.
final class LocalContent {
    let path: String
    /// The content, once hashed.
    private(set) var hashedContent: SFTPTransferResult?

    init(path: String) {
        self.path = path
    }

    func size() throws(SFTPError) -> UInt64 {
        try LocalFile.openForReading(self.path).size()
    }

    /// Size and SHA-256, reading the file on first use. Runs on the session thread.
    func content() throws(SFTPError) -> SFTPTransferResult {
        if let hashedContent = self.hashedContent {
            return hashedContent
        }
        let file = try LocalFile.openForReading(self.path)
        let hasher = StreamHasher()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var endOfFile = false
        while !endOfFile {
            let count = try file.read(into: buffer)
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            endOfFile = count == 0
        }
        let content = SFTPTransferResult(byteCount: hasher.byteCount, sha256: hasher.finalizeHash())
        self.hashedContent = content
        return content
    }
}
