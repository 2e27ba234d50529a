/// How a ``TestGateway`` starts: the options of `remessa-test-gateway`.
public struct TestGatewayConfiguration: Sendable {
    /// How the gateway answers messages (see ``TestGateway/setMode(_:throttleEvery:errorRate:delay:)``).
    public enum Mode: String, Sendable {
        /// Accept.
        case ok
        /// 429 with `Retry-After: 1` to every request.
        case throttle
        /// 503 to every request.
        case error
        /// Accept after `delay` (5 s when it is 0).
        case slow
        /// 400 to every request.
        case reject
    }

    /// Where the gateway posts signed delivery reports for the messages it accepts.
    public struct DeliveryReports: Sendable {
        /// remessad's listener, e.g. `http://127.0.0.1:8080`.
        public var baseURL: String
        public var route: String
        /// The route's `webhookSecret` file.
        public var secretFile: String
        public var delay: Duration
        /// The contract status reported (`DELIVERED`, `NOT_DELIVERED`, …).
        public var status: String

        public init(
            baseURL: String,
            route: String,
            secretFile: String,
            delay: Duration = .milliseconds(200),
            status: String = "DELIVERED"
        ) {
            self.baseURL = baseURL
            self.route = route
            self.secretFile = secretFile
            self.delay = delay
            self.status = status
        }
    }

    /// The bearer token requests must carry; any when `nil`.
    public var token: String?
    public var deliveryReports: DeliveryReports?
    /// The file that gets one line `<id> <http status>` per message received.
    public var logFile: String?
    public var mode: Mode
    /// Answer 429 to every Nth request (0: never).
    public var throttleEvery: Int
    /// The share of requests answered 503.
    public var errorRate: Double
    /// How long every request waits before its answer.
    public var delay: Duration

    public init(
        token: String? = nil,
        deliveryReports: DeliveryReports? = nil,
        logFile: String? = nil,
        mode: Mode = .ok,
        throttleEvery: Int = 0,
        errorRate: Double = 0,
        delay: Duration = .zero
    ) {
        self.token = token
        self.deliveryReports = deliveryReports
        self.logFile = logFile
        self.mode = mode
        self.throttleEvery = throttleEvery
        self.errorRate = errorRate
        self.delay = delay
    }

    /// The command line, for `port`.
    func arguments(port: Int) -> [String] {
        var arguments = [
            "--port", "\(port)", "--mode", mode.rawValue, "--throttle-every", "\(throttleEvery)",
            "--error-rate", "\(errorRate)", "--delay", Self.text(delay),
        ]
        if let token {
            arguments += ["--token", token]
        }
        if let logFile {
            arguments += ["--log-file", logFile]
        }
        if let reports = deliveryReports {
            arguments += [
                "--dlr-url", reports.baseURL, "--route", reports.route, "--secret-file", reports.secretFile,
                "--dlr-delay", Self.text(reports.delay), "--dlr-status", reports.status,
            ]
        }
        return arguments
    }

    /// A duration as the gateway reads it: whole milliseconds.
    static func text(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000)ms"
    }
}
