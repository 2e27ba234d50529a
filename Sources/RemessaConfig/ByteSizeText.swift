/// Sizes as the configuration writes them: a number of bytes, or `512KB`, `50MB`, `1GB` (powers of 1000) and
/// `512KiB`, `50MiB`, `1GiB` (powers of 1024).
enum ByteSizeText {
    static let units: [(suffix: String, bytes: Int)] = [
        ("B", 1), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
        ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40),
    ]

    /// The number of bytes, or `nil` when the text is not a size.
    static func parse(_ text: String) -> Int? {
        let text = text.trimmingSpaces()
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits.count <= 15, let number = Int(digits) else {
            return nil
        }
        let suffix = String(text.dropFirst(digits.count)).trimmingSpaces()
        if suffix.isEmpty {
            return number
        }
        guard let unit = units.first(where: { $0.suffix.lowercased() == suffix.lowercased() }) else {
            return nil
        }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: unit.bytes)
        return overflow ? nil : bytes
    }
}
