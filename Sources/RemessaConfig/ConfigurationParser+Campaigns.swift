import RemessaCore

/// A drop's campaign keys (contract §10): `baseRetention`, `maxScheduleAhead`, `baseWait`, `subAccounts`.
extension ConfigurationParser {
    static let subAccountKeys = ["route", "sender", "template", "priority"]

    mutating func parseCampaigns(
        _ map: ConfigMapping,
        drop: DropConfiguration,
        routes: [String: RouteConfiguration]
    ) -> CampaignSettings {
        var settings = CampaignSettings()
        settings.routeSender = routes[drop.route]?.sender
        settings.routeSenders = routes[drop.route]?.senders
        settings.baseRetention = duration(map["baseRetention"]) ?? settings.baseRetention
        settings.maxScheduleAhead = duration(map["maxScheduleAhead"]) ?? settings.maxScheduleAhead
        settings.baseWait = duration(map["baseWait"], allowingZero: true) ?? settings.baseWait
        if let node = map["subAccounts"], let accounts = mapping(node) {
            for (name, accountNode) in accounts.entries {
                if let account = parseSubAccount(accountNode, drop: drop, routes: routes) {
                    settings.subAccounts[name] = account
                }
            }
        }
        return settings
    }

    private mutating func parseSubAccount(
        _ node: ConfigNode,
        drop: DropConfiguration,
        routes: [String: RouteConfiguration]
    ) -> CampaignSettings.SubAccount? {
        guard let map = mapping(node) else { return nil }
        checkKeys(map, known: Self.subAccountKeys)
        var account = CampaignSettings.SubAccount()
        if let routeNode = map["route"], let name = nonEmptyString(routeNode) {
            if routes[name] == nil {
                report(.unknownRoute(name, declared: Array(routes.keys), at: routeNode.path, line: routeNode.line))
            } else {
                account.route = name
            }
        }
        if let senderNode = map["sender"], let sender = parseSender(senderNode) {
            // Held to the rule a campaign's sender is held to (contract §10).
            let route = routes[account.route ?? drop.route]
            let allowed = route?.senders ?? route?.sender.map { [$0] } ?? []
            if route != nil, !allowed.contains(sender) {
                report(
                    .invalid(
                        at: senderNode.path,
                        "the route `\(account.route ?? drop.route)` does not allow sender \(senderNode.found); "
                            + "list it in the route's `senders`",
                        line: senderNode.line
                    )
                )
            } else {
                account.sender = sender
            }
        }
        account.template = nonEmptyString(map["template"])
        account.priority = choice(
            map["priority"],
            allowed: Priority.allCases.map(\.rawValue),
            Priority.init(parsing:)
        )
        return account
    }
}
