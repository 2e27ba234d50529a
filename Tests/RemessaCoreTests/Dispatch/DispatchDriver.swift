import Foundation
import RemessaCore
import Testing

/// Runs a ``DispatchMachine`` the way the daemon's runner does, on a manual clock: it performs every action
/// against a fake queue, a scripted gateway and a store that commits or fails on request, and moves time only to
/// the next wake the machine asked for or the next gateway answer due. It records what happened and checks, at
/// every step, the invariants every test shares: never more than `maxInFlight` messages submitted and
/// uncommitted, and never one submitted twice while it is.
struct DispatchDriver {
    /// A message handed to the gateway.
    struct Send {
        /// Seconds since the start.
        let at: Double
        let message: QueuedMessage
        let submission: Int
        let isProbe: Bool
        let sender: String?
        let expiresAt: Date?
    }

    struct CommitDone {
        let at: Double
        let commit: DispatchCommit
        let succeeded: Bool
    }

    /// A 2026 date, fixed so send windows and TTLs are exact.
    static let startDate = Date(timeIntervalSince1970: 1_796_000_000)

    static func settings(
        rate: Double = 100,
        burst: Int = 10,
        maxInFlight: Int = 10,
        batchSize: Int = 1,
        retry: RetryPolicy = RetryPolicy(maxAttempts: 3, base: 2, cap: 60),
        circuitFailures: Int = 5,
        circuitOpenFor: Duration = .seconds(10)
    ) -> DispatchSettings {
        DispatchSettings(
            rate: rate,
            burst: burst,
            maxInFlight: maxInFlight,
            batchSize: batchSize,
            retry: retry,
            circuitFailures: circuitFailures,
            circuitOpenFor: circuitOpenFor,
            seed: 7
        )
    }

    let start: ClockReading
    private(set) var now: ClockReading
    var machine: DispatchMachine<TestGate>
    var queue = FakeQueue()

    /// What the gateway answers each message.
    var answer: (QueuedMessage) -> SubmitOutcome = { _ in .accepted(providerID: nil) }
    /// How long the gateway takes to answer.
    var latency: Duration = .zero
    /// A slow gateway: submissions wait for ``answerHeld(_:)``.
    var holdAnswers = false
    /// The store fails every commit.
    var commitsFail = false
    /// Commits wait for ``finishHeldCommit(succeeded:)``.
    var holdCommits = false
    var listingsFail = false
    var pageReadsFail = false
    /// Listings and page reads wait for ``finishHeldRead()``, which answers what the queue held when they were
    /// asked (the store's query ran before whatever happens meanwhile).
    var holdReads = false

    /// The wake the machine asked for last.
    private(set) var wake: ContinuousClock.Instant?
    private(set) var sends: [Send] = []
    private(set) var commits: [CommitDone] = []
    private(set) var notices: [(at: Double, notice: DispatchNotice)] = []
    private(set) var expired: [(at: Double, batchID: Int64, reason: BatchExpiry, sparing: [Int64])] = []
    private(set) var listings: [Double] = []
    private(set) var pageReads: [(at: Double, batchID: Int64, afterID: Int64)] = []
    /// When the machine was ticked for a wake it asked for.
    private(set) var ticks: [Double] = []
    private(set) var stopped: (unrecorded: Int, abandoned: Int)?
    private(set) var stoppedAt: Double?
    /// Wakes asked for at or before the current instant once everything due then was done: a busy loop.
    private(set) var busyWakes = 0
    /// Messages submitted whose outcome is not committed.
    private(set) var outstanding: Set<Int64> = []
    private(set) var maxOutstanding = 0
    /// Submissions the gateway has not answered, with when it answers (`nil`: when the test says).
    private(set) var unanswered: [(due: ContinuousClock.Instant?, submission: DispatchSubmission)] = []
    private(set) var heldCommits: [DispatchCommit] = []
    private(set) var heldReads: [HeldRead] = []

    enum HeldRead {
        case listing([DispatchBatch])
        case page(batchID: Int64, [QueuedMessage])
    }

