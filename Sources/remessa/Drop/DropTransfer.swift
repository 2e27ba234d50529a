import Foundation
import RemessaCore

/// How much a `get` or `put` moved and how fast, timed around the transfer alone (the connection is already up).
struct DropTransfer {
    var bytes: Int64
    var duration: Duration

    var seconds: Double { duration.inSeconds }

    /// 10^6 bytes per second; 0 for an instant transfer.
    var megabytesPerSecond: Double {
        seconds > 0 ? Double(bytes) / seconds / 1_000_000 : 0
    }

    /// `1048576 bytes (1.0 MiB) in 0.03 s, 34.9 MB/s`.
    var summary: String {
        "\(bytes) bytes (\(ByteCountText.format(bytes))) in \(String(format: "%.2f", seconds)) s, "
            + ByteCountText.rate(megabytesPerSecond)
    }
}
