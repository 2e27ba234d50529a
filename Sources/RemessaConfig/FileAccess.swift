#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Small POSIX file checks and reads whose failures carry the system's reason ("No such file or directory").
enum FileAccess {
    /// Why a file cannot be used, as a sentence fragment; `nil` when it is a readable regular file.
    static func problemReading(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            return reason(errno)
        }
        if status.st_mode & S_IFMT == S_IFDIR {
            return "it is a directory"
        }
        guard access(path, R_OK) == 0 else {
            return reason(errno)
        }
        return nil
    }

    /// The whole content of `path`, or the system's reason for not reading it.
    static func readAll(_ path: String) -> Result<[UInt8], FileAccessFailure> {
        if let problem = problemReading(path) {
            return .failure(FileAccessFailure(reason: problem))
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return .failure(FileAccessFailure(reason: reason(errno)))
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 {
                return .success(bytes)
            }
            if count < 0 {
                if errno == EINTR {
                    continue
                }
                return .failure(FileAccessFailure(reason: reason(errno)))
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    private static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else {
            return "error \(code)"
        }
        return String(cString: text)
    }
}

/// The system's reason a file could not be read.
struct FileAccessFailure: Error, Sendable {
    var reason: String
}
