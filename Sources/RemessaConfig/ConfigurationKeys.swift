/// The keys each section of the file accepts.
enum ConfigurationKeys {
    static let root = ["state", "http", "routes", "drops", "holidays", "retention"]

    static let drop =
        [
            "transport", "sftp", "path", "folders", "include", "pollInterval", "readiness", "stableFor",
            "maxClaimsPerPoll", "layout", "countryCode", "defaultCountry", "allowedCountries", "template",
            "templateFile", "transliterate", "maxSegments", "onMissingField", "priority", "maxFileSize", "route",
            "sendWindow", "stateWindows", "holidays", "ttl", "dlrInterval", "dlrTimeout", "dedupeWindow", "locale",
            "bom", "reportText", "optOutLists", "replyWindow", "retention", "notify",
        ] + campaignDrop

    /// Contract §10's drop keys.
    static let campaignDrop = ["baseRetention", "maxScheduleAhead", "baseWait", "subAccounts"]

    static let sftp = [
        "host", "port", "user", "privateKey", "passphraseFile", "passwordFile", "knownHosts", "hostKeyFingerprint",
        "connectTimeout", "operationTimeout",
    ]

    static let folders = ["inbox", "processing", "archive", "failed", "outbox", "bases", "optout"]

    static let sendWindow = ["days", "from", "to", "timezone"]

    static let routeCommon = [
        "provider", "rate", "burst", "maxInFlight", "sender", "maxAttempts", "retryBackoff", "retryBackoffMax",
        "circuitFailures", "circuitOpenFor", "senders",
    ]

    /// Provider-specific route keys, by provider.
    static let routeProvider: [RouteConfiguration.Provider: [String]] = [
        .simulator: ["simulator"],
        .http: ["url", "tokenFile", "username", "passwordFile", "batch", "timeout", "webhookSecret"],
        .kannel: ["url", "username", "passwordFile", "dlrUrl", "smsc", "timeout", "webhookSecret"],
    ]

    /// The keys of a simulator route's `simulator:` block.
    static let simulator = [
        "delivered", "notDelivered", "expired", "carrierRejected", "invalidNumber", "submitLatency", "dlrDelay",
        "failureEvery", "failureFor", "ceiling", "seed",
    ]

    /// Keys that would hold a secret inline, and the key to use instead.
    static let inlineSecrets = [
        "password": "passwordFile", "passphrase": "passphraseFile", "token": "tokenFile",
        "privateKeyData": "privateKey",
    ]

    /// Keys people reach for to switch host-key checking off.
    static let hostKeyBypass = [
        "strictHostKeyChecking", "StrictHostKeyChecking", "insecure", "skipHostKeyCheck", "hostKeyCheck",
        "verifyHostKey", "hostKeyVerification", "ignoreHostKey",
    ]
}
