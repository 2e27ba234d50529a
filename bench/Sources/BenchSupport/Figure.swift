/// One line of a benchmark's closing table: what was measured, its target, whether it was met, and the baseline
/// from the same run.
public struct Figure: Sendable {
    public var name: String
    public var measured: String
    public var target: String
    public var met: Bool?
    public var baseline: String

    public init(name: String, measured: String, target: String, met: Bool? = nil, baseline: String) {
        self.name = name
        self.measured = measured
        self.target = target
        self.met = met
        self.baseline = baseline
    }

    /// Prints `figures` as a table under a header, columns padded to their widest cell.
    public static func printTable(_ figures: [Figure]) {
        let header = Figure(name: "figure", measured: "measured", target: "target", baseline: "baseline (same run)")
        let rows = [header] + figures
        let widths = [
            rows.map(\.name.count).max() ?? 0,
            rows.map(\.measured.count).max() ?? 0,
            rows.map(\.target.count).max() ?? 0,
        ]
        func padded(_ text: String, _ width: Int) -> String {
            text + String(repeating: " ", count: max(0, width - text.count))
        }
        print("")
        for (index, row) in rows.enumerated() {
            print(
                padded(row.name, widths[0]) + "  " + padded(row.measured, widths[1]) + "  "
                    + padded(row.target, widths[2]) + "  " + padded(index == 0 ? "met" : row.metText, 4) + "  "
                    + row.baseline
            )
            if index == 0 {
                print(String(repeating: "-", count: widths.reduce(12, +) + header.baseline.count))
            }
        }
    }

    private var metText: String {
        switch met {
        case true?: "yes"
        case false?: "NO"
        case nil: "-"
        }
    }
}
