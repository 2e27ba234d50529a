import ArgumentParser

/// A duration written as the configuration writes them: `0`, `250ms`, `2s`, `1m`.
struct DurationArgument: ExpressibleByArgument, Sendable, Equatable, Codable {
    var duration: Duration

    init(_ duration: Duration) {
        self.duration = duration
    }

    init?(argument: String) {
        guard let duration = Self.parse(argument) else {
            return nil
        }
        self.duration = duration
    }

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let duration = Self.parse(text) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "not a duration: \(text)")
            )
        }
        self.duration = duration
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.text)
    }

    /// The duration in milliseconds, as `…ms`.
    var text: String {
        let (seconds, attoseconds) = duration.components
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000)ms"
    }

    private static func parse(_ text: String) -> Duration? {
        let units: [(suffix: String, milliseconds: Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000)]
        if text == "0" {
            return .zero
        }
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let count = Int64(text.dropLast(unit.suffix.count)), count >= 0 else {
                return nil
            }
            return .milliseconds(count * unit.milliseconds)
        }
        return nil
    }
}
