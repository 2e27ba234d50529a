/// Guesses a file's field delimiter among `;` `,` TAB `|` from its first lines.
///
/// Each candidate splits the first lines (up to `maxLines`, skipping blank ones) with its own quoting rules,
/// so a delimiter inside a quoted field does not count. The header line weighs most: a candidate that occurs
/// in it beats every candidate that does not, and among those, the one whose count on the other lines most
/// often equals the header's wins. When no candidate occurs in the header (a title line, say), the one whose
/// most common non-zero count covers the largest share of lines wins. Ties go to the first of `;` `,` TAB `|`
/// (`;` is what Excel writes in Brazil); a file with none of them is one column, read with `;`.
public enum DelimiterDetector {
    /// The delimiters considered, in tie-break order.
    public static let candidates: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), 0x09, UInt8(ascii: "|")]
    /// How many non-blank lines are looked at.
    public static let maxLines = 20

    /// The delimiter of the file whose first chunk is `sample`.
    ///
    /// A last line cut off by the end of the sample is ignored unless it is the only line.
    public static func detect(_ sample: some Collection<UInt8>) -> UInt8 {
        var bytes = Array(sample.prefix(1 << 16))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
        }
        let profiles = candidates.map { counts(of: $0, in: bytes) }

        // Header tier: the share of later lines that agree with the header, compared as fractions.
        var best: (index: Int, agreeing: Int, lines: Int)?
        for (index, counts) in profiles.enumerated() {
            guard let header = counts.first, header > 0 else { continue }
            let rest = counts.dropFirst()
            let agreeing = rest.count(where: { $0 == header })
            let candidate = (index: index, agreeing: agreeing, lines: rest.count)
            if let current = best, !isBetter(candidate, than: current) { continue }
            best = candidate
        }
        if let best {
            return candidates[best.index]
        }

        // No header tier: the share of all lines that share the most common non-zero count.
        var fallback: (index: Int, agreeing: Int, lines: Int)?
        for (index, counts) in profiles.enumerated() {
            let modeShare = mostCommonNonZeroCount(counts)
            guard modeShare > 0 else { continue }
            let candidate = (index: index, agreeing: modeShare, lines: counts.count)
            if let current = fallback, !isBetter(candidate, than: current) { continue }
            fallback = candidate
        }
        return fallback.map { candidates[$0.index] } ?? UInt8(ascii: ";")
    }

    /// Whether `candidate` agrees more than `current`; a later candidate never wins a tie.
    private static func isBetter(
        _ candidate: (index: Int, agreeing: Int, lines: Int),
        than current: (index: Int, agreeing: Int, lines: Int)
    ) -> Bool {
        // An empty rest (only a header) agrees fully.
        let candidateShare = candidate.lines == 0 ? (1, 1) : (candidate.agreeing, candidate.lines)
        let currentShare = current.lines == 0 ? (1, 1) : (current.agreeing, current.lines)
        return candidateShare.0 * currentShare.1 > currentShare.0 * candidateShare.1
    }

    private static func mostCommonNonZeroCount(_ counts: [Int]) -> Int {
        var frequency: [Int: Int] = [:]
        for count in counts where count > 0 {
            frequency[count, default: 0] += 1
        }
        return frequency.values.max() ?? 0
    }

    /// The number of `delimiter`s outside quotes on each of the first non-blank lines.
    static func counts(of delimiter: UInt8, in bytes: [UInt8]) -> [Int] {
        let quote = UInt8(ascii: "\"")
        enum State {
            case fieldStart
            case unquoted
            case quoted
            case quoteInQuoted
        }
        var state = State.fieldStart
        var counts: [Int] = []
        var current = 0
        var hasContent = false

        for byte in bytes {
            switch state {
            case .quoted:
                if byte == quote { state = .quoteInQuoted }
                hasContent = true
                continue
            case .quoteInQuoted:
                if byte == quote {
                    state = .quoted
                    continue
                }
                state = .unquoted
            case .fieldStart:
                if byte == quote {
                    state = .quoted
                    hasContent = true
                    continue
                }
                state = .unquoted
            case .unquoted:
                break
            }
            // Outside quotes.
            if byte == delimiter {
                current += 1
                state = .fieldStart
            } else if byte == 0x0A || byte == 0x0D {
                if hasContent {
                    counts.append(current)
                    if counts.count == maxLines { return counts }
                }
                current = 0
                hasContent = false
                state = .fieldStart
            } else {
                hasContent = true
            }
        }
        if counts.isEmpty && hasContent && state != .quoted {
            counts.append(current)
        }
        return counts
    }
}
