import RemessaCore

/// The final outcome the simulator gives one message, drawn from the route's seed and the message id.
enum SimulatorOutcome: Sendable, Equatable, CaseIterable {
    case delivered, notDelivered, expired, carrierRejected, invalidNumber

    /// The outcome of message `id` under `settings`: the same seed and id always give the same outcome, and over
    /// many ids the outcomes follow the normalised shares. Shares that are all zero (or negative) mean "all
    /// delivered".
    static func draw(for id: Int64, settings: SimulatorSettings) -> SimulatorOutcome {
        let shares = Self.allCases.map { max(0, settings.share(of: $0)) }
        let total = shares.reduce(0, +)
        guard total > 0, total.isFinite else { return .delivered }
        let point = Self.unitValue(seed: settings.seed, id: id) * total
        var cumulative = 0.0
        for (outcome, share) in zip(Self.allCases, shares) {
            cumulative += share
            if point < cumulative {
                return outcome
            }
        }
        // Rounding can leave `point` a hair above the last sum: the last outcome with a share takes it.
        return Array(zip(Self.allCases, shares)).last { $0.1 > 0 }?.0 ?? .delivered
    }

    /// The status its delivery report carries (`INVALID_NUMBER` never gets one: it is refused at submit).
    var status: MessageStatus {
        switch self {
        case .delivered: .delivered
        case .notDelivered: .notDelivered
        case .expired: .expired
        case .carrierRejected: .carrierRejected
        case .invalidNumber: .invalidNumber
        }
    }

    /// The reason code in the style of an SMPP receipt's `stat`.
    var reasonCode: String {
        switch self {
        case .delivered: "SIM_DELIVRD"
        case .notDelivered: "SIM_UNDELIV"
        case .expired: "SIM_EXPIRED"
        case .carrierRejected: "SIM_REJECTD"
        case .invalidNumber: "SIM_INVALID_NUMBER"
        }
    }

    /// A uniform value in `[0, 1)` from SplitMix64's mixer over the seed and the id: no generator state, so
    /// concurrent submits need no lock and the draw does not depend on the order messages arrive in.
    static func unitValue(seed: UInt64, id: Int64) -> Double {
        let stream = Self.mix(seed) &+ (UInt64(bitPattern: id) &+ 1) &* 0x9E37_79B9_7F4A_7C15
        return Double(Self.mix(stream) >> 11) * 0x1p-53
    }

    /// SplitMix64's finaliser.
    private static func mix(_ value: UInt64) -> UInt64 {
        var mixed = value
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

extension SimulatorSettings {
    fileprivate func share(of outcome: SimulatorOutcome) -> Double {
        switch outcome {
        case .delivered: self.delivered
        case .notDelivered: self.notDelivered
        case .expired: self.expired
        case .carrierRejected: self.carrierRejected
        case .invalidNumber: self.invalidNumber
        }
    }
}
