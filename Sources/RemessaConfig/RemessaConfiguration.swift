import RemessaCore

/// The daemon's whole configuration (contract section 8), read from YAML.
public struct RemessaConfiguration: Sendable, Equatable {
    public var state: StateConfiguration
    public var http: HTTPConfiguration
    /// Routes by name; when the file names none, one built-in `simulator` route called `sim`
    /// (``RouteConfiguration/builtInSimulator``). A value built with `init` has exactly what it is given.
    public var routes: [String: RouteConfiguration]
    /// Drops by name.
    public var drops: [String: DropConfiguration]
    /// The file's top-level `holidays`, already merged into every drop's send window and state windows.
    public var holidays: [CalendarDate]
    /// The top-level `retention:`, already applied to every drop that does not override it.
    public var retention = RetentionSettings()

    public init(
        state: StateConfiguration = StateConfiguration(),
        http: HTTPConfiguration = HTTPConfiguration(),
        routes: [String: RouteConfiguration] = [:],
        drops: [String: DropConfiguration] = [:],
        holidays: [CalendarDate] = []
    ) {
        self.state = state
        self.http = http
        self.routes = routes
        self.drops = drops
        self.holidays = holidays
    }
}

/// Where the store and the spool live: SQLite at `<path>/store.sqlite` (one node), or the cluster's PostgreSQL
/// database (contract section 13), each node's spool under `<path>/<node>/`.
public struct StateConfiguration: Sendable, Equatable {
    public var path: String
    /// The cluster store; nil: SQLite.
    public var postgres: PostgresStoreConfiguration?

    public init(path: String = "/var/lib/remessa", postgres: PostgresStoreConfiguration? = nil) {
        self.path = path
        self.postgres = postgres
    }
}

/// `state.postgres`: the cluster's database and the file holding its password.
public struct PostgresStoreConfiguration: Sendable, Equatable {
    /// `postgres://USER@HOST[:PORT]/DATABASE`, checked when the configuration is read.
    public var url: String
    public var passwordFile: SecretSource

    public init(url: String, passwordFile: SecretSource) {
        self.url = url
        self.passwordFile = passwordFile
    }
}

/// The HTTP listener for `/healthz`, `/readyz`, `/metrics` and provider webhooks.
public struct HTTPConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }

    /// `HOST:PORT` as `http.listen` or `remessad --listen` write it (`[::1]:8080` for IPv6); nil when it is not
    /// one, or the port is not between 1 and 65535.
    public init?(listen text: String) {
        guard let address = ListenAddress(parsing: text), (1...65535).contains(address.port) else { return nil }
        self.init(host: address.host, port: address.port)
    }
}
