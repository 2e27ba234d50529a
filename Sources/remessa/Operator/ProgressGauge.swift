/// How far `done` of `total` is, as a bar of Unicode blocks an eighth of a cell at a time (`██████▍░░░ 42%`),
/// computed in integers so 3 of 10 is exactly 30%.
struct ProgressGauge {
    let done: Int
    let total: Int

    static let width = 20
    private static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// `done` clamped to 0…total; a total of 0 is complete.
    init(done: Int, total: Int) {
        self.total = max(0, total)
        self.done = total > 0 ? min(max(0, done), total) : 0
    }

    /// Parts per `scale`, rounded down, so 99.9% is never shown as 100%.
    func scaled(_ scale: Int) -> Int {
        total > 0 ? done * scale / total : scale
    }

    /// 0…1 with four decimals, for JSON.
    var fraction: Double { Double(scaled(10_000)) / 10_000 }

    /// `42%`.
    var percent: String { "\(scaled(100))%" }

    /// The bar alone, `width` cells wide.
    func bar(width: Int = width) -> String {
        let filled = scaled(width * 8)
        var bar = String(repeating: "█", count: filled / 8)
        var cells = filled / 8
        if filled % 8 > 0 {
            bar.append(Self.eighths[filled % 8 - 1])
            cells += 1
        }
        return bar + String(repeating: "░", count: width - cells)
    }

    /// The bar and the percentage.
    var text: String { bar() + " " + percent }
}
