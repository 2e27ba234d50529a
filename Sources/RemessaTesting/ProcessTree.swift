import Foundation

/// A process and its descendants, read from /proc: what a sandbox kills, pauses or checks is gone.
enum ProcessTree {
    /// `root` and every process below it.
    static func pids(under root: Int32) -> [Int32] {
        var children: [Int32: [Int32]] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), let parent = parent(of: pid) else { continue }
            children[parent, default: []].append(pid)
        }
        var result: [Int32] = []
        var pending = [root]
        while let pid = pending.popLast() {
            result.append(pid)
            pending += children[pid] ?? []
        }
        return result
    }

    /// The parent of `pid`, from `/proc/<pid>/stat` ("pid (comm) state ppid …"; comm may hold spaces and
    /// parentheses, so the fields are read after the last ")").
    static func parent(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }
}

/// A throwaway server for tests that stops cleanly (its processes reaped, its state removed).
public protocol StoppableSandbox: Sendable {
    func stop() async
}

extension StoppableSandbox {
    /// Runs `body` with this started sandbox and stops it afterwards, whether `body` returns or throws.
    func use<Result>(_ body: (Self) async throws -> Result) async throws -> Result {
        do {
            let result = try await body(self)
            await stop()
            return result
        } catch {
            await stop()
            throw error
        }
    }
}