    private var inbox: [DispatchAction] = []

    init(settings: DispatchSettings = Self.settings(), gate: TestGate = TestGate()) {
        start = ClockReading(instant: .now, date: Self.startDate)
        now = start
        machine = DispatchMachine(settings: settings, gate: gate, at: start)
    }

    // MARK: Time

    /// Seconds since the start.
    var elapsed: Double { seconds(now.instant) }

    func seconds(_ instant: ContinuousClock.Instant) -> Double {
        start.instant.duration(to: instant).inSeconds
    }

    /// The date `seconds` after the start.
    func date(_ seconds: Double) -> Date {
        Self.startDate.addingTimeInterval(seconds)
    }

    private mutating func move(to instant: ContinuousClock.Instant) {
        guard instant > now.instant else { return }
        now = start.advanced(by: start.instant.duration(to: instant))
    }

    // MARK: Events

    mutating func begin() {
        feed(machine.start(at: now))
        settle()
    }

    mutating func workArrived() {
        feed(machine.workArrived(at: now))
        settle()
    }

    mutating func stop() {
        feed(machine.stop(at: now))
        settle()
    }

    /// Runs for `duration` of simulated time.
    mutating func run(for duration: Duration) {
        run(until: now.instant + duration)
    }

    /// Runs until `seconds` after the start.
    mutating func run(untilSecond seconds: Double) {
        run(until: start.instant + .seconds(seconds))
    }

    /// Moves time from event to event (a gateway answer due, the machine's wake) up to `end`.
    mutating func run(until end: ContinuousClock.Instant) {
        settle()
        var stuck = 0
        while true {
            var next = wake
            if let due = unanswered.compactMap(\.due).min() {
                next = min(next ?? due, due)
            }
            guard let next, next <= end else { break }
            if next <= now.instant {
                busyWakes += 1
                stuck += 1
                if stuck > 1_000 {
                    Issue.record("The machine keeps asking to wake at once at \(elapsed) s")
                    return
                }
            } else {
                stuck = 0
                move(to: next)
            }
            if unanswered.contains(where: { $0.due.map { $0 <= now.instant } ?? false }) {
                settle()
            } else {
                ticks.append(elapsed)
                feed(machine.tick(at: now))
                settle()
            }
        }
        move(to: end)
    }

    /// Answers the oldest held submission (or the one given) with `outcomes`, or what ``answer`` says.
    mutating func answerHeld(_ id: Int? = nil, with outcomes: [SubmitOutcome]? = nil) {
        guard let index = unanswered.firstIndex(where: { id == nil || $0.submission.id == id }) else {
            Issue.record("No submission to answer")
            return
        }
        let submission = unanswered.remove(at: index).submission
        deliver(submission, outcomes: outcomes ?? submission.messages.map(answer))
        settle()
    }

    /// Answers the oldest held commit.
    mutating func finishHeldCommit(succeeded: Bool) {
        guard !heldCommits.isEmpty else {
            Issue.record("No commit to finish")
            return
        }
        finish(heldCommits.removeFirst(), succeeded: succeeded)
        settle()
    }

    /// Answers the oldest held listing or page read.
    mutating func finishHeldRead() {
        guard !heldReads.isEmpty else {
            Issue.record("No read to finish")
            return
        }
        switch heldReads.removeFirst() {
        case .listing(let batches): feed(machine.queueListed(batches, at: now))
        case .page(let batchID, let page): feed(machine.pageRead(batchID: batchID, page, at: now))
        }
        settle()
    }

    // MARK: Performing actions

    /// Takes a machine call's actions: its wake replaces the last one (no wake: none wanted).
    private mutating func feed(_ actions: [DispatchAction]) {
        wake = nil
        for action in actions {
            if case .wake(let at) = action {
                wake = at
            } else {
                inbox.append(action)
            }
        }
    }

