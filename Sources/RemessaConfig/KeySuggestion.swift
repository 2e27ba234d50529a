/// Finds the known key an unknown one was probably meant to be (`stablefor`, `stable_for`, `stabelFor`).
enum KeySuggestion {
    static func closest(to key: String, among known: [String]) -> String? {
        let folded = fold(key)
        if let exact = known.first(where: { fold($0) == folded }) {
            return exact
        }
        let limit = folded.count <= 4 ? 1 : 2
        var best: (key: String, distance: Int)?
        for candidate in known {
            let distance = editDistance(Array(folded), Array(fold(candidate)))
            if distance <= limit, distance < best?.distance ?? Int.max {
                best = (candidate, distance)
            }
        }
        return best?.key
    }

    /// Lower case without `_`, `-` and spaces, so `stable_for` meets `stableFor`.
    private static func fold(_ text: String) -> String {
        String(text.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }

    /// Levenshtein distance, with a swap of two neighbours counting as one edit.
    private static func editDistance(_ lhs: [Character], _ rhs: [Character]) -> Int {
        if lhs.isEmpty || rhs.isEmpty {
            return max(lhs.count, rhs.count)
        }
        var table = [[Int]](repeating: [Int](repeating: 0, count: rhs.count + 1), count: lhs.count + 1)
        for row in 0...lhs.count {
            table[row][0] = row
        }
        for column in 0...rhs.count {
            table[0][column] = column
        }
        for row in 1...lhs.count {
            for column in 1...rhs.count {
                let cost = lhs[row - 1] == rhs[column - 1] ? 0 : 1
                var value = min(
                    table[row - 1][column] + 1,
                    table[row][column - 1] + 1,
                    table[row - 1][column - 1] + cost
                )
                if row > 1, column > 1, lhs[row - 1] == rhs[column - 2], lhs[row - 2] == rhs[column - 1] {
                    value = min(value, table[row - 2][column - 2] + 1)
                }
                table[row][column] = value
            }
        }
        return table[lhs.count][rhs.count]
    }
}
