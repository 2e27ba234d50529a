/// How a ``PostgresSandbox`` is set up: the role and database made for Remessa, and the server's settings.
public struct PostgresSandboxConfiguration: Sendable {
    /// The login role made for Remessa (not a superuser), with a fresh random password.
    public var user: String
    /// The database made for Remessa, owned by ``user``.
    public var database: String
    /// Server settings on top of the sandbox's own (`-c name=value`). The sandbox runs with `fsync=off`: fine for
    /// tests that kill clients, never the database.
    public var settings: [String: String]
    /// Keep the state directory (data, log) after ``PostgresSandbox/stop()``, for debugging.
    public var keepsState: Bool

    public init(
        user: String = "remessa",
        database: String = "remessa",
        settings: [String: String] = [:],
        keepsState: Bool = false
    ) {
        self.user = user
        self.database = database
        self.settings = settings
        self.keepsState = keepsState
    }
}
