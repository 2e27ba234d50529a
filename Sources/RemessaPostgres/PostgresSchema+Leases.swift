extension PostgresSchema {
    /// The migrations only the cluster store has, and the tables they make: a SQLite store is one node, with no
    /// one to share a drop or a route with, so it needs no leases.
    public static let clusterOnlyMigrations: Set<String> = [v6Leases.name, v7MessageBatchKey.name]
    /// The tables of ``clusterOnlyMigrations`` (`v7-message-batch-key` makes none).
    public static let clusterOnlyTables: Set<String> = ["lease", "node"]

    /// `v6-leases` (PostgreSQL only): who holds each drop and each route (contract section 13), and the nodes.
    ///
    /// A lease row is `(kind, key)` with its holder, its fencing `token` and when it runs out on the database's
    /// clock. `lease_token` hands out every token, so a new holder's token is always greater than any token before
    /// it. A released lease's row is deleted; an expired one stays until another node takes it over. `node`
    /// records when each node started and was last seen, for `remessa status`.
    static let v6Leases = PostgresMigration(
        "v6-leases",
        [
            "CREATE SEQUENCE lease_token AS bigint",
            """
            CREATE TABLE lease (
                kind text NOT NULL,
                key text NOT NULL,
                node text NOT NULL,
                token bigint NOT NULL,
                expires_at timestamptz NOT NULL,
                acquired_at timestamptz NOT NULL,
                renewed_at timestamptz NOT NULL,
                PRIMARY KEY (kind, key)
            )
            """,
            """
            CREATE TABLE node (
                name text PRIMARY KEY,
                started_at timestamptz NOT NULL,
                last_seen_at timestamptz NOT NULL
            )
            """,
        ]
    )
}

extension PostgresSchema {
    /// `v7-message-batch-key` (PostgreSQL only): drops the foreign key `message.batch_id → batch`. PostgreSQL
    /// checks it row by row, and in an ingest's `COPY` that check was half the time (4.3–9.8 s of a 1,000,000-row
    /// file, `bench/run ingest-pg`); the rule it kept holds by construction: a batch's messages go in with one
    /// `COPY` in the very transaction that inserts the batch, and nothing else inserts messages. (SQLite skips the
    /// same check while it stages a file's messages.)
    static let v7MessageBatchKey = PostgresMigration(
        "v7-message-batch-key",
        ["ALTER TABLE message DROP CONSTRAINT IF EXISTS message_batch_id_fkey"]
    )
}
