import RemessaCore

/// The `drops:` section.
extension ConfigurationParser {
    mutating func parseDrops(
        _ node: ConfigNode?,
        routes: [String: RouteConfiguration],
        holidays: Set<CalendarDate>,
        retention: RetentionSettings = RetentionSettings()
    ) -> [String: DropConfiguration] {
        guard let node, let map = mapping(node) else {
            return [:]
        }
        var drops: [String: DropConfiguration] = [:]
        for (name, dropNode) in map.entries {
            checkName(name, at: dropNode, kind: "drop")
            if var drop = parseDrop(name: name, dropNode, routes: routes, holidays: holidays) {
                drop.retention = parseRetention(mapping(dropNode)?["retention"], defaults: retention)
                drops[name] = drop
            }
        }
        return drops
    }

    private mutating func parseDrop(
        name: String,
        _ node: ConfigNode,
        routes: [String: RouteConfiguration],
        holidays: Set<CalendarDate>
    ) -> DropConfiguration? {
        guard let map = mapping(node) else {
            return nil
        }
        checkDropKeys(map)
        var drop = DropConfiguration(name: name, transport: .local)
        drop.transport = parseTransport(map) ?? .local
        if let pathNode = map["path"] {
            if case .local = drop.transport {
                drop.path = absolutePath(pathNode)
            } else {
                drop.path = nonEmptyString(pathNode)
            }
        }
        if let folders = map["folders"] {
            drop.folders = parseFolders(folders)
        }
        drop.include = list(map["include"], of: "globs") { $0.nonEmptyString($1) } ?? drop.include
        if let include = map["include"], drop.include.isEmpty {
            report(.invalid(at: include.path, "must name at least one glob, such as \"*.csv\"", line: include.line))
        }
        drop.pollInterval = duration(map["pollInterval"]) ?? drop.pollInterval
        drop.readiness =
            choice(map["readiness"], allowed: ["stable", "marker"], DropConfiguration.Readiness.init(rawValue:))
            ?? drop.readiness
        drop.stableFor = duration(map["stableFor"]) ?? drop.stableFor
        drop.maxClaimsPerPoll = integer(map["maxClaimsPerPoll"], in: 1...10_000) ?? drop.maxClaimsPerPoll
        (drop.validation, drop.templateFile) = parseValidation(map, default: drop.validation)
        drop.route = parseRouteReference(map, routes: routes) ?? drop.route
        let closedDays = holidays.union(map["holidays"].map { parseHolidays($0) } ?? [])
        drop.sendWindow = parseSendWindow(map, holidays: closedDays)
        drop.stateWindows = parseStateWindows(map, holidays: closedDays)
        if let holidaysNode = map["holidays"], !map.has("sendWindow"), drop.stateWindows.isEmpty {
            report(
                .missing(
                    at: map.path("sendWindow"),
                    "holidays close the send windows on those days, so a drop with `holidays` needs a "
                        + "`sendWindow` or `stateWindows`",
                    line: holidaysNode.line
                )
            )
        }
        drop.ttl = duration(map["ttl"]) ?? drop.ttl
        drop.dlrInterval = duration(map["dlrInterval"]) ?? drop.dlrInterval
        drop.dlrTimeout = duration(map["dlrTimeout"]) ?? drop.dlrTimeout
        drop.dedupeWindow = duration(map["dedupeWindow"]) ?? drop.dedupeWindow
        drop.locale = choice(map["locale"], allowed: ["pt-BR", "en"], Self.locale) ?? drop.locale
        drop.bom = bool(map["bom"]) ?? drop.bom
        drop.reportText = bool(map["reportText"]) ?? drop.reportText
        drop.notify = parseNotify(map["notify"])
        drop.campaigns = parseCampaigns(map, drop: drop, routes: routes)
        parseReplies(map, into: &drop)
        return drop
    }

    private static func locale(_ text: String) -> ReasonLocale? {
        ReasonLocale.allCases.first { $0.rawValue.lowercased() == text.lowercased().replacingUnderscores() }
    }

