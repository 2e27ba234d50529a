/// The `routes:` section.
extension ConfigurationParser {
    /// Routes by name; the built-in `sim` simulator when the file declares none.
    mutating func parseRoutes(_ node: ConfigNode?) -> [String: RouteConfiguration] {
        let builtIn = [RouteConfiguration.builtInSimulator.name: RouteConfiguration.builtInSimulator]
        guard let node, let map = mapping(node) else {
            return builtIn
        }
        if map.entries.isEmpty {
            return builtIn
        }
        var routes: [String: RouteConfiguration] = [:]
        for (name, routeNode) in map.entries {
            checkName(name, at: routeNode, kind: "route")
            // A route that fails to parse is still declared, so drops naming it do not get a second error.
            routes[name] = parseRoute(name: name, routeNode) ?? RouteConfiguration(name: name)
        }
        return routes
    }

    private mutating func parseRoute(name: String, _ node: ConfigNode) -> RouteConfiguration? {
        guard let map = mapping(node) else {
            return nil
        }
        let allProviders = RouteConfiguration.Provider.allCases.map(\.rawValue)
        var route = RouteConfiguration(name: name)
        let provider: RouteConfiguration.Provider?
        if let providerNode = map["provider"] {
            provider = choice(providerNode, allowed: allProviders, RouteConfiguration.Provider.init(rawValue:))
        } else {
            report(
                .missing(
                    at: map.path("provider"),
                    "say which gateway the route uses: `simulator`, `http` or `kannel`",
                    line: map.line
                )
            )
            provider = nil
        }
        checkRouteKeys(map, provider: provider)
        guard let provider else {
            return nil
        }
        route.provider = provider
        if let rate = positiveNumber(map["rate"], atMost: Self.maxRate) {
            route.rate = rate
            // Without an explicit burst, allow one second's worth of messages at once, within reason.
            route.burst = Int(min(rate, Double(Self.maxDerivedBurst)).rounded(.up))
        }
        route.burst = integer(map["burst"], in: 1...Int.max) ?? route.burst
        route.maxInFlight = integer(map["maxInFlight"], in: 1...Int.max) ?? route.maxInFlight
        route.sender = parseSender(map["sender"])
        route.senders = list(map["senders"], of: "sender ids") { $0.parseSender($1) }
        route.retry = parseRetry(map, default: route.retry)
        switch provider {
        case .simulator:
            if let simulator = map["simulator"] {
                route.simulator = parseSimulator(simulator, default: route.simulator)
            }
        case .http:
            route.url = httpURL(map["url"])
            requireKey("url", in: map, "an http route needs the URL messages are POSTed to")
            parseHTTPAuthentication(map, into: &route)
            route.batch = bool(map["batch"]) ?? route.batch
            route.timeout = duration(map["timeout"]) ?? route.timeout
            route.webhookSecret = secret(map["webhookSecret"])
            requireKey(
                "webhookSecret",
                in: map,
                "an http route needs webhookSecret: the key that signs delivery reports (HMAC-SHA256 in "
                    + "X-Remessa-Signature)"
            )
        case .kannel:
            route.url = httpURL(map["url"])
            requireKey("url", in: map, "a kannel route needs smsbox's sendsms URL")
            route.username = nonEmptyString(map["username"])
            requireKey("username", in: map, "a kannel route needs the sendsms user")
            route.passwordFile = secret(map["passwordFile"])
            requireKey("passwordFile", in: map, "a kannel route needs a file holding the sendsms password")
            route.dlrURL = httpURL(map["dlrUrl"])
            requireKey("dlrUrl", in: map, "a kannel route needs the base URL at which Kannel reaches remessad")
            route.smsc = nonEmptyString(map["smsc"])
            route.timeout = duration(map["timeout"]) ?? route.timeout
            route.webhookSecret = secret(map["webhookSecret"])
        }
        return route
    }

    /// The fastest rate a route (or the simulator's `ceiling`) may be given, in messages per second: far above
    /// any gateway, low enough that the throttle's intervals stay above a nanosecond.
    static let maxRate = 1_000_000_000.0
    /// The largest burst derived from `rate` when `burst` is not given.
    static let maxDerivedBurst = 1_000_000

