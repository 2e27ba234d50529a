/// How a ``KannelSandbox`` is set up: the sendsms account, bearerbox's queue limit, and what the fake SMSC sends.
public struct KannelSandboxConfiguration: Sendable {
    /// The sendsms user (`group = sendsms-user`).
    public var username: String
    /// Its password; a fresh random one when `nil`.
    public var password: String?
    /// The sender used when a request names none (`default-sender`); `nil` makes smsbox refuse such requests.
    public var defaultSender: String?
    /// bearerbox's `sms-outgoing-queue-limit`: above it, sendsms answers 503 "Temporal failure" (`nil`: no limit).
    public var outgoingQueueLimit: Int?
    /// smsbox's `http-request-retry`: how often it retries a DLR or MO callback that failed.
    public var httpRequestRetry: Int
    /// Whether fakesmsc connects at start; without it, sendsms answers "3: Queued for later delivery".
    public var connectsSMSC: Bool
    /// An `sms-service` `get-url` for mobile-originated messages (Kannel escapes such as `%p` and `%a` allowed).
    public var mobileOriginatedURL: String?
    /// MOs fakesmsc sends once it is connected, in its format: `"<from> <to> text <url-encoded text>"`.
    public var mobileOriginated: [String]
    /// Keep the state directory (config and logs) after ``KannelSandbox/stop()``, for debugging.
    public var keepsState: Bool

    public init(
        username: String = "remessa",
        password: String? = nil,
        defaultSender: String? = "Remessa",
        outgoingQueueLimit: Int? = nil,
        httpRequestRetry: Int = 5,
        connectsSMSC: Bool = true,
        mobileOriginatedURL: String? = nil,
        mobileOriginated: [String] = [],
        keepsState: Bool = false
    ) {
        self.username = username
        self.password = password
        self.defaultSender = defaultSender
        self.outgoingQueueLimit = outgoingQueueLimit
        self.httpRequestRetry = httpRequestRetry
        self.connectsSMSC = connectsSMSC
        self.mobileOriginatedURL = mobileOriginatedURL
        self.mobileOriginated = mobileOriginated
        self.keepsState = keepsState
    }
}
