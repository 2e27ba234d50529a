import Logging
import RemessaConfig
import RemessaDrops
import RemessaMetrics
import RemessaSFTP
import RemessaStore

/// Everything one drop's services share: its configuration, its transport (one connection), the store. Its
/// extensions poll the drop (`+Polling`) and take claimed files through their steps (`+FileSteps`).
struct DropContext: Sendable {
    let drop: DropConfiguration
    let transport: any DropTransport
    let store: any Store
    let spool: Spool
    let metrics: DropMetrics
    let logger: Logger
    /// Each route's sender, for the final file of a batch that names none (a sub-account's file may go through
    /// another route than the drop's).
    let routeSenders: [String: String]

    init(
        drop: DropConfiguration,
        store: any Store,
        spool: Spool,
        metrics: DaemonMetrics,
        logger: Logger,
        environment: [String: String],
        routeSenders: [String: String] = [:]
    ) throws {
        var logger = logger
        logger[metadataKey: "remessa.drop"] = "\(drop.name)"
        self.drop = drop
        self.transport = try DropTransportFactory.make(for: drop, environment: environment, logger: logger)
        self.store = store
        self.spool = spool
        self.metrics = DropMetrics(drop: drop.name, metrics: metrics)
        self.logger = logger
        self.routeSenders = routeSenders
    }

    var folders: DropFolders { drop.folders }
}
