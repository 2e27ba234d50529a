/// A file seen in a drop's inbox.
public struct InboxFile: Sendable, Hashable {
    public var name: String
    public var size: Int64
    /// Seconds since 1970, as the server reports it.
    public var modification: Int64

    public init(name: String, size: Int64, modification: Int64) {
        self.name = name
        self.size = size
        self.modification = modification
    }
}

/// Which inbox names are client uploads to process (contract section 1): matching an `include` glob
/// (case-insensitive), not hidden, not a temporary upload name, not a readiness marker; and cancel markers
/// (`<input>.cancel`) whatever the globs.
public struct InboxEligibility: Sendable {
    public static let temporarySuffixes = [".tmp", ".part", ".partial", ".filepart"]
    public static let markerSuffix = ".ok"
    /// A client's request to cancel the batch of the input it names (`clientes.csv.cancel`, contract §10).
    public static let cancelSuffix = ".cancel"

    /// The input a cancel marker names (`clientes.csv` for `clientes.csv.cancel`), nil for any other name. Such a
    /// marker is never read as a base: it only names the batch to cancel.
    public static func cancelledInput(_ name: String) -> String? {
        guard name.lowercased().hasSuffix(cancelSuffix), name.utf8.count > cancelSuffix.utf8.count else { return nil }
        let input = String(name.dropLast(cancelSuffix.count))
        return input.hasPrefix(".") ? nil : input
    }

    private let globs: [[UInt8]]

    public init(include: [String]) {
        self.globs = include.map { Array($0.lowercased().utf8) }
    }

    public func isEligible(_ name: String) -> Bool {
        let lower = name.lowercased()
        guard !lower.hasPrefix("."), !lower.hasSuffix(Self.markerSuffix) else { return false }
        guard !Self.temporarySuffixes.contains(where: { lower.hasSuffix($0) }) else { return false }
        if Self.cancelledInput(name) != nil { return true }
        let bytes = Array(lower.utf8)
        return globs.contains { Glob.matches(pattern: $0[...], name: bytes[...]) }
    }
}

/// `*`, `?` and `[abc]` globs over bytes.
enum Glob {
    static func matches(pattern: ArraySlice<UInt8>, name: ArraySlice<UInt8>) -> Bool {
        var pattern = pattern
        var name = name
        while let first = pattern.first {
            switch first {
            case UInt8(ascii: "*"):
                pattern = pattern.dropFirst()
                if pattern.isEmpty { return true }
                var rest = name
                while true {
                    if matches(pattern: pattern, name: rest) { return true }
                    guard !rest.isEmpty else { return false }
                    rest = rest.dropFirst()
                }
            case UInt8(ascii: "?"):
                guard !name.isEmpty else { return false }
                pattern = pattern.dropFirst()
                name = name.dropFirst()
            case UInt8(ascii: "["):
                guard let close = pattern.firstIndex(of: UInt8(ascii: "]")), let byte = name.first else {
                    return false
                }
                let set = pattern[(pattern.startIndex + 1)..<close]
                guard set.contains(byte) else { return false }
                pattern = pattern[(close + 1)...]
                name = name.dropFirst()
            default:
                guard name.first == first else { return false }
                pattern = pattern.dropFirst()
                name = name.dropFirst()
            }
        }
        return name.isEmpty
    }
}
