import Foundation

/// A short-lived thread for part of one transfer (the local file work, or an extra session's stripes), joined
/// before the transfer returns.
final class HelperThread {
    private let condition = NSCondition()
    private var finished = false
    private var failure: (any Error)?

    /// Starts `body` on a new thread; if it throws, `pipe` is cancelled so the other side stops waiting.
    convenience init(name: String, cancelling pipe: BlockPipe, _ body: @escaping @Sendable () throws -> Void) {
        self.init(name: name, onFailure: { pipe.cancel() }, body)
    }

    /// Starts `body` on a new thread; if it throws, `onFailure` runs (on that thread) so the others stop waiting.
    init(name: String, onFailure: @escaping @Sendable () -> Void, _ body: @escaping @Sendable () throws -> Void) {
        let thread = Thread { [self] in
            Thread.current.name = name
            var failure: (any Error)?
            do {
                try body()
            } catch {
                failure = error
                onFailure()
            }
            self.condition.lock()
            self.failure = failure
            self.finished = true
            self.condition.broadcast()
            self.condition.unlock()
        }
        thread.name = name
        thread.start()
    }

    /// Waits for the thread's body to return; rethrows what it threw.
    func join() throws {
        self.condition.lock()
        while !self.finished {
            self.condition.wait()
        }
        let failure = self.failure
        self.condition.unlock()
        if let failure {
            throw failure
        }
    }
}

// @unchecked because `finished` and `failure` are only touched with `condition` locked.
extension HelperThread: @unchecked Sendable {}
