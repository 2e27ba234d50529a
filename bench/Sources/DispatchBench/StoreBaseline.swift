import BenchSupport
import Foundation

/// The baseline beside target 1: the `sqlite3` shell making the same changes the dispatcher commits for each
/// message (status SUBMITTED, provider id, attempts, submitted_at, one event) in remessad's own schema, in
/// transactions of `group` messages with `synchronous=FULL` in WAL mode: what SQLite alone sustains on this disk.
struct StoreBaseline {
    let context: BenchContext
    /// A store remessad made, for its schema.
    let schemaFrom: String
    let messages: Int
    let group: Int

    struct Result {
        var seconds: Double
        var perSecond: Double
        var transactions: Int
    }

    func run() throws -> Result {
        let root = try context.directory("baseline")
        let database = root + "/baseline.sqlite"
        let schema = try ChildRun.run(["sqlite3", "-readonly", schemaFrom + "/store.sqlite", ".schema"])
        guard schema.status == 0 else { throw BenchFailure("sqlite3 .schema exited with \(schema.status)") }
        // SQLite makes sqlite_sequence itself for AUTOINCREMENT.
        let statements = schema.output.split(separator: "\n").filter { !$0.contains("sqlite_sequence") }
            .joined(separator: "\n")
        let setup = """
            PRAGMA journal_mode = WAL;
            \(statements)
            INSERT INTO file (id, drop_name, name, processing_name, remote_size, remote_mtime, stage, claimed_at)
              VALUES (1, 'loja1', 'contatos.csv', 'contatos.csv', 0, 0, 'ingested', 0);
            INSERT INTO batch (id, file_id, drop_name, route, messages, segments, created_at)
              VALUES (1, 1, 'loja1', 'sim', \(messages), \(messages), 0);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(messages))
            INSERT INTO message (id, batch_id, line, destination, priority, text, encoding, segments, status)
              SELECT i, 1, i + 1, '55119' || printf('%08d', i), 1, 'Olá, sua fatura ' || i || ' está disponível',
              'GSM7', 1, 'QUEUED' FROM n;

            """
        try setup.write(toFile: root + "/setup.sql", atomically: true, encoding: .utf8)
        let prepared = try ChildRun.run(["sqlite3", database, ".read \(root)/setup.sql"])
        guard prepared.status == 0 else {
            throw BenchFailure("the baseline's setup exited with \(prepared.status):\n\(prepared.output)")
        }

        let (dispatched, transactions) = Self.dispatchWrites(messages: messages, group: group)
        let script = "PRAGMA synchronous = FULL;\n" + dispatched
        try script.write(toFile: root + "/writes.sql", atomically: true, encoding: .utf8)
        let writes = try ChildRun.run(["sqlite3", database, ".read \(root)/writes.sql"])
        let submitted = try ChildRun.run([
            "sqlite3", database, "SELECT count(*) FROM event WHERE status = 'SUBMITTED'",
        ])
        guard writes.status == 0, Int(submitted.output.trimmingCharacters(in: .whitespacesAndNewlines)) == messages
        else {
            throw BenchFailure("the baseline's writes (exit \(writes.status)) made \(submitted.output) events")
        }
        try? FileManager.default.removeItem(atPath: root)
        return Result(seconds: writes.seconds, perSecond: Double(messages) / writes.seconds, transactions: transactions)
    }
}

extension StoreBaseline {
    /// The writes the dispatcher makes for `messages` messages, `group` to a transaction, as SQL both stores run:
    /// each message SUBMITTED with its event. Answers the script and its number of transactions.
    static func dispatchWrites(messages: Int, group: Int) -> (script: String, transactions: Int) {
        var script = ""
        var transactions = 0
        var low = 1
        let at = Date().timeIntervalSince1970
        while low <= messages {
            let high = min(messages, low + group - 1)
            script += """
                BEGIN;
                UPDATE message SET status = 'SUBMITTED', reason_code = NULL, provider_id = 'sim-' || id,
                  next_attempt_at = NULL, attempts = attempts + 1, submitted_at = coalesce(submitted_at, \(at))
                  WHERE id BETWEEN \(low) AND \(high) AND status IN ('QUEUED', 'SCHEDULED');
                INSERT INTO event (message_id, batch_id, status, reason_code, at)
                  SELECT id, batch_id, 'SUBMITTED', NULL, \(at) FROM message WHERE id BETWEEN \(low) AND \(high);
                COMMIT;

                """
            transactions += 1
            low = high + 1
        }
        return (script, transactions)
    }
}
