import RemessaConfig
import RemessaProviders

extension ProviderSettings {
    /// A configured route's provider settings; its secrets are read from `environment`'s files and credentials
    /// (`credential:` names need `CREDENTIALS_DIRECTORY`) when ``ProviderFactory`` builds the provider.
    init(_ route: RouteConfiguration, environment: [String: String]) {
        self.init(
            name: route.name,
            provider: Kind(route.provider),
            maxInFlight: route.maxInFlight,
            sender: route.sender,
            url: route.url,
            tokenFile: route.tokenFile.map { ProviderSecret($0, environment) },
            batch: route.batch,
            timeout: route.timeout,
            webhookSecret: route.webhookSecret.map { ProviderSecret($0, environment) },
            username: route.username,
            passwordFile: route.passwordFile.map { ProviderSecret($0, environment) },
            dlrURL: route.dlrURL,
            smsc: route.smsc,
            simulator: route.simulator
        )
    }
}

extension ProviderSettings.Kind {
    init(_ provider: RouteConfiguration.Provider) {
        switch provider {
        case .simulator: self = .simulator
        case .http: self = .http
        case .kannel: self = .kannel
        }
    }
}

extension ProviderSecret {
    init(_ source: SecretSource, _ environment: [String: String]) {
        self.init { try source.readString(environment: environment) }
    }
}
