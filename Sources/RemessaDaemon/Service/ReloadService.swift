import Logging
import RemessaConfig
import RemessaSystemd
import ServiceLifecycle
import UnixSignals

/// Reloads the configuration on SIGHUP. A configuration with errors is refused and logged; the running one
/// stays. Drops may come and go; the store, the spool and the HTTP listener stay as they started.
struct ReloadService: Service {
    let path: String
    let variables: [String: String]
    let notifier: SystemdNotifier?
    let logger: Logger
    let apply: @Sendable (RemessaConfiguration) -> Void

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            try? notifier?.send(.reloading)
            do {
                let configuration = try RemessaConfiguration.load(path: path, environment: variables)
                apply(configuration)
                logger.notice(
                    "Configuration reloaded",
                    metadata: ["remessa.drops": "\(configuration.drops.keys.sorted())"]
                )
            } catch {
                logger.error(
                    "Configuration reload refused; keeping the running one",
                    metadata: ["remessa.error": "\(error)"]
                )
            }
            try? notifier?.send(.ready)
        }
    }
}
