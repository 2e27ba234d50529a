import PostgresNIO

/// A node of the cluster as the `node` table records it, for `remessa status`.
public struct ClusterNode: Sendable, Hashable {
    public var name: String
    /// Since the node last started.
    public var upFor: Duration
    /// Since the node was last seen (its start or its last ``Leases/touchNode()``).
    public var seenAgo: Duration
}

extension Leases {
    /// Records that this node started now (on the database's clock).
    public func registerNode() async throws {
        try await self.client.query(
            """
            INSERT INTO node (name, started_at, last_seen_at) VALUES (\(self.node), now(), now())
            ON CONFLICT (name) DO UPDATE SET started_at = now(), last_seen_at = now()
            """,
            logger: self.logger
        )
    }

    /// Records that this node is alive now (a node registered earlier, or not at all).
    public func touchNode() async throws {
        try await self.client.query(
            """
            INSERT INTO node (name, started_at, last_seen_at) VALUES (\(self.node), now(), now())
            ON CONFLICT (name) DO UPDATE SET last_seen_at = now()
            """,
            logger: self.logger
        )
    }

    /// Every node recorded, by name.
    public func nodes() async throws -> [ClusterNode] {
        let rows = try await self.client.query(
            """
            SELECT name, extract(epoch FROM now() - started_at)::float8, extract(epoch FROM now() - last_seen_at)::float8
            FROM node ORDER BY name
            """,
            logger: self.logger
        )
        var nodes: [ClusterNode] = []
        for try await (name, up, seen) in rows.decode((String, Double, Double).self) {
            nodes.append(ClusterNode(name: name, upFor: .seconds(up), seenAgo: .seconds(seen)))
        }
        return nodes
    }
}
