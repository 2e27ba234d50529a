import BenchSupport
import Foundation
import Glibc
import RemessaTesting

/// Target 5: what an idle daemon costs. remessad runs (not `--until-idle`) with empty local drops polled at the
/// default 5 s and a simulator route with nothing queued; its CPU time is read from `/proc/<pid>/stat` before and
/// after a quiet spell. The baseline is a process that wakes every 50 ms to look for work, as the dispatcher did
/// before it woke on events, measured the same way over the same spell.
struct IdleScenario {
    let context: BenchContext
    let drops: Int
    let seconds: Int

    struct Result {
        var daemonPercent: Double
        var pollerPercent: Double
    }

    func run() throws -> Result {
        let root = try context.directory("idle")
        let configuration = DaemonConfiguration(
            root: root,
            listenPort: try FreePort.find(),
            routes: [
                (
                    "sim",
                    """
                        provider: simulator
                        rate: 1000
                        simulator: {delivered: 1, submitLatency: 2ms, dlrDelay: 100ms, seed: 1}

                    """
                )
            ],
            drops: (1...drops).map {
                DaemonConfiguration.Drop(
                    name: "idle\($0)",
                    route: "sim",
                    rows: 0,
                    pollInterval: "5s",
                    dlrInterval: "60s"
                )
            }
        )
        try configuration.write()
        let daemon = try context.startDaemon(configuration, untilIdle: false)
        defer { daemon.terminate() }
        let poller = try Spawned(
            ["python3", "-c", "import time\nwhile True: time.sleep(0.05)"],
            logPath: root + "/poller.log"
        )
        defer { poller.terminate() }
        // Past start-up (folders made, first polls, the store opened) before measuring.
        sleep(5)
        if let status = daemon.wait(timeout: 0) {
            throw BenchFailure("remessad exited with \(status):\n\(daemon.tail())")
        }
        let daemonBefore = try cpuTicks(daemon.pid)
        let pollerBefore = try cpuTicks(poller.pid)
        sleep(UInt32(seconds))
        let daemonTicks = try cpuTicks(daemon.pid) - daemonBefore
        let pollerTicks = try cpuTicks(poller.pid) - pollerBefore
        let perSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        return Result(
            daemonPercent: Double(daemonTicks) / perSecond / Double(seconds) * 100,
            pollerPercent: Double(pollerTicks) / perSecond / Double(seconds) * 100
        )
    }

    /// User plus system clock ticks of `pid` so far (fields 14 and 15 of `/proc/<pid>/stat`).
    private func cpuTicks(_ pid: pid_t) throws -> Int {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its end.
        guard let close = stat.lastIndex(of: ")") else { throw BenchFailure("/proc/\(pid)/stat: \(stat)") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // Field 3 (state) is the first after the parenthesis, so fields 14 and 15 are at offsets 11 and 12.
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else {
            throw BenchFailure("/proc/\(pid)/stat: \(stat)")
        }
        return user + system
    }
}
