import Foundation
import RemessaCore

/// One way out to an SMS gateway, with its throttle (contract sections 8 and 9).
///
/// Provider keys are flat and optional; the parser guarantees the ones each provider needs:
/// `http` has `url` and `webhookSecret`, and `username` with `passwordFile` or neither;
/// `kannel` has `url`, `username`, `passwordFile` and `dlrURL`.
public struct RouteConfiguration: Sendable, Equatable {
    public var name: String
    public var provider: Provider
    /// Messages per second (token bucket).
    public var rate: Double
    public var burst: Int
    public var maxInFlight: Int
    /// Short code or alphanumeric sender id; `nil` for the gateway's default.
    public var sender: String?
    /// The sender ids a campaign may name (contract §10); nil: only `sender`.
    public var senders: [String]?
    /// `http`: the endpoint messages are POSTed to. `kannel`: smsbox's `sendsms` URL.
    public var url: URL?
    /// `http`: the bearer token sent as `Authorization: Bearer …` (never together with `username`).
    public var tokenFile: SecretSource?
    /// `http`: POST an array of messages instead of one per request.
    public var batch: Bool
    /// `http` and `kannel`: how long one request may take.
    public var timeout: Duration
    /// `http` (required): the key of the HMAC-SHA256 in `X-Remessa-Signature` on `POST /dlr/<route>`.
    /// `kannel` (optional): a secret Kannel's delivery reports must carry; Kannel cannot sign, so Remessa puts it
    /// in the `dlr-url` it hands Kannel.
    public var webhookSecret: SecretSource?
    /// `kannel`: the sendsms user. `http`: the HTTP Basic user, instead of `tokenFile`.
    public var username: String?
    /// `kannel`: the sendsms password. `http`: the HTTP Basic password.
    public var passwordFile: SecretSource?
    /// `kannel`: the base URL at which Kannel reaches Remessa's listener (YAML `dlrUrl`).
    public var dlrURL: URL?
    /// `kannel`: the SMSC to route through; `nil` for Kannel's choice.
    public var smsc: String?
    /// `simulator`: its outcome mix, speed and failures.
    public var simulator: SimulatorSettings
    /// Retries of temporary failures and the circuit breaker.
    public var retry: RetrySettings

    public init(
        name: String,
        provider: Provider = .simulator,
        rate: Double = 200,
        burst: Int = 200,
        maxInFlight: Int = 100,
        sender: String? = nil,
        url: URL? = nil,
        tokenFile: SecretSource? = nil,
        batch: Bool = false,
        timeout: Duration = .seconds(10),
        webhookSecret: SecretSource? = nil,
        username: String? = nil,
        passwordFile: SecretSource? = nil,
        dlrURL: URL? = nil,
        smsc: String? = nil,
        simulator: SimulatorSettings = SimulatorSettings(),
        retry: RetrySettings = RetrySettings()
    ) {
        self.name = name
        self.provider = provider
        self.rate = rate
        self.burst = burst
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
        self.retry = retry
    }

    /// The built-in route used when the file declares none: `sim`, a simulator.
    public static let builtInSimulator = RouteConfiguration(name: "sim")

    /// The gateway behind the route.
    public enum Provider: String, Sendable, Equatable, CaseIterable {
        case simulator, http, kannel
    }
}
