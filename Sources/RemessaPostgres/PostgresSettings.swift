import Foundation
import RemessaCore
import NIOSSL
import PostgresNIO

/// Where the cluster store's database is and how a node logs in to it (contract section 13, `state.postgres`).
///
/// The password is never part of the settings' text: it is read from ``passwordFile`` when a client is made, so a
/// rotated password needs no new settings. On loopback the connection is plain; elsewhere it uses TLS when the
/// server offers it.
///
/// ```swift
/// let settings = try PostgresSettings(url: "postgres://remessa@db.example:5432/remessa", passwordFile: path)
/// try await settings.withClient(logger: logger) { client in … }
/// ```
public struct PostgresSettings: Sendable, Hashable {
    /// Whether the connection is encrypted.
    public enum TLSMode: Sendable, Hashable {
        /// Plain TCP: for loopback, where nothing crosses a wire.
        case disabled
        /// TLS when the server offers it, plain otherwise.
        case preferred
    }

    public var host: String
    public var port: Int
    /// The role the node logs in as.
    public var user: String
    public var database: String
    /// The file that holds the role's password; one trailing line break is not part of it.
    public var passwordFile: String
    public var tls: TLSMode
    /// The most connections one node's pool opens.
    public var maximumConnections: Int

    /// Settings for `host`; TLS is off on loopback and preferred elsewhere unless `tls` says otherwise.
    public init(
        host: String,
        port: Int = 5432,
        user: String,
        database: String,
        passwordFile: String,
        tls: TLSMode? = nil,
        maximumConnections: Int = 10
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.passwordFile = passwordFile
        self.tls = tls ?? (Self.isLoopback(host) ? .disabled : .preferred)
        self.maximumConnections = maximumConnections
    }

    /// Settings from the contract's `url` (`postgres://USER@HOST[:PORT]/DATABASE`, no password in it) and
    /// `passwordFile` (already resolved to a path).
    public init(url: String, passwordFile: String) throws(PostgresStoreError) {
        let address: PostgresURL
        do {
            address = try PostgresURL(parsing: url)
        } catch {
            throw PostgresStoreError(error.description)
        }
        self.init(
            host: address.host,
            port: address.port,
            user: address.user,
            database: address.database,
            passwordFile: passwordFile
        )
    }

    /// Whether `host` is this machine: `localhost`, 127.0.0.0/8 or `::1`.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The password, read from ``passwordFile`` now, without one trailing `\n` or `\r\n`.
    public func readPassword() throws(PostgresStoreError) -> String {
        guard let data = FileManager.default.contents(atPath: self.passwordFile) else {
            throw PostgresStoreError("cannot read the password file \(self.passwordFile)")
        }
        var bytes = [UInt8](data)
        if bytes.last == UInt8(ascii: "\n") {
            bytes.removeLast()
            if bytes.last == UInt8(ascii: "\r") {
                bytes.removeLast()
            }
        }
        guard let password = String(validating: bytes, as: UTF8.self), !password.isEmpty else {
            throw PostgresStoreError("the password file \(self.passwordFile) is empty or not text")
        }
        return password
    }

    /// postgres-nio's client configuration, with the password read now.
    public func clientConfiguration() throws(PostgresStoreError) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch self.tls {
            case .disabled: .disable
            case .preferred: .prefer(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: self.host,
            port: self.port,
            username: self.user,
            password: try self.readPassword(),
            database: self.database,
            tls: tls
        )
        configuration.options.maximumConnections = self.maximumConnections
        configuration.options.connectTimeout = .seconds(10)
        // A statement waits at most 10 s for a row lock, and a session idle inside a transaction (a node paused or
        // cut off mid-write) is ended after 60 s, so one node's stall never holds another's writes for long.
        configuration.options.additionalStartupParameters = [
            ("application_name", "remessa"),
            ("lock_timeout", "10s"),
            ("idle_in_transaction_session_timeout", "60s"),
        ]
        return configuration
    }
}