    /// `http`: a bearer token (`tokenFile`) or HTTP Basic (`username` and `passwordFile`), or neither.
    private mutating func parseHTTPAuthentication(_ map: ConfigMapping, into route: inout RouteConfiguration) {
        route.tokenFile = secret(map["tokenFile"])
        route.username = nonEmptyString(map["username"])
        route.passwordFile = secret(map["passwordFile"])
        let basicKeys = ["username", "passwordFile"].filter { map.has($0) }
        if map.has("tokenFile"), let first = basicKeys.first, let node = map[first] {
            report(
                .conflict(
                    at: node.path,
                    "use either `tokenFile` (Bearer) or `username` and `passwordFile` (HTTP Basic), not both",
                    line: node.line
                )
            )
        } else if basicKeys == ["username"] {
            requireKey("passwordFile", in: map, "HTTP Basic needs a file holding the password for `username`")
        } else if basicKeys == ["passwordFile"] {
            requireKey("username", in: map, "HTTP Basic needs the user whose password `passwordFile` holds")
        }
    }

    /// Unknown keys, inline secrets, and keys that belong to another provider.
    private mutating func checkRouteKeys(_ map: ConfigMapping, provider: RouteConfiguration.Provider?) {
        let own = provider.flatMap { ConfigurationKeys.routeProvider[$0] } ?? []
        let known = ConfigurationKeys.routeCommon + own
        for (key, node) in map.entries where !known.contains(key) {
            if let fileKey = ConfigurationKeys.inlineSecrets[key] {
                report(.inlineSecret(at: node.path, use: fileKey, line: node.line))
                continue
            }
            let owners = RouteConfiguration.Provider.allCases.filter {
                ConfigurationKeys.routeProvider[$0, default: []].contains(key)
            }
            if provider != nil, !owners.isEmpty {
                let names = owners.map { "`\($0.rawValue)`" }.joined(separator: " and ")
                report(.unknownKey(at: node.path, hint: "`\(key)` applies only to \(names) routes", line: node.line))
                continue
            }
            if provider == nil, !owners.isEmpty {
                continue
            }
            let allKeys = ConfigurationKeys.routeCommon + ConfigurationKeys.routeProvider.values.flatMap { $0 }
            let hint = KeySuggestion.closest(to: key, among: provider == nil ? allKeys : known)
            report(.unknownKey(at: node.path, hint: hint.map { "did you mean `\($0)`?" }, line: node.line))
        }
    }

    /// A short code (up to 15 digits) or an alphanumeric sender id (up to 11 letters, digits or spaces).
    mutating func parseSender(_ node: ConfigNode?) -> String? {
        guard let node, let sender = nonEmptyString(node) else {
            return nil
        }
        let isShortCode = sender.allSatisfy { $0.isASCII && $0.isNumber } && sender.count <= 15
        let isAlphanumeric =
            sender.count <= 11
            && sender.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " ") }
        guard isShortCode || isAlphanumeric else {
            report(
                .invalid(
                    at: node.path,
                    "a sender is a short code (up to 15 digits) or up to 11 ASCII letters, digits and spaces, "
                        + "found \(node.found)",
                    line: node.line
                )
            )
            return nil
        }
        return sender
    }

    /// Reports `key` as missing from `map` when it is absent.
    mutating func requireKey(_ key: String, in map: ConfigMapping, _ sentence: String) {
        if !map.has(key) {
            report(.missing(at: map.path(key), sentence, line: map.line))
        }
    }

    /// Drop and route names appear in paths, URLs and file names: letters, digits, `_` and `-`.
    mutating func checkName(_ name: String, at node: ConfigNode, kind: String) {
        let allowed =
            !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        if !allowed {
            report(
                .invalid(
                    at: node.path,
                    "a \(kind) name may use only ASCII letters, digits, `_` and `-`",
                    line: node.line
                )
            )
        }
    }
}
