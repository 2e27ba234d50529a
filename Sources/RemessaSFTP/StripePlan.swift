/// How a large file is cut into stripes that several sessions transfer at once.
///
/// Stripes are ``stripeSize`` bytes at consecutive offsets. The last one has no fixed end: whoever transfers it
/// goes on to the end of the file, so a file that grows meanwhile is still read whole (and its size at close
/// tells the caller it changed).
struct StripePlan: Equatable, Sendable {
    /// The file size the plan was made for.
    let fileSize: UInt64
    /// The length of every stripe but the last.
    let stripeSize: UInt64

    init(fileSize: UInt64, stripeSize: UInt64) {
        precondition(stripeSize > 0, "a stripe holds at least one byte")
        self.fileSize = fileSize
        self.stripeSize = stripeSize
    }

    /// How many stripes there are; at least one, even for an empty file.
    var count: Int {
        Int(max(1, (self.fileSize + self.stripeSize - 1) / self.stripeSize))
    }

    /// Where stripe `index` starts.
    func start(of index: Int) -> UInt64 {
        UInt64(index) * self.stripeSize
    }

    /// Where stripe `index` ends (exclusive); `nil` for the last, which runs to the end of the file.
    func end(of index: Int) -> UInt64? {
        index == self.count - 1 ? nil : self.start(of: index + 1)
    }
}
