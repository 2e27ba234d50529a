import RemessaStore
import Synchronization

/// The opt-out list in memory, for the check at dispatch; reloaded only when the store's list changed.
final class SuppressionCache: Sendable {
    private let state = Mutex<(version: Int64, destinations: Set<String>)>((-1, []))

    /// Whether `destination` (E.164 digits) opted out.
    func contains(_ destination: String) -> Bool {
        state.withLock { $0.destinations.contains(destination) }
    }

    /// Reloads the list if the store's version moved since the last load.
    func refresh(from store: Store) async {
        do {
            let version = try await store.suppressionVersion()
            guard version != state.withLock({ $0.version }) else { return }
            let destinations = try await store.suppressedDestinations()
            state.withLock { $0 = (version, destinations) }
        } catch {
            // Keep the last list: a read failure here must not stop sending; the next refresh retries.
        }
    }
}
