import Foundation
import RemessaTesting
import Synchronization
import Testing

/// The real `remessad` polling an SFTP drop through a ``FaultProxy`` that cuts, stalls or black-holes the wire at
/// chosen moments, or while sshd is killed and restarted. Each time: every file is processed once, each result
/// file is published once, no temporary file is left in outbox/, and the drop is back within a poll interval
/// plus the operation timeout (see ``WireFaultHarness``).
@Suite("SFTP drops over a failing wire", .serialized, .timeLimit(.minutes(5)))
struct WireFaultTests {
    @Test("A cut mid-listing")
    func cutMidListing() async throws {
        let failures = try await WireFaultHarness.run(
            user: "rwire-list",
            seed: { inbox in
                // 3,000 directories make a listing of several hundred KB around three files (directories are
                // skipped).
                for index in 0..<3_000 {
                    try FileManager.default.createDirectory(
                        atPath: inbox + String(format: "/pasta-com-um-nome-bem-comprido-%05d", index),
                        withIntermediateDirectories: false
                    )
                }
                return try WireFaultHarness.smallFiles(3, in: inbox)
            },
            fault: { harness in
                harness.proxy.cutAfter(bytes: 150_000, .toClient)
                return try await harness.waitForCuts(1)
            }
        )
        #expect(failures.contains { $0.contains("readdir") }, "\(failures)")
    }

    @Test("A cut mid-download")
    func cutMidDownload() async throws {
        let failures = try await WireFaultHarness.run(
            user: "rwire-get",
            seed: { inbox in
                try WireFaultHarness.bigFile(in: inbox, rows: 40_000) + WireFaultHarness.smallFiles(2, in: inbox)
            },
            fault: { harness in
                harness.proxy.cutAfter(bytes: 400_000, .toClient)
                return try await harness.waitForCuts(1)
            }
        )
        #expect(failures.contains { $0.contains("SFTP read failed") }, "\(failures)")
    }

    @Test("A cut mid-publish")
    func cutMidPublish() async throws {
        let failures = try await WireFaultHarness.run(
            user: "rwire-put",
            seed: { inbox in try WireFaultHarness.bigFile(in: inbox, rows: 40_000) },
            fault: { harness in
                harness.proxy.cutAfter(bytes: 300_000, .toServer)
                return try await harness.waitForCuts(1)
            }
        )
        #expect(failures.contains { $0.contains("SFTP write failed") }, "\(failures)")
    }

    @Test("Cuts after a rename was carried out and before its reply: claim, publish and archive")
    func cutBeforeRenameReplies() async throws {
        let fired = Mutex<Set<String>>([])
        var renamed: [String] = []
        let failures = try await WireFaultHarness.run(
            user: "rwire-mv",
            seed: { inbox in try WireFaultHarness.smallFiles(3, in: inbox) },
            fault: { harness in
                let drop = harness.user.dropDirectory
                let paths = [
                    "\(drop)/processing/pequeno-0.csv", "\(drop)/outbox/pequeno-1.csv.result.csv",
                    "\(drop)/archive/pequeno-2.csv",
                ]
                renamed = paths
                // Each path fires once: at the first reply after the rename that made it.
                harness.proxy.on(.toClient) {
                    for path in paths where WireFaultHarness.exists(path) {
                        if fired.withLock({ $0.insert(path).inserted }) { return true }
                    }
                    return false
                }
                return try await harness.waitForCuts(3)
            }
        )
        #expect(fired.withLock { $0 } == Set(renamed))
        #expect(failures.count >= 3, "\(failures)")
    }

    @Test("A stall longer than operationTimeout, and a black hole as long")
    func stallAndBlackHole() async throws {
        for fault in [FaultProxy.Mode.stall, .blackHole] {
            let failures = try await WireFaultHarness.run(
                user: "rwire-stall",
                seed: { inbox in try WireFaultHarness.smallFiles(2, in: inbox) },
                fault: { harness in
                    let claimed = "\(harness.user.dropDirectory)/processing/pequeno-0.csv"
                    let fired = Mutex(false)
                    let once: @Sendable () -> Bool = {
                        guard WireFaultHarness.exists(claimed) else { return false }
                        return fired.withLock { done in
                            defer { done = true }
                            return !done
                        }
                    }
                    harness.proxy.on(.toClient, when: once, do: fault)
                    while !fired.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
                    try await Task.sleep(for: WireFaultHarness.operationTimeout + .seconds(1))
                    harness.proxy.disarm()
                    harness.proxy.resume()
                    return .now
                }
            )
            #expect(!failures.isEmpty, "the \(fault) was felt")
        }
    }

    @Test("sshd killed mid-download and restarted")
    func sshdRestart() async throws {
        let failures = try await WireFaultHarness.run(
            user: "rwire-restart",
            seed: { inbox in try WireFaultHarness.bigFile(in: inbox, rows: 40_000) },
            fault: { harness in
                let claimed = "\(harness.user.dropDirectory)/processing/grande.csv"
                while !WireFaultHarness.exists(claimed) {
                    try await Task.sleep(for: .milliseconds(1))
                }
                harness.sandbox.kill()
                try await Task.sleep(for: .seconds(1))
                try await harness.sandbox.restart()
                return .now
            }
        )
        #expect(!failures.isEmpty, "the restart was felt")
    }
}
