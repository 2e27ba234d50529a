extension PostgresSchema {
    /// The migrations only the cluster store has, and the tables they make: a SQLite store is one node, with no
    /// one to share a drop or a route with, so it needs no leases.
    public static let clusterOnlyMigrations: Set<String> = [v6Leases.name]
    /// The tables of ``clusterOnlyMigrations``.
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
