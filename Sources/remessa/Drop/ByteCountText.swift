import Foundation

/// Sizes and speeds for a person: `812 B`, `1.4 KiB`, `12.3 MiB`; `41.7 MB/s`.
enum ByteCountText {
    private static let units = ["KiB", "MiB", "GiB", "TiB"]

    /// Exact below 1 KiB, then one decimal in powers of 1024.
    static func format(_ bytes: Int64) -> String {
        guard bytes >= 1024 else { return "\(bytes) B" }
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return String(format: "%.1f ", value) + units[unit]
    }

    /// Megabytes (10^6 bytes) per second, one decimal.
    static func rate(_ megabytesPerSecond: Double) -> String {
        String(format: "%.1f MB/s", megabytesPerSecond)
    }
}
