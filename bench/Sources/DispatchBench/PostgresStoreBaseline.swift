import BenchPostgres
import BenchSupport
import Foundation

/// The baseline beside target 1 on PostgreSQL, as ``StoreBaseline`` is on SQLite: `psql`, as Remessa's role over
/// TCP, making the same changes the dispatcher commits for each message (status SUBMITTED, provider id, attempts,
/// submitted_at, one event) in remessad's own schema (`pg_dump --schema-only` of the database it used), in
/// transactions of `group` messages, one session, on the same cluster with the same settings.
struct PostgresStoreBaseline {
    let context: BenchContext
    let cluster: BenchCluster
    /// The database remessad made, for its schema.
    let schemaFrom: String
    let messages: Int
    let group: Int

    static let database = "baseline"

    func run() throws -> StoreBaseline.Result {
        let root = try context.directory("baseline-pg")
        let database = Self.database
        try cluster.recreateDatabase(database)
        defer { cluster.dropDatabase(database) }
        let schema = root + "/schema.sql"
        try cluster.dumpSchema(of: schemaFrom, to: schema)
        try cluster.psql(["-f", schema], database: database)
        let setup = """
            INSERT INTO file (id, drop_name, name, processing_name, remote_size, remote_mtime, stage, claimed_at)
              VALUES (1, 'loja1', 'contatos.csv', 'contatos.csv', 0, 0, 'ingested', 0);
            INSERT INTO batch (id, file_id, drop_name, route, messages, segments, created_at)
              VALUES (1, 1, 'loja1', 'sim', \(messages), \(messages), 0);
            INSERT INTO message (id, batch_id, line, destination, priority, text, encoding, segments, status)
              SELECT i, 1, i + 1, '55119' || lpad(i::text, 8, '0'), 1,
              'Olá, sua fatura ' || i || ' está disponível', 'GSM7', 1, 'QUEUED' FROM generate_series(1, \(messages)) i;
            ANALYZE file, batch, message;

            """
        try setup.write(toFile: root + "/setup.sql", atomically: true, encoding: .utf8)
        try cluster.psql(["-f", root + "/setup.sql"], database: database)

        let (script, transactions) = StoreBaseline.dispatchWrites(messages: messages, group: group)
        try script.write(toFile: root + "/writes.sql", atomically: true, encoding: .utf8)
        try cluster.checkpoint()
        let writes = try cluster.psql(["-f", root + "/writes.sql"], database: database)
        let submitted = Int(
            try cluster.number("SELECT count(*) FROM event WHERE status = 'SUBMITTED'", database: database)
        )
        guard submitted == messages else {
            throw BenchFailure("the PostgreSQL baseline's writes made \(submitted) events, not \(messages)")
        }
        try? FileManager.default.removeItem(atPath: root)
        return StoreBaseline.Result(
            seconds: writes.seconds,
            perSecond: Double(messages) / writes.seconds,
            transactions: transactions
        )
    }
}
