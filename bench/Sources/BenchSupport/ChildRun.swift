import Foundation
import Glibc

/// What a command did: its wall time, its own peak RSS and CPU time (from `wait4`), its exit status and its
/// standard output.
public struct ChildRun {
    public var seconds: Double
    public var peakRSSKiB: Int
    /// User + system CPU seconds.
    public var cpuSeconds: Double
    public var status: Int32
    public var output: String

    public var peakRSSMiB: Double { Double(peakRSSKiB) / 1024 }

    /// Runs `arguments` (looked up in `$PATH`), standard output to a temporary file unless `passOutput`.
    public static func run(_ arguments: [String], passOutput: Bool = false) throws -> ChildRun {
        let outputPath = NSTemporaryDirectory() + "bench-output-\(getpid())"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        if !passOutput {
            posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        defer {
            posix_spawn_file_actions_destroy(&actions)
            unlink(outputPath)
        }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now()
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, &argv, environ)
        guard spawned == 0 else {
            throw BenchFailure("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let output = passOutput ? "" : (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let cpu =
            Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
        return ChildRun(
            seconds: seconds,
            peakRSSKiB: usage.ru_maxrss,
            cpuSeconds: cpu,
            status: (status >> 8) & 0xFF,
            output: output
        )
    }
}

public struct BenchFailure: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
