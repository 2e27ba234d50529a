/// SplitMix64: a small, fast, seeded random number generator.
///
/// The same seed gives the same sequence on every platform, so the simulator's outcomes, retry jitter and
/// property tests can be replayed. Not for anything secret.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = self.state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

extension RandomNumberGenerator {
    /// A uniform value in `[0, 1)` from the top 53 bits of the next number (every value a `Double` can hold
    /// exactly).
    public mutating func unitDouble() -> Double {
        Double(self.next() >> 11) * 0x1p-53
    }
}
