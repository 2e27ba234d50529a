import Foundation
import RemessaTesting

/// Picks the next node to kill and the moment.
struct Killer {
    let rig: Rig
    let database: String
    let running: [String: Node]

    /// The node to kill, why then, and the file it had just claimed (mid-ingest).
    struct Choice {
        var node: Node
        var moment: String
        var claim: (drop: String, file: String, at: ContinuousClock.Instant)?
    }

    /// Mid-ingest: waits (at most `wait` seconds) for the next "File claimed" of any node, then a random 0–150 ms,
    /// and answers that node. Otherwise (or when no file is claimed in time): waits a random 2 s to `maxGap` and
    /// answers a random node among those holding a lease (a node holding none would hand nothing over).
    func choose(midIngest: Bool, maxGap: Double, wait: Double) async throws -> Choice {
        if midIngest {
            let since = ContinuousClock.now
            let deadline = since + .seconds(wait)
            while ContinuousClock.now < deadline {
                for node in running.values {
                    guard let claim = node.firstLine(after: since, { $0.contains("File claimed") }) else { continue }
                    try? await Task.sleep(for: .milliseconds(Int.random(in: 0...150)))
                    let file = Self.metadata("remessa.file.name", in: claim.text) ?? "?"
                    let drop = Self.metadata("remessa.drop", in: claim.text) ?? "?"
                    return Choice(node: node, moment: "mid-ingest", claim: (drop, file, claim.at))
                }
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        try? await Task.sleep(for: .milliseconds(Int.random(in: 2000...max(2000, Int(maxGap * 1000)))))
        let holders = Set(try rig.leaseHolders(in: database).values)
        let candidates = running.values.filter { holders.contains($0.name) }
        guard let victim = (candidates.isEmpty ? Array(running.values) : candidates).randomElement() else {
            throw BenchError("no node to kill")
        }
        return Choice(
            node: victim,
            moment: midIngest ? "mid-send (no file was claimed in time)" : "mid-send, at a random moment"
        )
    }

    /// How far the claimed file of `choice` had got when its node was killed at `killedAt`: the file row's stage
    /// (the dead node writes nothing more).
    func describe(_ choice: Choice, killedAt: ContinuousClock.Instant) -> String {
        guard let claim = choice.claim else { return choice.moment }
        let stage =
            (try? rig.rows(
                "SELECT stage FROM file WHERE drop_name = '\(claim.drop)' AND name = '\(claim.file)' ORDER BY id DESC",
                in: database
            ).first?.first) ?? "?"
        return String(
            format: "mid-ingest: killed %.3f s after it claimed %@/%@, its file row then at stage %@",
            claim.at.seconds(to: killedAt),
            claim.drop,
            claim.file,
            stage
        )
    }

    /// The value of `key=value` in a log line's metadata (StreamLogHandler prints `key=value` words).
    static func metadata(_ key: String, in line: String) -> String? {
        for word in line.split(separator: " ") where word.hasPrefix(key + "=") {
            return String(word.dropFirst(key.count + 1))
        }
        return nil
    }
}

/// One kill: what the node held, who took each lease over and when, and what it cost in resubmissions.
struct KillRecord {
    var index: Int
    var victim: String
    var moment: String
    var killedAt: ContinuousClock.Instant
    var held: [String]
    var statsBefore: TestGatewayStats?
    /// Seconds from the scenario's start (as in the node logs).
    var offset: Double
    var takeovers: [Takeover] = []
    /// The gateway's duplicates counter from this kill to the next (or the end of the run).
    var duplicates: Int?

    func print() {
        Swift.print(
            String(
                format: "   kill %d at %.1f s: %@ (%@), held %@",
                index,
                offset,
                victim,
                moment,
                held.isEmpty ? "nothing" : held.joined(separator: ", ")
            )
        )
        for takeover in takeovers { Swift.print("      " + takeover.text) }
    }
}

/// How one lease of a killed node was taken over.
struct Takeover {
    var lease: String
    var by: String?
    /// From the kill to the "Lease acquired" line, seconds.
    var acquired: Double?
    /// From the kill to the first progress under the new holder, seconds, and what it was.
    var progress: Double?
    var progressWhat: String

    var text: String {
        guard let by, let acquired else { return "\(lease): not taken over within 60 s" }
        let progressText =
            progress.map { String(format: ", first progress %.2f s (%@)", $0, progressWhat) } ?? ", \(progressWhat)"
        return String(format: "%@ → %@: acquired %.2f s after the kill", lease, by, acquired) + progressText
    }

    /// Waits for each of `leases` to be acquired by any process started since (or before) the kill, then for the
    /// first progress on it: for the route, the gateway's counter of accepted messages rising after the acquire;
    /// for a drop, the new holder's first log line about that drop other than the lease's own and other than an
    /// error or a warning (a failed poll is no progress).
    static func measure(
        leases: [String],
        after killedAt: ContinuousClock.Instant,
        processes: [Node],
        sampler: StatsSampler
    ) async -> [Takeover] {
        var takeovers: [Takeover] = []
        for lease in leases {
            var takeover = Takeover(lease: lease, progressWhat: "no progress within 30 s of the acquire")
            let deadline = killedAt + .seconds(60)
            var acquisition: (Node, StampedLine)?
            while acquisition == nil, ContinuousClock.now < deadline {
                var earliest: (Node, StampedLine)?
                for node in processes {
                    let line = node.firstLine(after: killedAt) {
                        $0.contains("Lease acquired") && Killer.metadata("remessa.lease", in: $0) == lease
                    }
                    if let line, earliest.map({ line.at < $0.1.at }) ?? true { earliest = (node, line) }
                }
                acquisition = earliest
                if acquisition == nil { try? await Task.sleep(for: .milliseconds(20)) }
            }
            guard let acquisition else {
                takeovers.append(takeover)
                continue
            }
            let (holder, line) = acquisition
            takeover.by = holder.name
            takeover.acquired = killedAt.seconds(to: line.at)
            let progressDeadline = line.at + .seconds(30)
            while ContinuousClock.now < progressDeadline {
                if lease.hasPrefix("route:") {
                    let base = sampler.sample(atOrBefore: line.at)?.stats.messages ?? 0
                    if let rise = sampler.first(after: line.at, { $0.messages > base }) {
                        takeover.progress = killedAt.seconds(to: rise.at)
                        takeover.progressWhat = "the gateway accepted \(rise.stats.messages - base) more"
                        break
                    }
                } else {
                    let drop = String(lease.dropFirst("drop:".count))
                    if let next = holder.firstLine(
                        after: line.at,
                        {
                            Killer.metadata("remessa.drop", in: $0) == drop
                                && Killer.metadata("remessa.lease", in: $0) == nil
                                && !$0.contains(" error ") && !$0.contains(" warning ")
                        }
                    ) {
                        takeover.progress = killedAt.seconds(to: next.at)
                        takeover.progressWhat = Self.message(of: next.text)
                        break
                    }
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
            takeovers.append(takeover)
        }
        return takeovers
    }

    /// The message of a StreamLogHandler line: what follows `[Module] `.
    static func message(of line: String) -> String {
        guard let bracket = line.range(of: "] ") else { return line }
        return String(line[bracket.upperBound...])
    }
}