    /// Performs every action and delivers every gateway answer due now.
    private mutating func settle() {
        var steps = 0
        while true {
            steps += 1
            if steps > 1_000_000 {
                Issue.record("The machine does not settle at \(elapsed) s")
                return
            }
            if !inbox.isEmpty {
                perform(inbox.removeFirst())
            } else if let index = unanswered.firstIndex(where: { $0.due.map { $0 <= now.instant } ?? false }) {
                let submission = unanswered.remove(at: index).submission
                deliver(submission, outcomes: submission.messages.map(answer))
            } else {
                return
            }
        }
    }

    private mutating func perform(_ action: DispatchAction) {
        switch action {
        case .listQueue:
            listings.append(elapsed)
            if holdReads {
                heldReads.append(.listing(queue.batches))
            } else {
                feed(listingsFail ? machine.listingFailed(at: now) : machine.queueListed(queue.batches, at: now))
            }
        case .readPage(let batchID, let afterID, let limit):
            pageReads.append((elapsed, batchID, afterID))
            let page = queue.page(batchID: batchID, afterID: afterID, limit: limit)
            if holdReads {
                heldReads.append(.page(batchID: batchID, page))
            } else if pageReadsFail {
                feed(machine.pageFailed(batchID: batchID, at: now))
            } else {
                feed(machine.pageRead(batchID: batchID, page, at: now))
            }
        case .expire(let batchID, let reason, let sparing):
            expired.append((elapsed, batchID, reason, sparing))
            queue.expire(batchID: batchID, reason: reason, sparing: Set(sparing))
        case .submit(let submission):
            for message in submission.messages {
                if outstanding.contains(message.id) {
                    Issue.record("Message \(message.id) submitted again before its outcome was committed")
                }
                outstanding.insert(message.id)
                sends.append(
                    Send(
                        at: elapsed,
                        message: message,
                        submission: submission.id,
                        isProbe: submission.isProbe,
                        sender: submission.sender,
                        expiresAt: submission.expiresAt
                    )
                )
            }
            maxOutstanding = max(maxOutstanding, outstanding.count)
            if outstanding.count > machine.settings.maxInFlight {
                Issue.record("\(outstanding.count) messages in flight at \(elapsed) s")
            }
            unanswered.append((holdAnswers ? nil : now.instant + latency, submission))
        case .commit(let commit):
            if holdCommits {
                heldCommits.append(commit)
            } else {
                finish(commit, succeeded: !commitsFail)
            }
        case .notice(let notice):
            notices.append((elapsed, notice))
        case .wake:
            break
        case .stopped(let unrecorded, let abandoned):
            stopped = (unrecorded, abandoned)
            stoppedAt = elapsed
        }
    }

    private mutating func deliver(_ submission: DispatchSubmission, outcomes: [SubmitOutcome]) {
        for (message, outcome) in zip(submission.messages, outcomes) {
            if case .temporary(_, true, _) = outcome { outstanding.remove(message.id) }
        }
        feed(machine.submitted(submission.id, outcomes: outcomes, at: now))
    }

    private mutating func finish(_ commit: DispatchCommit, succeeded: Bool) {
        commits.append(CommitDone(at: elapsed, commit: commit, succeeded: succeeded))
        if succeeded {
            queue.apply(commit.records)
            for record in commit.records { outstanding.remove(record.messageID) }
            feed(machine.committed(commit.id, at: now))
        } else {
            feed(machine.commitFailed(commit.id, at: now))
        }
    }

    // MARK: Reading what happened

    /// Every record committed, in order.
    var committedRecords: [DispatchRecord] {
        commits.filter(\.succeeded).flatMap(\.commit.records)
    }

    /// The ids submitted, in order.
    var sentIDs: [Int64] { sends.map(\.message.id) }

    /// Messages submitted in `[from, to)` seconds.
    func sendCount(from: Double = 0, to: Double) -> Int {
        sends.count { $0.at >= from && $0.at < to }
    }

    /// Notices in order, without their times.
    var noticeList: [DispatchNotice] { notices.map(\.notice) }
}

/// Whether `value` is within `tolerance` of `expected` (times in seconds, made of floating-point sums).
func isNear(_ value: Double?, _ expected: Double, within tolerance: Double = 1e-6) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= tolerance
}
