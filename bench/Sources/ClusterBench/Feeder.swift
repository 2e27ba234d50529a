import Foundation
import Synchronization

/// Drops contact files into the drops over time, on a thread of its own: every `every / drops` seconds the next
/// drop in turn gets a file of `rows` rows, numbered on from the previous file's, until ``stop()``.
final class Feeder: Sendable {
    struct Input: Sendable, Hashable {
        var drop: String
        var name: String
        var rows: Int
    }

    private let inputs = Mutex<[Input]>([])
    private let running = Mutex(true)
    private let finished = Mutex(false)
    private let failure = Mutex<String?>(nil)

    init(configuration: ClusterConfiguration, rows: Int, every: Double) {
        let drops = configuration.drops.map(\.name)
        let step = every / Double(max(1, drops.count))
        Thread { [self] in
            var tick = 0
            let start = ContinuousClock.now
            while self.running.withLock({ $0 }) {
                let drop = drops[tick % drops.count]
                let name = "contatos-\(drop)-\(String(format: "%03d", tick / drops.count + 1)).csv"
                do {
                    try configuration.drop(rows: rows, first: tick * rows, name: name, into: drop)
                    self.inputs.withLock { $0.append(Input(drop: drop, name: name, rows: rows)) }
                } catch {
                    self.failure.withLock { $0 = "\(error)" }
                }
                tick += 1
                let next = start + .seconds(step * Double(tick))
                while self.running.withLock({ $0 }), ContinuousClock.now < next { usleep(50_000) }
            }
            self.finished.withLock { $0 = true }
        }.start()
    }

    /// Stops dropping files and waits for the thread; answers every file dropped, and the first failure.
    func stop() -> (inputs: [Input], failure: String?) {
        running.withLock { $0 = false }
        while !finished.withLock({ $0 }) { usleep(10_000) }
        return (inputs.withLock { $0 }, failure.withLock { $0 })
    }

    var dropped: Int { inputs.withLock { $0.count } }
}
