import BenchSupport
import Glibc

/// Newline bytes in a file, read a megabyte at a time.
func lineCount(_ path: String) throws -> Int {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw BenchFailure("cannot open \(path)") }
    defer { close(descriptor) }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    var lines = 0
    while true {
        let count = read(descriptor, buffer.baseAddress, buffer.count)
        if count < 0 && errno == EINTR { continue }
        guard count >= 0 else { throw BenchFailure("cannot read \(path)") }
        if count == 0 { return lines }
        for byte in UnsafeRawBufferPointer(rebasing: buffer[0..<count]) where byte == 0x0A { lines += 1 }
    }
}
