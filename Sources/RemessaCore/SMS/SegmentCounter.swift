/// Counts the parts of a concatenated message by greedy packing, so no character is split across parts.
///
/// Division would be wrong: a GSM-7 extension character (escape + code) or a UTF-16 surrogate pair that
/// would straddle a boundary moves whole to the next part, leaving the previous part one unit short.
struct SegmentCounter {
    let capacity: Int
    private(set) var segments = 1
    private var fill = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds one character costing `units` (1 or 2).
    @inline(__always)
    mutating func add(_ units: Int) {
        if fill &+ units > capacity {
            segments &+= 1
            fill = units
        } else {
            fill &+= units
        }
    }

    /// Adds `count` characters of one unit each, which pack without gaps.
    @inline(__always)
    mutating func addSingles(_ count: Int) {
        fill &+= count
        while fill > capacity {
            segments &+= 1
            fill &-= capacity
        }
    }
}
