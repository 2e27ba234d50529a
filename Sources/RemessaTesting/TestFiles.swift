import Crypto
import Foundation

/// Builds and hashes local files for SFTP tests and benchmarks.
public enum TestFiles {
    /// Writes `size` bytes of reproducible pseudo-random data (xorshift64*, seeded) to `path`, replacing it.
    ///
    /// Every 8-byte word differs, so a duplicated, dropped or reordered block changes the SHA-256.
    public static func writePseudoRandomFile(at path: String, size: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw SSHDSandboxError("cannot create \(path)") }
        defer { try? handle.close() }
        var state = seed == 0 ? 1 : seed
        let blockSize = 1 << 20
        var words = [UInt64](repeating: 0, count: blockSize / 8)
        var remaining = size
        while remaining > 0 {
            words.withUnsafeMutableBufferPointer { buffer in
                for index in buffer.indices {
                    state ^= state >> 12
                    state ^= state << 25
                    state ^= state >> 27
                    buffer[index] = state &* 0x2545_F491_4F6C_DD1D
                }
            }
            let count = min(remaining, blockSize)
            try handle.write(contentsOf: words.withUnsafeBytes { Data($0.prefix(count)) })
            remaining -= count
        }
    }

    /// The lower-case hex SHA-256 of the file at `path` (of its first `length` bytes, if given).
    public static func sha256(ofFileAt path: String, length: UInt64? = nil) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SSHDSandboxError("cannot read \(path)") }
        defer { try? handle.close() }
        var hasher = SHA256()
        var remaining = length ?? UInt64.max
        while remaining > 0, let data = try handle.read(upToCount: Int(min(remaining, 1 << 20))), !data.isEmpty {
            hasher.update(data: data)
            remaining -= UInt64(data.count)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
