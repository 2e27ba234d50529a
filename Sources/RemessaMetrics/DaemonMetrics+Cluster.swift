import Prometheus

extension DaemonMetrics {
    /// The leases this node holds now, by kind (`drop`, `route`): `remessa_node_leases{kind}` (contract section
    /// 13). A kind absent from `held` counts 0.
    package func nodeLeases(_ held: [String: Int], kinds: [String] = ["drop", "route"]) {
        for kind in Set(kinds).union(held.keys) {
            self.registry.makeGauge(descriptor: DaemonMetric.nodeLeases.descriptor, labels: [("kind", kind)])
                .set(Double(held[kind] ?? 0))
        }
    }
}
