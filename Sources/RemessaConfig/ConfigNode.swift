import Foundation
import Yams

/// A YAML node and the dotted path at which it was found.
struct ConfigNode {
    let node: Node
    let path: String
    /// The line of the key that holds the node, when it is a mapping's value.
    var keyLine: Int?

    init(node: Node, path: String, keyLine: Int? = nil) {
        self.node = node
        self.path = path
        self.keyLine = keyLine
    }

    /// The 1-based line of the node's key (or of the node itself, in a list).
    var line: Int? { keyLine ?? node.mark?.line }

    /// Whether the node is YAML's null: nothing after the colon, `~` or `null`.
    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else {
            return false
        }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// How the node is quoted in an error: `"abc"`, `a mapping`, `a list`, `nothing`.
    var found: String {
        switch node {
        case .scalar(let scalar):
            if isNull {
                return "nothing"
            }
            var text = scalar.string
            if text.count > 40 {
                text = String(text.prefix(37)) + "..."
            }
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\"\(escaped)\""
        case .mapping:
            return "a mapping"
        case .sequence:
            return "a list"
        case .alias:
            return "an alias"
        }
    }

    /// `path.key`.
    func path(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}

/// A YAML mapping with string keys, in document order, `<<` merge keys applied.
struct ConfigMapping {
    let path: String
    let line: Int?
    let entries: [(key: String, node: ConfigNode)]

    subscript(key: String) -> ConfigNode? {
        entries.first(where: { $0.key == key })?.node
    }

    /// Whether the key is present (even with a null value).
    func has(_ key: String) -> Bool {
        entries.contains(where: { $0.key == key })
    }

    /// `path.key`.
    func path(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}
