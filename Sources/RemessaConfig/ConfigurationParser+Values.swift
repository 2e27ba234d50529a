import Foundation
import Yams

/// Readers for single values. Each returns `nil` for an absent key (nothing to report) or for a bad value
/// (reported, naming its path), so callers keep the default and go on.
extension ConfigurationParser {
    /// A mapping with string keys (`null` counts as an empty mapping).
    mutating func mapping(_ node: ConfigNode) -> ConfigMapping? {
        if node.isNull {
            return ConfigMapping(path: node.path, line: node.line, entries: [])
        }
        guard case .mapping(let yamlMapping) = node.node else {
            report(.expected("a mapping of keys to values", found: node.found, at: node.path, line: node.line))
            return nil
        }
        var entries: [(key: String, node: ConfigNode)] = []
        var merged: [(key: String, node: ConfigNode)] = []
        for (keyNode, value) in yamlMapping {
            guard case .scalar(let key) = keyNode else {
                report(
                    .invalid(at: node.path, "keys must be plain words, not lists or mappings", line: keyNode.mark?.line)
                )
                continue
            }
            if key.string == "<<" && key.style == .plain {
                // YAML merge keys (`<<: *defaults`) share settings between drops; explicit keys win.
                merged += mergeEntries(ConfigNode(node: value, path: node.path))
                continue
            }
            entries.append((key.string, ConfigNode(node: value, path: node.path(key.string), keyLine: key.mark?.line)))
        }
        for entry in merged where !entries.contains(where: { $0.key == entry.key }) {
            entries.append(entry)
        }
        return ConfigMapping(path: node.path, line: node.line, entries: entries)
    }

    private mutating func mergeEntries(_ node: ConfigNode) -> [(key: String, node: ConfigNode)] {
        let sources: [Node]
        if case .sequence(let sequence) = node.node {
            sources = Array(sequence)
        } else {
            sources = [node.node]
        }
        var entries: [(key: String, node: ConfigNode)] = []
        for source in sources {
            guard let map = mapping(ConfigNode(node: source, path: node.path)) else {
                continue
            }
            for entry in map.entries where !entries.contains(where: { $0.key == entry.key }) {
                entries.append(entry)
            }
        }
        return entries
    }

    /// Reports every key of `map` not in `known`, with a hint when a known key is close.
    mutating func checkKeys(_ map: ConfigMapping, known: [String], hints: [String: String] = [:]) {
        for (key, node) in map.entries where !known.contains(key) {
            let hint = hints[key] ?? KeySuggestion.closest(to: key, among: known).map { "did you mean `\($0)`?" }
            report(.unknownKey(at: map.path(key), hint: hint, line: node.line))
        }
    }

    /// Any scalar as text (`user: 1234` is the string "1234").
    mutating func string(_ node: ConfigNode?) -> String? {
        guard let node else {
            return nil
        }
        guard case .scalar(let scalar) = node.node, !node.isNull else {
            report(.expected("a string", found: node.found, at: node.path, line: node.line))
            return nil
        }
        return scalar.string
    }

    /// A string that is not empty or blank.
    mutating func nonEmptyString(_ node: ConfigNode?) -> String? {
        guard let node, let text = string(node) else {
            return nil
        }
        guard !text.trimmingSpaces().isEmpty else {
            report(.invalid(at: node.path, "must not be empty", line: node.line))
            return nil
        }
        return text
    }

    /// An integer within `range`.
    mutating func integer(_ node: ConfigNode?, in range: ClosedRange<Int>) -> Int? {
        guard let node else {
            return nil
        }
        guard case .scalar(let scalar) = node.node, !node.isNull, let value = Int(scalar.string.trimmingSpaces())
        else {
            report(.expected("an integer", found: node.found, at: node.path, line: node.line))
            return nil
        }
        guard range.contains(value) else {
            report(.outOfRange(at: node.path, Self.rangeSentence(value, range), line: node.line))
            return nil
        }
        return value
    }

    /// A number greater than zero, and at most `limit`.
    mutating func positiveNumber(_ node: ConfigNode?, atMost limit: Double = .infinity) -> Double? {
        guard let node, let number = finiteNumber(node) else {
            return nil
        }
        let (value, text) = number
        guard value > 0 else {
            report(.outOfRange(at: node.path, "must be greater than 0, found \(text)", line: node.line))
            return nil
        }
        guard value <= limit else {
            report(
                .outOfRange(
                    at: node.path,
                    "must be at most \(Self.plain(limit)), found \(text)",
                    line: node.line
                )
            )
            return nil
        }
        return value
    }

    /// A number that is zero or more.
    mutating func nonNegativeNumber(_ node: ConfigNode?) -> Double? {
        guard let node, let number = finiteNumber(node) else {
            return nil
        }
        let (value, text) = number
        guard value >= 0 else {
            report(.outOfRange(at: node.path, "must be 0 or more, found \(text)", line: node.line))
            return nil
        }
        return value
    }