    /// Unknown keys, with the hints that help most: SFTP keys put at the drop level, inline secrets.
    private mutating func checkDropKeys(_ map: ConfigMapping) {
        for (key, node) in map.entries where !ConfigurationKeys.drop.contains(key) {
            if let fileKey = ConfigurationKeys.inlineSecrets[key] {
                report(.inlineSecret(at: node.path, use: "sftp.\(fileKey)", line: node.line))
            } else if ConfigurationKeys.sftp.contains(key) {
                report(
                    .unknownKey(
                        at: node.path,
                        hint: "`\(key)` belongs inside the drop's `sftp:` block",
                        line: node.line
                    )
                )
            } else {
                let hint = KeySuggestion.closest(to: key, among: ConfigurationKeys.drop).map { "did you mean `\($0)`?" }
                report(.unknownKey(at: node.path, hint: hint, line: node.line))
            }
        }
    }

    /// `transport:` and its `sftp:` block; `local` needs an absolute `path`.
    private mutating func parseTransport(_ map: ConfigMapping) -> DropTransportConfiguration? {
        let transport: String?
        if let node = map["transport"] {
            transport = choice(node, allowed: ["sftp", "local"]) { ["sftp", "local"].contains($0) ? $0 : nil }
            if transport == nil {
                return nil
            }
        } else if map.has("sftp") {
            transport = "sftp"
        } else {
            report(
                .missing(
                    at: map.path("transport"),
                    "say `transport: sftp` (with an `sftp:` block) or `transport: local` (with an absolute `path`)",
                    line: map.line
                )
            )
            return nil
        }
        if transport == "local" {
            if let sftp = map["sftp"] {
                report(.conflict(at: sftp.path, "applies only to drops with `transport: sftp`", line: sftp.line))
            }
            requireKey("path", in: map, "a local drop needs the absolute path of its directory")
            return .local
        }
        guard let sftpNode = map["sftp"] else {
            report(
                .missing(
                    at: map.path("sftp"),
                    "an sftp drop needs an `sftp:` block with `host`, `user`, `privateKey` or `passwordFile`, "
                        + "and `knownHosts` or `hostKeyFingerprint`",
                    line: map.line
                )
            )
            return nil
        }
        return parseSFTP(sftpNode).map { .sftp($0) }
    }

    /// `folders:`: relative names without `..`, all different.
    private mutating func parseFolders(_ node: ConfigNode) -> DropFolders {
        var folders = DropFolders()
        guard let map = mapping(node) else {
            return folders
        }
        checkKeys(map, known: ConfigurationKeys.folders)
        func folder(_ key: String, _ parser: inout ConfigurationParser) -> String? {
            guard let node = map[key], let name = parser.nonEmptyString(node) else {
                return nil
            }
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            guard !name.hasPrefix("/"), !parts.contains(".."), !parts.contains("") else {
                parser.report(
                    .invalid(
                        at: node.path,
                        "must be a folder relative to the drop's path, without `..`, found \(node.found)",
                        line: node.line
                    )
                )
                return nil
            }
            return name
        }
        folders.inbox = folder("inbox", &self) ?? folders.inbox
        folders.processing = folder("processing", &self) ?? folders.processing
        folders.archive = folder("archive", &self) ?? folders.archive
        folders.failed = folder("failed", &self) ?? folders.failed
        folders.outbox = folder("outbox", &self) ?? folders.outbox
        folders.bases = folder("bases", &self) ?? folders.bases
        folders.optout = folder("optout", &self) ?? folders.optout
        let names = [
            folders.inbox, folders.processing, folders.archive, folders.failed, folders.outbox, folders.bases,
            folders.optout,
        ]
        if Set(names).count != names.count {
            report(.conflict(at: node.path, "the folders must all be different", line: node.line))
        }
        return folders
    }

    /// `route:`, defaulting to the only route when there is exactly one.
    private mutating func parseRouteReference(_ map: ConfigMapping, routes: [String: RouteConfiguration]) -> String? {
        guard let node = map["route"] else {
            if routes.count == 1, let only = routes.keys.first {
                return only
            }
            report(
                .missing(
                    at: map.path("route"),
                    "there are several routes, so each drop names one: "
                        + routes.keys.sorted().map { "`\($0)`" }.joined(separator: ", "),
                    line: map.line
                )
            )
            return nil
        }
        guard let name = nonEmptyString(node) else {
            return nil
        }
        guard routes[name] != nil else {
            report(.unknownRoute(name, declared: Array(routes.keys), at: node.path, line: node.line))
            return nil
        }
        return name
    }
}

extension String {
    /// `pt_BR` spelled `pt-br`.
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
