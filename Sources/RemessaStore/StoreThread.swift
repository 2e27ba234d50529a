import Foundation

/// Blocking store work (an ingest's validation and inserts) on a thread of its own, off the cooperative pool.
package enum StoreThread {
    /// Runs `work` on a new thread named `name`, with the main thread's stack (validation recurses no deeper than
    /// the main thread would), and answers what it returns or throws.
    package static func run<T: Sendable>(
        named name: String,
        _ work: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.name = name
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
