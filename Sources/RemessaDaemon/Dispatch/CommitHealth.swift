import RemessaHTTP
import Synchronization

/// How many outcomes each route holds because the store did not take them: `/readyz` fails while any are held.
final class CommitHealth: Sendable {
    private let uncommitted = Mutex<[String: Int]>([:])

    func set(route: String, uncommitted count: Int) {
        uncommitted.withLock { $0[route] = count }
    }

    /// One check per route, `route.<name>`: failing while the route's outcomes wait for a commit.
    func readinessChecks(routes: [String]) -> [ReadinessCheck] {
        routes.map { route in
            ReadinessCheck("route.\(route)") { [self] in
                let held = uncommitted.withLock { $0[route] ?? 0 }
                guard held > 0 else { return .ok }
                return .failing("the store does not take this route's outcomes (\(held) held): sending paused")
            }
        }
    }
}
