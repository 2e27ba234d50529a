/// Buffer sizes for transfers (see `bench/Sources/SFTPBench` for how they compare with OpenSSH's `sftp`).
///
/// Downloads: libssh2 1.10 keeps up to four times the buffer it is given in flight, in 30000-byte requests, so
/// the read buffer sets the pipeline depth (between three and four times it stays outstanding; 256 KiB–2 MiB is
/// the useful range, beyond 2 MiB libssh2 caps the read-ahead at 8 MiB). Full buffers go to a separate writer
/// thread that writes the local file and computes SHA-256, so a slow disk does not stall network reads.
/// Uploads: a reader thread reads (and, if asked, hashes) the local file; the session thread keeps
/// ``writeWindow`` bytes of 30000-byte write requests in flight (OpenSSH's server grants a 2 MiB channel window).
///
/// Files of ``parallelThreshold`` bytes or more move over ``parallelSessions`` SSH sessions at once, in
/// ``stripeSize`` stripes handed out in file order: libssh2 1.10 encrypts and decrypts one 16-byte block per
/// OpenSSL call, which holds one session to about one core's worth. The local side still reads or writes the
/// file in order (and hashes it) on one helper thread. If an extra session cannot connect, the transfer goes on
/// with the sessions it has.
public struct SFTPTransferTuning: Sendable, Hashable {
    /// The buffer handed to each `libssh2_sftp_read`, and the block size passed to the writer thread.
    public var readBufferSize: Int
    /// How many read buffers may wait for the writer thread before network reads pause.
    public var readBufferCount: Int
    /// Bytes of write requests kept in flight during uploads.
    public var writeWindow: Int
    /// The block size the reader thread reads from the local file during uploads.
    public var uploadBlockSize: Int
    /// How many read blocks may wait for the network before local reads pause.
    public var uploadBlockCount: Int
    /// How many SSH sessions move one large file (1 turns striping off). Each one is a login on the server.
    public var parallelSessions: Int
    /// Files this large or larger are striped over ``parallelSessions`` sessions.
    public var parallelThreshold: Int
    /// The bytes each session moves before it takes the next stripe.
    public var stripeSize: Int

    public init(
        readBufferSize: Int = 1 << 20,
        readBufferCount: Int = 4,
        writeWindow: Int = 2 << 20,
        uploadBlockSize: Int = 256 << 10,
        uploadBlockCount: Int = 8,
        parallelSessions: Int = 2,
        parallelThreshold: Int = 32 << 20,
        stripeSize: Int = 8 << 20
    ) {
        self.readBufferSize = readBufferSize
        self.readBufferCount = readBufferCount
        self.writeWindow = writeWindow
        self.uploadBlockSize = uploadBlockSize
        self.uploadBlockCount = uploadBlockCount
        self.parallelSessions = parallelSessions
        self.parallelThreshold = parallelThreshold
        self.stripeSize = stripeSize
    }

    /// How many sessions a file of `size` bytes moves over.
    func sessions(forSize size: UInt64) -> Int {
        size >= UInt64(self.parallelThreshold) ? self.parallelSessions : 1
    }

    func validate() throws(SFTPError) {
        guard (32 << 10...16 << 20).contains(self.readBufferSize) else {
            throw .invalidConfiguration("readBufferSize must be between 32 KiB and 16 MiB")
        }
        guard (32 << 10...64 << 20).contains(self.writeWindow) else {
            throw .invalidConfiguration("writeWindow must be between 32 KiB and 64 MiB")
        }
        guard (4 << 10...16 << 20).contains(self.uploadBlockSize) else {
            throw .invalidConfiguration("uploadBlockSize must be between 4 KiB and 16 MiB")
        }
        guard self.readBufferCount >= 2, self.uploadBlockCount >= 2 else {
            throw .invalidConfiguration("readBufferCount and uploadBlockCount must be at least 2")
        }
        guard (1...8).contains(self.parallelSessions) else {
            throw .invalidConfiguration("parallelSessions must be between 1 and 8")
        }
        guard (1 << 20...1 << 30).contains(self.stripeSize), self.stripeSize >= self.readBufferSize,
            self.stripeSize >= self.uploadBlockSize
        else {
            throw .invalidConfiguration(
                "stripeSize must be between 1 MiB and 1 GiB, and no smaller than readBufferSize and uploadBlockSize"
            )
        }
        guard self.parallelThreshold >= self.stripeSize else {
            throw .invalidConfiguration("parallelThreshold must be at least stripeSize")
        }
    }
}
