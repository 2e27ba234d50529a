import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A serial executor that runs every job on one dedicated thread.
///
/// libssh2 calls block and a session is not thread-safe, so each ``SFTPClient`` runs on its own thread instead
/// of the cooperative pool (which has one thread per core: two blocked sessions would stall every task in the
/// process). While no job is queued the thread can run an idle handler every so often; the client uses that to
/// send SSH keepalives from the thread that owns the session.
final class SessionThreadExecutor: SerialExecutor {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var nextJob = 0
    private var stopping = false
    private var threadID: pthread_t?
    private var idleInterval: Duration?
    private var idleHandler: (@Sendable () -> Void)?

    /// Starts the thread; it runs until ``shutdown()``.
    init(name: String) {
        let thread = Thread { [self] in
            // Named from inside: on Linux a name set before start() does not reach the OS thread.
            Thread.current.name = name
            self.run()
        }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        self.condition.lock()
        self.jobs.append(job)
        self.condition.signal()
        self.condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    func isIsolatingCurrentContext() -> Bool? {
        self.isOnThread
    }

    func checkIsolated() {
        precondition(self.isOnThread, "not on the SFTP session thread")
    }

    /// Whether the caller runs on this executor's thread.
    var isOnThread: Bool {
        self.condition.lock()
        defer { self.condition.unlock() }
        guard let threadID = self.threadID else { return false }
        return pthread_equal(threadID, pthread_self()) != 0
    }

    /// Runs `handler` on the thread whenever it has been idle for `interval`; `nil` stops it.
    func setIdleHandler(every interval: Duration?, _ handler: (@Sendable () -> Void)?) {
        self.condition.lock()
        self.idleInterval = interval
        self.idleHandler = handler
        self.condition.signal()
        self.condition.unlock()
    }

    /// Lets the thread finish the queued jobs and exit. Does not wait.
    func shutdown() {
        self.condition.lock()
        self.stopping = true
        self.idleHandler = nil
        self.condition.signal()
        self.condition.unlock()
    }

    private func run() {
        self.condition.lock()
        self.threadID = pthread_self()
        self.condition.unlock()
        while let work = self.nextWork() {
            switch work {
            case .job(let job):
                job.runSynchronously(on: self.asUnownedSerialExecutor())
            case .idle(let handler):
                handler()
            }
        }
    }

    private enum Work {
        case job(UnownedJob)
        case idle(@Sendable () -> Void)
    }

    /// Waits for the next job, or for the idle interval to pass; `nil` once stopped and drained.
    private func nextWork() -> Work? {
        self.condition.lock()
        defer { self.condition.unlock() }
        while true {
            if self.nextJob < self.jobs.count {
                let job = self.jobs[self.nextJob]
                self.nextJob += 1
                if self.nextJob == self.jobs.count {
                    self.jobs.removeAll(keepingCapacity: true)
                    self.nextJob = 0
                }
                return .job(job)
            }
            if self.stopping {
                return nil
            }
            if let interval = self.idleInterval, self.idleHandler != nil {
                let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
                let signalled = self.condition.wait(until: Date(timeIntervalSinceNow: seconds))
                if !signalled, !self.stopping, self.nextJob >= self.jobs.count, let handler = self.idleHandler {
                    return .idle(handler)
                }
            } else {
                self.condition.wait()
            }
        }
    }
}

// @unchecked because every mutable field is read and written only with `condition` locked.
extension SessionThreadExecutor: @unchecked Sendable {}
