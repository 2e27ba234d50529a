// RemessaSFTP beside OpenSSH's own `sftp`, over loopback against a sandbox sshd (needs root).
//
//   SFTPBench [--size-mib 256] [--runs 3] [--cipher aes128-ctr] [--mac hmac-sha2-256]
//             [--read-buffer-kib 1024] [--read-buffers 4] [--write-window-kib 2048] [--upload-block-kib 256]
//             [--sessions 2] [--stripe-mib 8] [--only remessa|openssh] [--latency-ms 10]
//
// With --latency-ms, both tools reach sshd through RemessaTesting's FaultProxy holding every chunk that long each
// way (a round trip of twice that), as over a WAN link; the proxy runs on a thread of this process.
//
// Each run downloads and uploads the same file with both tools, alternating which goes first, each with a fresh
// connection (connect and login are inside the timing), the same cipher and MAC, and `sync` between transfers so
// one run's writeback does not slow the next. RemessaSFTP also computes SHA-256 on the way; neither tool asks
// the server to fsync. Figures are MB/s (10^6 bytes per second); the ratio is RemessaSFTP / OpenSSH, medians.

import Foundation
import Logging
import RemessaSFTP
import RemessaTesting

struct Options {
    var sizeMiB = 256
    var runs = 3
    var cipher = "aes128-ctr"
    var mac = "hmac-sha2-256"
    var tuning = SFTPTransferTuning()
    var tools = ["remessa", "openssh"]
    var latencyMilliseconds = 0

    init(arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw BenchError("\(flag) needs a value") }
            switch flag {
            case "--size-mib": self.sizeMiB = try Self.integer(value, flag)
            case "--runs": self.runs = try Self.integer(value, flag)
            case "--cipher": self.cipher = value
            case "--mac": self.mac = value
            case "--read-buffer-kib": self.tuning.readBufferSize = try Self.integer(value, flag) << 10
            case "--read-buffers": self.tuning.readBufferCount = try Self.integer(value, flag)
            case "--write-window-kib": self.tuning.writeWindow = try Self.integer(value, flag) << 10
            case "--upload-block-kib": self.tuning.uploadBlockSize = try Self.integer(value, flag) << 10
            case "--sessions": self.tuning.parallelSessions = try Self.integer(value, flag)
            case "--stripe-mib":
                self.tuning.stripeSize = try Self.integer(value, flag) << 20
                self.tuning.parallelThreshold = max(self.tuning.parallelThreshold, self.tuning.stripeSize)
            case "--only": self.tools = [value]
            case "--latency-ms": self.latencyMilliseconds = try Self.integer(value, flag)
            default: throw BenchError("unknown option \(flag)")
            }
        }
    }

    private static func integer(_ value: String, _ flag: String) throws -> Int {
        guard let number = Int(value), number > 0 else { throw BenchError("\(flag) needs a positive number") }
        return number
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Runs a command, returning when it exits; throws on a non-zero status.
func run(_ executable: String, _ arguments: [String], stdin: String? = nil) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let input = Pipe()
    process.standardInput = stdin == nil ? FileHandle.nullDevice : input
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    if let stdin {
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
    }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchError("\(executable) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
    }
}

/// CPU seconds (user + system) used so far by this process or by its waited-for children.
func cpuSeconds(_ who: Int32) -> Double {
    var usage = rusage()
    getrusage(who, &usage)
    let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    return user + system
}

