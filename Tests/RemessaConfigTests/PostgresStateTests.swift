import RemessaConfig
import RemessaTesting
import Testing

@Suite("state.postgres: the cluster store (contract §13)")
struct PostgresStateTests {
    @Test("Absent: SQLite under state.path, one node")
    func absent() throws {
        let configuration = try parse("state:\n  path: /var/lib/remessa\n")
        #expect(configuration.state.postgres == nil)
    }

    @Test("url and passwordFile, as the contract writes them")
    func contractExample() throws {
        let credentials = try TemporaryDirectory(prefix: "remessa-config-tests")
        defer { credentials.remove() }
        _ = try credentials.write("pg-password", "s3cr3t\n")
        let configuration = try parse(
            """
            state:
              path: /var/lib/remessa
              postgres:
                url: postgres://remessa@db.example:5432/remessa
                passwordFile: credential:pg-password
            """,
            environment: ["CREDENTIALS_DIRECTORY": credentials.path]
        )
        #expect(
            configuration.state.postgres
                == PostgresStoreConfiguration(
                    url: "postgres://remessa@db.example:5432/remessa",
                    passwordFile: .credential("pg-password")
                )
        )
    }

    @Test("A password in the URL is refused without repeating it; both keys are required")
    func refused() throws {
        let inline = try #require(
            failure(
                """
                state:
                  postgres:
                    url: postgres://remessa:s3cr3t@db.example/remessa
                    passwordFile: /etc/remessa/pg
                """
            )
        )
        #expect(inline.description.hasPrefix("state.postgres.url:"))
        #expect(inline.description.contains("passwordFile"))
        #expect(!String(reflecting: inline).contains("s3cr3t"))

        let missing = try #require(failure("state:\n  postgres:\n    url: postgres://remessa@db/remessa\n"))
        #expect(missing.description.contains("passwordFile"))
        let noDatabase = try #require(
            failure("state:\n  postgres:\n    url: postgres://remessa@db\n    passwordFile: /etc/remessa/pg\n")
        )
        #expect(noDatabase.description.contains("names no database"))
    }
}
