/// One line of the closing table.
struct Figure {
    var name: String
    var measured: String
    var target: String
    var met: Bool?
    var baseline: String

    static func printTable(_ figures: [Figure]) {
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
