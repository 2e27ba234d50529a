import CLibSSH2
import Foundation
import Testing

@testable import RemessaSFTP

@Suite("Server values and bounded listings, without a server")
struct AttributeBoundsTests {
    /// Raw attributes as libssh2 decodes them, with every field present.
    static func raw(size: UInt64 = 10, time: UInt = 1_700_000_000) -> LIBSSH2_SFTP_ATTRIBUTES {
        var raw = LIBSSH2_SFTP_ATTRIBUTES()
        raw.flags = UInt(LIBSSH2_SFTP_ATTR_SIZE | LIBSSH2_SFTP_ATTR_PERMISSIONS | LIBSSH2_SFTP_ATTR_ACMODTIME)
        raw.filesize = size
        raw.permissions = UInt(LIBSSH2_SFTP_S_IFREG) | 0o644
        raw.mtime = time
        raw.atime = time
        return raw
    }

    @Test("Sizes from 2^63 and times past 2^32-1 are implausibleValue; the largest real ones pass")
    func bounds() throws {
        for size in [UInt64(1) << 63, UInt64.max] {
            #expect(throws: SFTPError.self) {
                try SFTPFileAttributes(Self.raw(size: size), operation: "stat", path: "f")
            }
            do {
                _ = try SFTPFileAttributes(Self.raw(size: size), operation: "stat", path: "f")
            } catch {
                #expect(error.code == .implausibleValue)
                #expect(error.description.contains("\(size)"))
            }
        }
        for time in [UInt(UInt32.max) + 1, UInt.max] {
            #expect(throws: SFTPError.self) {
                try SFTPFileAttributes(Self.raw(time: time), operation: "stat", path: "f")
            }
        }
        let largest = try SFTPFileAttributes(
            Self.raw(size: UInt64(Int64.max), time: UInt(UInt32.max)),
            operation: "stat",
            path: "f"
        )
        #expect(largest.size == UInt64(Int64.max))
        #expect(largest.type == .regular)
        #expect(largest.modificationTime?.timeIntervalSince1970 == 4_294_967_295)
    }

    @Test("A bounded heap keeps exactly the smallest elements, whatever the order they come in")
    func boundedSmallest() {
        var generator = SystemRandomNumberGenerator()
        for limit in [0, 1, 7, 100] {
            let values = (0..<1_000).shuffled(using: &generator)
            var smallest = BoundedSmallest<Int>(limit: limit, by: <)
            for value in values {
                smallest.offer(value)
                #expect(smallest.count <= limit)
            }
            #expect(smallest.sorted() == Array(0..<limit))
        }
    }

    @Test("Entries sort by modification time, then name bytes; a missing time is oldest")
    func olderOrder() {
        func entry(_ name: String, _ time: Double?) -> SFTPDirectoryEntry {
            SFTPDirectoryEntry(
                name: name,
                attributes: SFTPFileAttributes(
                    type: .regular,
                    modificationTime: time.map { Date(timeIntervalSince1970: $0) }
                )
            )
        }
        let entries = [entry("b", 5), entry("a", 5), entry("z", nil), entry("c", 1)]
        #expect(entries.sorted(by: SFTPClient.isOlder(_:than:)).map(\.name) == ["z", "c", "a", "b"])
    }
}
