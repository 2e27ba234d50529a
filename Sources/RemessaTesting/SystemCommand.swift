import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a setup tool (`ssh-keygen`, `useradd`, …) and returns its standard output.
enum SystemCommand {
    /// Runs `executable` with `arguments`, feeding `input` on stdin; throws with its stderr if it fails.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> String {
        var inputPipe: [Int32] = [-1, -1]
        var outputPipe: [Int32] = [-1, -1]
        var errorPipe: [Int32] = [-1, -1]
        guard pipe(&inputPipe) == 0, pipe(&outputPipe) == 0, pipe(&errorPipe) == 0 else {
            throw SSHDSandboxError("pipe() failed")
        }
        for fd in inputPipe + outputPipe + errorPipe {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(
                executable,
                arguments,
                stdin: inputPipe[0],
                stdout: outputPipe[1],
                stderr: errorPipe[1]
            )
        } catch {
            (inputPipe + outputPipe + errorPipe).forEach { close($0) }
            throw error
        }
        close(inputPipe[0])
        close(outputPipe[1])
        close(errorPipe[1])
        if let input {
            let bytes = Array(input.utf8)
            _ = bytes.withUnsafeBytes { write(inputPipe[1], $0.baseAddress, $0.count) }
        }
        close(inputPipe[1])
        // The tools print little, so reading one pipe to its end before the other cannot fill a pipe buffer.
        let output = Self.readAll(outputPipe[0])
        let errors = Self.readAll(errorPipe[0])
        let status = child.waitForExit()
        guard status == 0 else {
            let name = URL(fileURLWithPath: executable).lastPathComponent
            let message = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw SSHDSandboxError("\(name) failed (\(status)): \(message)")
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Reads `fd` to its end and closes it.
    private static func readAll(_ fd: Int32) -> [UInt8] {
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count > 0 {
                result += buffer[0..<count]
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return result
            }
        }
    }
}
