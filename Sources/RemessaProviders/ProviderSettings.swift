import Foundation
import RemessaCore

/// What a route's provider is built from: the gateway's address, credentials, limits and, for the simulator, its
/// behaviour. The daemon maps its configuration onto it; RemessaProviders knows nothing of the YAML.
package struct ProviderSettings: Sendable {
    /// The route's name, in errors (`routes.<name>.<key>`), logs and delivery-report tokens.
    package var name: String
    package var provider: Kind
    /// Connections to the gateway at most (the route's in-flight bound).
    package var maxInFlight: Int
    /// Short code or alphanumeric sender id; `nil` for the gateway's default.
    package var sender: String?
    /// `http`: the endpoint messages are POSTed to. `kannel`: smsbox's `sendsms` URL.
    package var url: URL?
    /// `http`: the bearer token (never together with `username`).
    package var tokenFile: ProviderSecret?
    /// `http`: POST an array of messages instead of one per request.
    package var batch: Bool
    /// `http` and `kannel`: how long one request may take.
    package var timeout: Duration
    /// `http` (required): the webhooks' HMAC key. `kannel` (optional): the secret in the `dlr-url` tokens.
    package var webhookSecret: ProviderSecret?
    /// `kannel`: the sendsms user. `http`: the HTTP Basic user, instead of `tokenFile`.
    package var username: String?
    /// `kannel`: the sendsms password. `http`: the HTTP Basic password.
    package var passwordFile: ProviderSecret?
    /// `kannel`: the base URL at which Kannel reaches Remessa's listener.
    package var dlrURL: URL?
    /// `kannel`: the SMSC to route through; `nil` for Kannel's choice.
    package var smsc: String?
    /// `simulator`: its outcome mix, speed and failures.
    package var simulator: SimulatorSettings

    package init(
        name: String,
        provider: Kind = .simulator,
        maxInFlight: Int = 100,
        sender: String? = nil,
        url: URL? = nil,
        tokenFile: ProviderSecret? = nil,
        batch: Bool = false,
        timeout: Duration = .seconds(10),
        webhookSecret: ProviderSecret? = nil,
        username: String? = nil,
        passwordFile: ProviderSecret? = nil,
        dlrURL: URL? = nil,
        smsc: String? = nil,
        simulator: SimulatorSettings = SimulatorSettings()
    ) {
        self.name = name
        self.provider = provider
        self.maxInFlight = maxInFlight
        self.sender = sender
        self.url = url
        self.tokenFile = tokenFile
        self.batch = batch
        self.timeout = timeout
        self.webhookSecret = webhookSecret
        self.username = username
        self.passwordFile = passwordFile
        self.dlrURL = dlrURL
        self.smsc = smsc
        self.simulator = simulator
    }

    /// The gateway behind the route.
    package enum Kind: String, Sendable, Equatable, CaseIterable {
        case simulator, http, kannel
    }
}

/// A secret the provider reads once, when it is built (a file, a systemd credential): the caller says how, and
/// ``ProviderFactory`` names the route and key when it cannot be read.
package struct ProviderSecret: Sendable {
    package let read: @Sendable () throws -> String

    package init(read: @escaping @Sendable () throws -> String) {
        self.read = read
    }
}
