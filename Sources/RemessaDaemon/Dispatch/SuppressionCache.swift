import RemessaCore
import RemessaStore
import Synchronization

/// The opt-out lists in memory, for the check at dispatch; reloaded only when the store's lists changed.
final class SuppressionCache: Sendable {
    private let state = Mutex<(version: Int64, lists: [String: Set<String>])>((-1, [:]))

    /// Whether `destination` (E.164 digits) is on any of `lists`.
    func contains(_ destination: String, lists: [String]) -> Bool {
        state.withLock { state in lists.contains { state.lists[$0]?.contains(destination) ?? false } }
    }

    /// Reloads the lists if the store's version moved since the last load.
    func refresh(from store: any Store) async {
        do {
            let version = try await store.suppressionVersion()
            guard version != state.withLock({ $0.version }) else { return }
            let lists = try await store.suppressionLists()
            state.withLock { $0 = (version, lists) }
        } catch {
            // Keep the last lists: a read failure here must not stop sending; the next refresh retries.
        }
    }
}
