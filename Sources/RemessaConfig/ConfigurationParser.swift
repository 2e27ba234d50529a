import Foundation
import RemessaCore
import Yams

/// Reads a YAML document into a `RemessaConfiguration`, collecting every problem instead of stopping at the
/// first. Each `parse…` method reports what it finds wrong and returns `nil` (or a default) for it.
struct ConfigurationParser {
    typealias Issue = ConfigurationError.Issue

    let source: String
    let environment: [String: String]
    /// Where a relative `templateFile` is looked for: the configuration file's directory.
    let baseDirectory: String
    private(set) var issues: [Issue] = []

    init(source: String, environment: [String: String]) {
        self.source = source
        self.environment = environment
        if let slash = source.lastIndex(of: "/") {
            let directory = String(source[..<slash])
            self.baseDirectory = directory.isEmpty ? "/" : directory
        } else {
            self.baseDirectory = FileManager.default.currentDirectoryPath
        }
    }

    mutating func report(_ issue: Issue) {
        issues.append(issue)
    }

    /// The whole configuration, or the error listing every problem.
    mutating func parse(yaml: String) throws(ConfigurationError) -> RemessaConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            report(Self.issue(for: error))
            throw ConfigurationError(source: source, issues: issues)
        }
        var configuration = RemessaConfiguration()
        if let root {
            parseRoot(ConfigNode(node: root, path: ""), into: &configuration)
        } else {
            configuration.routes = [RouteConfiguration.builtInSimulator.name: .builtInSimulator]
        }
        guard issues.isEmpty else {
            // Sections are read in a fixed order; the operator reads the file top to bottom.
            let ordered = issues.enumerated().sorted {
                ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset)
            }
            throw ConfigurationError(source: source, issues: ordered.map(\.element))
        }
        return configuration
    }

    private mutating func parseRoot(_ node: ConfigNode, into configuration: inout RemessaConfiguration) {
        if node.isNull {
            configuration.routes = [RouteConfiguration.builtInSimulator.name: .builtInSimulator]
            return
        }
        guard let root = mapping(node) else {
            return
        }
        checkKeys(root, known: ConfigurationKeys.root)
        if let state = root["state"] {
            configuration.state = parseState(state)
        }
        if let http = root["http"] {
            configuration.http = parseHTTP(http)
        }
        if let holidays = root["holidays"] {
            configuration.holidays = parseHolidays(holidays)
        }
        configuration.routes = parseRoutes(root["routes"])
        configuration.retention = parseRetention(root["retention"], defaults: configuration.retention)
        configuration.drops = parseDrops(
            root["drops"],
            routes: configuration.routes,
            holidays: Set(configuration.holidays),
            retention: configuration.retention
        )
    }

    private mutating func parseState(_ node: ConfigNode) -> StateConfiguration {
        var state = StateConfiguration()
        guard let map = mapping(node) else {
            return state
        }
        checkKeys(map, known: ["path", "postgres"])
        if let path = absolutePath(map["path"]) {
            state.path = path
        }
        state.postgres = parsePostgres(map["postgres"])
        return state
    }

    /// `state.postgres`: `url` (no password in it) and `passwordFile`.
    private mutating func parsePostgres(_ node: ConfigNode?) -> PostgresStoreConfiguration? {
        guard let node, let map = mapping(node) else { return nil }
        checkKeys(map, known: ["url", "passwordFile"])
        requireKey("url", in: map, "the cluster's database: postgres://USER@HOST[:PORT]/DATABASE")
        requireKey("passwordFile", in: map, "the file holding the database password")
        var url: String?
        if let urlNode = map["url"], let text = string(urlNode) {
            do {
                _ = try PostgresURL(parsing: text)
                url = text
            } catch {
                report(.invalid(at: urlNode.path, error.description, line: urlNode.line))
            }
        }
        let password = secret(map["passwordFile"])
        guard let url, let password else { return nil }
        return PostgresStoreConfiguration(url: url, passwordFile: password)
    }

    private mutating func parseHTTP(_ node: ConfigNode) -> HTTPConfiguration {
        var http = HTTPConfiguration()
        guard let map = mapping(node) else {
            return http
        }
        checkKeys(map, known: ["listen"])
        if let listen = map["listen"], let text = string(listen) {
            if let address = ListenAddress(parsing: text) {
                if (1...65535).contains(address.port) {
                    http.host = address.host
                    http.port = address.port
                } else {
                    report(
                        .outOfRange(
                            at: listen.path,
                            "port \(address.port) is not between 1 and 65535",
                            line: listen.line
                        )
                    )
                }
            } else {
                report(
                    .expected(
                        "HOST:PORT such as \"127.0.0.1:8080\" or \"[::1]:8080\"",
                        found: listen.found,
                        at: listen.path,
                        line: listen.line
                    )
                )
            }
        }
        return http
    }

    /// The issue for a YAML error: syntax (with line and column) or a duplicated key.
    private static func issue(for error: any Error) -> Issue {
        guard let yamlError = error as? YamlError else {
            return .syntaxError("\(error)", line: 1, column: 1)
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let text = context.map { "\(problem) (\($0.text) at line \($0.mark.line), column \($0.mark.column))" }
            return .syntaxError(text ?? problem, line: mark.line, column: mark.column)
        case .reader(let problem, _, _, _):
            return .syntaxError(problem, line: 1, column: 1)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            return Issue(
                code: .syntax,
                path: "",
                message: "YAML error at line \(context.mark.line), column \(context.mark.column): "
                    + "the key \(keys) appears more than once in the same mapping",
                line: context.mark.line
            )
        default:
            return .syntaxError("\(yamlError)", line: 1, column: 1)
        }
    }
}
