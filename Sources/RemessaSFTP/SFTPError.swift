/// An error from the SFTP layer: what failed, why, and what libssh2 and the server said.
///
/// Compare errors by ``code`` (`error.code == .noSuchFile`); the rest is context for people. ``description`` is
/// safe to log: it never contains a password, a passphrase or key material (none of those are ever stored in an
/// error). ``debugDescription`` adds the source location and the underlying error.
public struct SFTPError: Error, Sendable {
    /// What kind of failure this is. New codes may be added; switch over them with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidConfiguration
            case connectionFailed
            case connectionLost
            case timeout
            case handshakeFailed
            case hostKeyUnknown
            case hostKeyMismatch
            case hostKeyRevoked
            case knownHostsUnreadable
            case authenticationFailed
            case privateKeyUnusable
            case noSuchFile
            case permissionDenied
            case fileExists
            case notADirectory
            case directoryNotEmpty
            case noSpace
            case operationUnsupported
            case serverFailure
            case protocolError
            case implausibleValue
            case localFileError
            case localFileChanged
            case remoteFileChanged
            case closed
            case libssh2Failure
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The configuration cannot work (an empty host, an unsupported algorithm name, a bad fingerprint).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The TCP connection could not be made (name not resolved, connection refused, unreachable).
        public static let connectionFailed = Code(.connectionFailed)
        /// An established connection broke (the server closed it, was killed, or the network failed).
        public static let connectionLost = Code(.connectionLost)
        /// The server did not answer within the connect or operation timeout.
        public static let timeout = Code(.timeout)
        /// The SSH key exchange failed, typically because no algorithm was acceptable to both sides.
        public static let handshakeFailed = Code(.handshakeFailed)
        /// The server's host key is not in known_hosts (or not among the pinned fingerprints' types).
        public static let hostKeyUnknown = Code(.hostKeyUnknown)
        /// The server's host key differs from the one recorded or pinned: possibly an attack.
        public static let hostKeyMismatch = Code(.hostKeyMismatch)
        /// The server's host key is marked `@revoked` in known_hosts.
        public static let hostKeyRevoked = Code(.hostKeyRevoked)
        /// The known_hosts file could not be read.
        public static let knownHostsUnreadable = Code(.knownHostsUnreadable)
        /// The server refused the credentials.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// The private key file could not be read or decrypted (missing, wrong passphrase, unsupported format).
        public static let privateKeyUnusable = Code(.privateKeyUnusable)
        /// The remote path does not exist.
        public static let noSuchFile = Code(.noSuchFile)
        /// The server refused access to the remote path.
        public static let permissionDenied = Code(.permissionDenied)
        /// The destination already exists (SFTP never overwrites here).
        public static let fileExists = Code(.fileExists)
        /// A path component is not a directory.
        public static let notADirectory = Code(.notADirectory)
        /// The directory to remove is not empty.
        public static let directoryNotEmpty = Code(.directoryNotEmpty)
        /// The server's disk or quota is full.
        public static let noSpace = Code(.noSpace)
        /// The server does not support the request (for example `fsync@openssh.com`).
        public static let operationUnsupported = Code(.operationUnsupported)
        /// The server answered with the generic SFTP failure status.
        public static let serverFailure = Code(.serverFailure)
        /// The server sent something libssh2 could not use (including replies over libssh2 1.10's 256 KiB limit).
        public static let protocolError = Code(.protocolError)
        /// The server reported a value no real file has (a size of 2^63 bytes or more, a time past 2106, a read
        /// longer than asked): a broken or hostile server. The session stays usable; only that answer is refused.
        public static let implausibleValue = Code(.implausibleValue)
        /// A local file could not be read or written.
        public static let localFileError = Code(.localFileError)
        /// The local file changed while it was being uploaded.
        public static let localFileChanged = Code(.localFileChanged)
        /// The remote file got shorter while it was being downloaded.
        public static let remoteFileChanged = Code(.remoteFileChanged)
        /// The client was closed.
        public static let closed = Code(.closed)
        /// Any other libssh2 failure; ``SFTPError/libssh2Code`` says which.
        public static let libssh2Failure = Code(.libssh2Failure)

        public var description: String {
            switch self.base {
            case .invalidConfiguration: "invalid configuration"
            case .connectionFailed: "connection failed"
            case .connectionLost: "connection lost"
            case .timeout: "timed out"
            case .handshakeFailed: "SSH handshake failed"
            case .hostKeyUnknown: "unknown host key"
            case .hostKeyMismatch: "host key mismatch"
            case .hostKeyRevoked: "host key revoked"
            case .knownHostsUnreadable: "known_hosts unreadable"
            case .authenticationFailed: "authentication failed"
            case .privateKeyUnusable: "private key unusable"
            case .noSuchFile: "no such file"
            case .permissionDenied: "permission denied"
            case .fileExists: "file exists"
            case .notADirectory: "not a directory"
            case .directoryNotEmpty: "directory not empty"
            case .noSpace: "no space on server"
            case .operationUnsupported: "operation unsupported by server"
            case .serverFailure: "server failure"
            case .protocolError: "protocol error"
            case .implausibleValue: "implausible value from server"
            case .localFileError: "local file error"
            case .localFileChanged: "local file changed during upload"
            case .remoteFileChanged: "remote file changed during download"
            case .closed: "client closed"
            case .libssh2Failure: "libssh2 failure"
            }
        }
    }

    /// What kind of failure this is.
    public var code: Code
    /// The operation that failed, e.g. `"open"`, `"read"`, `"rename"`, `"handshake"`.
    public var operation: String
    /// The remote (or, for local errors, local) path involved, if any.
    public var path: String?
    /// A human explanation beyond the code: which algorithm lists did not meet, the server's fingerprint, a hint.
    public var detail: String?
    /// libssh2's error number (`LIBSSH2_ERROR_*`), if libssh2 reported the failure.
    public var libssh2Code: Int32?
    /// libssh2's error message, if any.
    public var libssh2Message: String?
    /// The SFTP status (`SSH_FX_*`) the server answered, if any.
    public var sftpStatus: UInt?
    /// The error underneath, e.g. a POSIX error from a local file.
    public var underlying: (any Error & Sendable)?
    /// Where the error was made.
    public var file: String
    /// Where the error was made.
    public var line: Int

    /// Creates an error; prefer the factories that read like sentences.
    public init(
        code: Code,
        operation: String,
        path: String? = nil,
        detail: String? = nil,
        libssh2Code: Int32? = nil,
        libssh2Message: String? = nil,
        sftpStatus: UInt? = nil,
        underlying: (any Error & Sendable)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.operation = operation
        self.path = path
        self.detail = detail
        self.libssh2Code = libssh2Code
        self.libssh2Message = libssh2Message
        self.sftpStatus = sftpStatus
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    /// Whether the session that produced this error can no longer be used: the client reconnects next time.
    public var isTransportError: Bool {
        [Code.connectionLost, .timeout, .protocolError, .connectionFailed].contains(self.code)
    }
}