    /// A finite number and the text it was written as.
    private mutating func finiteNumber(_ node: ConfigNode) -> (value: Double, text: String)? {
        guard
            case .scalar(let scalar) = node.node, !node.isNull,
            let value = Double(scalar.string.trimmingSpaces()), value.isFinite
        else {
            report(.expected("a number", found: node.found, at: node.path, line: node.line))
            return nil
        }
        return (value, scalar.string)
    }

    /// `1000000000` rather than `1000000000.0`.
    private static func plain(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? "\(Int(number))" : "\(number)"
    }

    /// `true` or `false` (also `yes`/`no`, `on`/`off`).
    mutating func bool(_ node: ConfigNode?) -> Bool? {
        guard let node else {
            return nil
        }
        if case .scalar(let scalar) = node.node, scalar.style == .plain {
            switch scalar.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        report(.expected("true or false", found: node.found, at: node.path, line: node.line))
        return nil
    }

    /// A duration greater than zero (or zero too, `allowingZero`): `500ms`, `10s`, `5m`, `24h`, `7d`, `1h30m`.
    mutating func duration(_ node: ConfigNode?, allowingZero: Bool = false) -> Duration? {
        guard let node else {
            return nil
        }
        guard case .scalar(let scalar) = node.node, !node.isNull else {
            report(.badDuration(at: node.path, found: node.found, line: node.line, hint: Self.durationUnits))
            return nil
        }
        switch DurationText.parse(scalar.string) {
        case .success(let duration) where duration > .zero || allowingZero:
            return duration
        case .success:
            report(.outOfRange(at: node.path, "must be longer than zero, found \(node.found)", line: node.line))
        case .failure(.missingUnit):
            report(
                .badDuration(
                    at: node.path,
                    found: node.found,
                    line: node.line,
                    hint: "add a unit, e.g. \"\(scalar.string.trimmingSpaces())s\" (units: ms, s, m, h, d)"
                )
            )
        case .failure(.negative):
            report(.outOfRange(at: node.path, "must be longer than zero, found \(node.found)", line: node.line))
        case .failure:
            report(.badDuration(at: node.path, found: node.found, line: node.line, hint: Self.durationUnits))
        }
        return nil
    }

    /// One of a fixed set of words.
    mutating func choice<Value>(
        _ node: ConfigNode?,
        allowed: [String],
        _ make: (String) -> Value?
    ) -> Value? {
        guard let node, let text = string(node) else {
            return nil
        }
        guard let value = make(text.trimmingSpaces()) else {
            report(.notOneOf(allowed, found: node.found, at: node.path, line: node.line))
            return nil
        }
        return value
    }

    /// A list, each element read by `element` (a single scalar is not a list).
    mutating func list<Element>(
        _ node: ConfigNode?,
        of what: String,
        _ element: (inout ConfigurationParser, ConfigNode) -> Element?
    ) -> [Element]? {
        guard let node else {
            return nil
        }
        if node.isNull {
            return []
        }
        guard case .sequence(let sequence) = node.node else {
            report(.expected("a list of \(what)", found: node.found, at: node.path, line: node.line))
            return nil
        }
        var elements: [Element] = []
        var failed = false
        for (index, item) in sequence.enumerated() {
            if let value = element(&self, ConfigNode(node: item, path: "\(node.path)[\(index)]")) {
                elements.append(value)
            } else {
                failed = true
            }
        }
        return failed ? nil : elements
    }

    /// An absolute filesystem path.
    mutating func absolutePath(_ node: ConfigNode?) -> String? {
        guard let node, let text = nonEmptyString(node) else {
            return nil
        }
        guard text.hasPrefix("/") else {
            report(
                .invalid(
                    at: node.path,
                    "must be an absolute path (starting with /), found \(node.found)",
                    line: node.line
                )
            )
            return nil
        }
        return text
    }

    /// An `http` or `https` URL with a host.
    mutating func httpURL(_ node: ConfigNode?) -> URL? {
        guard let node, let text = nonEmptyString(node) else {
            return nil
        }
        guard
            let url = URL(string: text.trimmingSpaces()), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else {
            report(.expected("an http:// or https:// URL", found: node.found, at: node.path, line: node.line))
            return nil
        }
        return url
    }

    /// A size in bytes: `1048576`, `50MB`, `1GiB`.
    mutating func byteSize(_ node: ConfigNode?) -> Int? {
        guard let node, let text = string(node) else {
            return nil
        }
        guard let bytes = ByteSizeText.parse(text) else {
            report(
                .expected(
                    "a size such as \"50MB\" or \"1GiB\" or a number of bytes",
                    found: node.found,
                    at: node.path,
                    line: node.line
                )
            )
            return nil
        }
        guard bytes > 0 else {
            report(.outOfRange(at: node.path, "must be greater than zero", line: node.line))
            return nil
        }
        return bytes
    }

    static let durationUnits = "write a number and a unit (ms, s, m, h, d), e.g. \"500ms\", \"10s\", \"1h30m\""

    private static func rangeSentence(_ value: Int, _ range: ClosedRange<Int>) -> String {
        if range.upperBound == Int.max {
            return "must be at least \(range.lowerBound), found \(value)"
        }
        return "must be between \(range.lowerBound) and \(range.upperBound), found \(value)"
    }
}