/// Wall-clock seconds taken by `body`, and the CPU seconds the client side used (this process for RemessaSFTP,
/// the `sftp` and `ssh` children for OpenSSH).
func time(_ body: () async throws -> Void) async rethrows -> (wall: Double, cpu: Double) {
    let start = ContinuousClock.now
    let cpuStart = cpuSeconds(RUSAGE_SELF.rawValue) + cpuSeconds(RUSAGE_CHILDREN.rawValue)
    try await body()
    let elapsed = start.duration(to: .now).components
    let cpu = cpuSeconds(RUSAGE_SELF.rawValue) + cpuSeconds(RUSAGE_CHILDREN.rawValue) - cpuStart
    return (Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18, cpu)
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func format(_ value: Double) -> String {
    String(format: "%7.1f", value)
}

let options: Options
do {
    options = try Options(arguments: CommandLine.arguments)
} catch {
    print("SFTPBench: \(error)")
    exit(64)
}

var logger = Logger(label: "remessa.sftpbench")
logger.logLevel = .warning
let size = options.sizeMiB << 20
let megabytes = Double(size) / 1e6

let sandbox = try await SSHDSandbox.start(SSHDSandboxConfiguration(users: ["rsftp-bench"]))
do {
    guard let user = sandbox.user("rsftp-bench") else { throw BenchError("no bench user") }
    let local = try TemporaryDirectory.create(prefix: "sftpbench")
    defer { try? FileManager.default.removeItem(atPath: local) }
    try TestFiles.writePseudoRandomFile(at: "\(user.dropDirectory)/source.bin", size: size, seed: 1)
    try TestFiles.writePseudoRandomFile(at: "\(local)/source.bin", size: size, seed: 2)

    let proxy = try options.latencyMilliseconds > 0 ? FaultProxy(targetPort: sandbox.port) : nil
    proxy?.setLatency(.milliseconds(options.latencyMilliseconds))
    defer { proxy?.stop() }
    let port = proxy?.port ?? sandbox.port
    let knownHosts = try proxy.map { try sandbox.knownHostsPath(forPort: $0.port) } ?? sandbox.knownHostsPath

    var configuration = sandbox.clientConfiguration(for: user)
    configuration.port = port
    configuration.hostKeyVerification = .knownHosts(path: knownHosts)
    configuration.algorithms = SFTPAlgorithms(ciphers: [options.cipher], macs: [options.mac])
    configuration.transfer = options.tuning
    configuration.operationTimeout = .seconds(30)
    let openSSHOptions = [
        "-q", "-b", "-", "-c", options.cipher, "-o", "MACs=\(options.mac)", "-o", "Compression=no",
        "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=\(knownHosts)",
        "-i", user.privateKeyPath, "-P", String(port), "\(user.name)@\(sandbox.host)",
    ]
    let flush = { try run("/bin/sync", []) }

    let link = options.latencyMilliseconds > 0 ? "loopback + \(options.latencyMilliseconds) ms each way" : "loopback"
    print("SFTP over \(link): \(options.sizeMiB) MiB, \(options.cipher) + \(options.mac), \(options.runs) runs")
    print(
        "RemessaSFTP: read buffer \(options.tuning.readBufferSize >> 10) KiB × \(options.tuning.readBufferCount), write window "
            + "\(options.tuning.writeWindow >> 10) KiB, upload blocks \(options.tuning.uploadBlockSize >> 10) KiB, "
            + "\(options.tuning.parallelSessions) sessions in \(options.tuning.stripeSize >> 20) MiB stripes; "
            + "libssh2 \(SFTPClient.libssh2Version)"
    )
    print("run  download MB/s (remessa  openssh)   upload MB/s (remessa  openssh)")
    var results: [String: [Double]] = [:]
    var clientCPU: [String: [Double]] = [:]
    for runIndex in 1...options.runs {
        let remessaFirst = runIndex % 2 == 1
        var figures: [String: Double] = [:]
        var cpu: [String: Double] = [:]
        let order = remessaFirst ? ["remessa", "openssh"] : ["openssh", "remessa"]
        for tool in order where options.tools.contains(tool) {
            try flush()
            let download = "\(local)/download-\(tool).bin"
            let downloadTime = try await time {
                if tool == "remessa" {
                    let result = try await SFTPClient.withClient(configuration: configuration, logger: logger) {
                        try await $0.download("source.bin", to: download)
                    }
                    guard result.transfer.byteCount == UInt64(size) else { throw BenchError("short download") }
                } else {
                    try run("/usr/bin/sftp", openSSHOptions, stdin: "get source.bin \(download)\n")
                }
            }
            figures["\(tool).download"] = downloadTime.wall
            cpu["\(tool).download"] = downloadTime.cpu
            try FileManager.default.removeItem(atPath: download)
            try flush()
            let remoteName = "upload-\(tool).bin"
            let uploadTime = try await time {
                if tool == "remessa" {
                    let upload = SFTPUploadOptions(fsync: false)
                    _ = try await SFTPClient.withClient(configuration: configuration, logger: logger) {
                        try await $0.upload(from: "\(local)/source.bin", to: remoteName, options: upload)
                    }
                } else {
                    try run("/usr/bin/sftp", openSSHOptions, stdin: "put \(local)/source.bin \(remoteName)\n")
                }
            }
            figures["\(tool).upload"] = uploadTime.wall
            cpu["\(tool).upload"] = uploadTime.cpu
            try FileManager.default.removeItem(atPath: "\(user.dropDirectory)/\(remoteName)")
        }
        for (key, seconds) in figures {
            results[key, default: []].append(megabytes / seconds)
            clientCPU[key, default: []].append(cpu[key, default: 0])
        }
        print(
            "\(runIndex)    \(format(megabytes / figures["remessa.download", default: .nan]))  "
                + "\(format(megabytes / figures["openssh.download", default: .nan]))          "
                + "\(format(megabytes / figures["remessa.upload", default: .nan]))  "
                + "\(format(megabytes / figures["openssh.upload", default: .nan]))"
        )
    }
    let downloadRatio =
        median(results["remessa.download", default: []]) / median(results["openssh.download", default: []])
    let uploadRatio = median(results["remessa.upload", default: []]) / median(results["openssh.upload", default: []])
    print(
        "median  \(format(median(results["remessa.download", default: []])))  "
            + "\(format(median(results["openssh.download", default: []])))          "
            + "\(format(median(results["remessa.upload", default: []])))  "
            + "\(format(median(results["openssh.upload", default: []])))"
    )
    print(String(format: "ratio RemessaSFTP/OpenSSH: download %.2fx, upload %.2fx", downloadRatio, uploadRatio))
    print(
        String(
            format: "client CPU seconds (median): download %.2f vs %.2f, upload %.2f vs %.2f",
            median(clientCPU["remessa.download", default: []]),
            median(clientCPU["openssh.download", default: []]),
            median(clientCPU["remessa.upload", default: []]),
            median(clientCPU["openssh.upload", default: []])
        )
    )
    await sandbox.stop()
} catch {
    await sandbox.stop()
    print("SFTPBench: \(error)")
    exit(1)
}
