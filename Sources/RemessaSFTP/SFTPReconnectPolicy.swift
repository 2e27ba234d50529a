import Foundation

/// How an ``SFTPClient`` retries connecting: exponential backoff with jitter, remembered across calls.
///
/// An operation that finds no usable session connects, retrying failed attempts that may be transient
/// (refused, timed out, lost) up to ``maximumAttempts`` times. Every failed attempt, including permanent ones
/// such as a refused login, lengthens the wait before the next attempt, even in a later call, so a broken
/// server or credential is not hammered (and the client is not banned by the server's intrusion filters).
/// A successful connection resets the backoff.
public struct SFTPReconnectPolicy: Sendable, Hashable {
    /// The wait after the first failure.
    public var initialDelay: Duration
    /// The longest wait.
    public var maximumDelay: Duration
    /// The factor between successive waits.
    public var multiplier: Double
    /// Connection attempts within one operation before its error is thrown.
    public var maximumAttempts: Int

    public init(
        initialDelay: Duration = .milliseconds(250),
        maximumDelay: Duration = .seconds(30),
        multiplier: Double = 2,
        maximumAttempts: Int = 3
    ) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = multiplier
        self.maximumAttempts = max(1, maximumAttempts)
    }

    /// The wait before the next attempt after `failures` consecutive failures (0 → no wait), ±20 % jitter.
    func delay<Generator: RandomNumberGenerator>(
        afterFailures failures: Int,
        using generator: inout Generator
    ) -> Duration {
        guard failures > 0 else { return .zero }
        let exponent = Double(min(failures - 1, 62))
        let base = min(self.initialDelay.seconds * pow(self.multiplier, exponent), self.maximumDelay.seconds)
        let jittered = base * Double.random(in: 0.8...1.2, using: &generator)
        return .milliseconds(Int64(min(jittered, self.maximumDelay.seconds) * 1000))
    }
}
