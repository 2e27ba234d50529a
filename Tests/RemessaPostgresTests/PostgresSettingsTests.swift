import RemessaPostgres
import RemessaTesting
import Testing

@Suite("PostgresSettings: the contract's url and passwordFile")
struct PostgresSettingsTests {
    @Test("A postgres:// URL gives host, port, user and database; TLS is off on loopback only")
    func parsesURL() throws {
        let remote = try PostgresSettings(url: "postgres://remessa@db.example:6432/remessa", passwordFile: "/p")
        #expect(remote.host == "db.example")
        #expect(remote.port == 6432)
        #expect(remote.user == "remessa")
        #expect(remote.database == "remessa")
        #expect(remote.passwordFile == "/p")
        #expect(remote.tls == .preferred)
        let local = try PostgresSettings(url: "postgresql://node@127.0.0.1/cluster", passwordFile: "/p")
        #expect(local.port == 5432)
        #expect(local.tls == .disabled)
        #expect(try PostgresSettings(url: "postgres://node@[::1]:5433/db", passwordFile: "/p").host == "::1")
    }

    @Test(
        "A URL with a password, without a user or a database, with parameters, or of another scheme is refused",
        arguments: [
            "postgres://remessa:secret@db.example/remessa", "postgres://db.example/remessa",
            "postgres://remessa@db.example", "postgres://remessa@db.example/", "postgres://remessa@db.example/a/b",
            "postgres://remessa@db.example/remessa?sslmode=require", "mysql://remessa@db.example/remessa",
            "remessa@db.example/remessa",
        ]
    )
    func refusesURL(_ url: String) {
        #expect(throws: PostgresStoreError.self) {
            try PostgresSettings(url: url, passwordFile: "/p")
        }
    }

    @Test("The password is the file's text without one trailing line break; an empty or missing file is an error")
    func readsPassword() throws {
        let directory = try TemporaryDirectory(prefix: "pg-settings")
        defer { directory.remove() }
        func settings(_ file: String) -> PostgresSettings {
            PostgresSettings(host: "127.0.0.1", user: "u", database: "d", passwordFile: file)
        }
        #expect(try settings(directory.write("crlf", "s3cret\r\n")).readPassword() == "s3cret")
        #expect(try settings(directory.write("plain", "s3cret")).readPassword() == "s3cret")
        #expect(try settings(directory.write("two", "s3cret\n\n")).readPassword() == "s3cret\n")
        #expect(throws: PostgresStoreError.self) { try settings(directory.write("empty", "\n")).readPassword() }
        #expect(throws: PostgresStoreError.self) { try settings(directory.appending("missing")).readPassword() }
    }
}
