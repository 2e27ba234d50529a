import ArgumentParser

/// How the gateway answers `POST /messages`: set from the command line, changed with `POST /control`.
struct GatewayBehaviour: Sendable, Codable, Equatable {
    /// The answer to every request, before `throttleEvery` and `errorRate` are applied.
    enum Mode: String, Sendable, Codable, ExpressibleByArgument, CaseIterable {
        /// Accept (200 with a `providerId`).
        case ok
        /// 429 with `Retry-After: 1`.
        case throttle
        /// 503.
        case error
        /// Accept after `delay`, or 5 s when `delay` is 0.
        case slow
        /// 400: a final refusal.
        case reject
    }

    var mode: Mode = .ok
    /// Answer 429 to every Nth request (0: never).
    var throttleEvery: Int = 0
    /// The share of requests answered 503, from 0 to 1.
    var errorRate: Double = 0
    /// How long every request waits before it is answered.
    var delay = DurationArgument(.zero)

    /// What `slow` waits when no `delay` is set.
    static let defaultSlowDelay = Duration.seconds(5)

    /// The wait before answering.
    var latency: Duration {
        mode == .slow && delay.duration == .zero ? Self.defaultSlowDelay : delay.duration
    }

    /// A change sent to `POST /control`: the keys present replace the current ones.
    struct Change: Sendable, Decodable {
        var mode: Mode?
        var throttleEvery: Int?
        var errorRate: Double?
        var delay: DurationArgument?
    }

    func applying(_ change: Change) -> GatewayBehaviour {
        var behaviour = self
        behaviour.mode = change.mode ?? mode
        behaviour.throttleEvery = max(0, change.throttleEvery ?? throttleEvery)
        behaviour.errorRate = min(1, max(0, change.errorRate ?? errorRate))
        behaviour.delay = change.delay ?? delay
        return behaviour
    }
}
