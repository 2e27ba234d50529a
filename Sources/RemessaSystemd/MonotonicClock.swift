#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads `CLOCK_MONOTONIC`, the clock systemd's `MONOTONIC_USEC=` is measured on.
///
/// Not `ContinuousClock` or `SuspendingClock`: on Linux they read `CLOCK_BOOTTIME` and `CLOCK_MONOTONIC`
/// respectively, an implementation detail we should not lean on.
enum MonotonicClock {
    static func microseconds() -> UInt64 {
        var now = timespec()
        // clock_gettime(CLOCK_MONOTONIC) cannot fail with a valid pointer and a clock every kernel has.
        _ = clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
