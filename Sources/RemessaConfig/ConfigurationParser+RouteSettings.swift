import RemessaCore

/// A route's retry and circuit-breaker keys, and a simulator route's `simulator:` block.
extension ConfigurationParser {
    /// `maxAttempts`, `retryBackoff`, `retryBackoffMax`, `circuitFailures` and `circuitOpenFor`.
    mutating func parseRetry(_ map: ConfigMapping, default retry: RetrySettings) -> RetrySettings {
        var retry = retry
        retry.maxAttempts = integer(map["maxAttempts"], in: 1...100) ?? retry.maxAttempts
        let backoff = duration(map["retryBackoff"])
        let backoffMax = duration(map["retryBackoffMax"])
        retry.circuitFailures = integer(map["circuitFailures"], in: 1...Int.max) ?? retry.circuitFailures
        retry.circuitOpenFor = duration(map["circuitOpenFor"]) ?? retry.circuitOpenFor
        let effectiveBackoff = backoff ?? retry.backoff
        let effectiveMax = backoffMax ?? retry.backoffMax
        guard effectiveMax >= effectiveBackoff else {
            // Blame the key the operator wrote; when both are written, the ceiling is the one below the floor.
            if let node = map["retryBackoffMax"] {
                let floor = DurationText.format(effectiveBackoff)
                let sentence = "must be at least `retryBackoff` (\(floor)), found \(node.found)"
                report(.outOfRange(at: node.path, sentence, line: node.line))
            } else if let node = map["retryBackoff"] {
                let ceiling = DurationText.format(effectiveMax)
                let sentence =
                    "must be at most `retryBackoffMax` (\(ceiling) by default), found \(node.found); "
                    + "raise `retryBackoffMax` too"
                report(.outOfRange(at: node.path, sentence, line: node.line))
            }
            return retry
        }
        retry.backoff = effectiveBackoff
        retry.backoffMax = effectiveMax
        return retry
    }

    /// The simulator's outcome shares, speed, failures and seed.
    ///
    /// Naming any outcome share sets the unnamed ones to 0, so `{delivered: 1}` delivers everything.
    mutating func parseSimulator(_ node: ConfigNode, default settings: SimulatorSettings) -> SimulatorSettings {
        var settings = settings
        guard let map = mapping(node) else {
            return settings
        }
        checkKeys(map, known: ConfigurationKeys.simulator)
        let outcomeKeys: [(key: String, share: WritableKeyPath<SimulatorSettings, Double>)] = [
            ("delivered", \.delivered), ("notDelivered", \.notDelivered), ("expired", \.expired),
            ("carrierRejected", \.carrierRejected), ("invalidNumber", \.invalidNumber),
        ]
        if outcomeKeys.contains(where: { map.has($0.key) }) {
            var shares = settings
            var readable = true
            for (key, share) in outcomeKeys {
                if let value = nonNegativeNumber(map[key]) {
                    shares[keyPath: share] = value
                } else {
                    shares[keyPath: share] = 0
                    readable = readable && !map.has(key)
                }
            }
            if readable {
                if outcomeKeys.allSatisfy({ shares[keyPath: $0.share] == 0 }) {
                    report(
                        .invalid(
                            at: map.path,
                            "the outcome shares (`delivered`, `notDelivered`, `expired`, `carrierRejected`, "
                                + "`invalidNumber`) must not all be 0",
                            line: node.line
                        )
                    )
                } else {
                    settings = shares
                }
            }
        }
        settings.submitLatency = duration(map["submitLatency"], allowingZero: true) ?? settings.submitLatency
        settings.dlrDelay = duration(map["dlrDelay"], allowingZero: true) ?? settings.dlrDelay
        settings.ceiling = positiveNumber(map["ceiling"], atMost: Self.maxRate) ?? settings.ceiling
        settings.seed = integer(map["seed"], in: 0...Int.max).map { UInt64($0) } ?? settings.seed
        parseSimulatedFailures(map, into: &settings)
        return settings
    }

    /// `failureEvery` and `failureFor`: the outage must end before the next one starts.
    private mutating func parseSimulatedFailures(_ map: ConfigMapping, into settings: inout SimulatorSettings) {
        let every = duration(map["failureEvery"])
        let length = duration(map["failureFor"])
        if let forNode = map["failureFor"], !map.has("failureEvery") {
            report(
                .missing(
                    at: map.path("failureEvery"),
                    "`failureFor` says how long each outage lasts; `failureEvery` says how often one starts",
                    line: forNode.line
                )
            )
            return
        }
        guard let every else {
            return
        }
        let outage = length ?? settings.failureFor
        guard outage < every else {
            let node = map["failureFor"] ?? map["failureEvery"]
            report(
                .outOfRange(
                    at: node?.path ?? map.path("failureFor"),
                    "an outage (`failureFor`, \(DurationText.format(outage))) must be shorter than `failureEvery` "
                        + "(\(DurationText.format(every))), or the gateway never comes back",
                    line: node?.line
                )
            )
            return
        }
        settings.failureEvery = every
        settings.failureFor = outage
    }
}
