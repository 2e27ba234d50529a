import Glibc

/// A one-line progress bar on stderr, only when stderr is a terminal and the file is large enough to wait for.
struct ProgressBar {
    private let total: Int
    private let start = ContinuousClock.now
    private var lastDraw = ContinuousClock.now

    static let minimumSize = 8 << 20

    init?(total: Int) {
        guard total >= Self.minimumSize, isatty(2) == 1 else { return nil }
        self.total = total
    }

    mutating func update(done: Int) {
        let now = ContinuousClock.now
        guard now - lastDraw >= .milliseconds(100) else { return }
        lastDraw = now
        draw(done: done, now: now)
    }

    func finish() {
        draw(done: total, now: .now)
        printError("")
    }

    private func draw(done: Int, now: ContinuousClock.Instant) {
        let fraction = min(1, Double(done) / Double(max(total, 1)))
        let width = 30
        let filled = Int(fraction * Double(width))
        let seconds = Double((now - start).components.attoseconds) / 1e18 + Double((now - start).components.seconds)
        let rate = seconds > 0 ? Double(done) / seconds / 1_048_576 : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var line = "\r\(bar) \(Int(fraction * 100))%  \(done >> 20)/\(total >> 20) MiB  \(Int(rate)) MiB/s "
        line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    }
}
