/// Decides which inbox files are completely uploaded (contract section 1), from successive listings.
///
/// `stable`: a file is ready once its size and modification time stayed the same across observations at least
/// `stableFor` apart; any change starts the wait again. `marker`: a file is ready when `<name>.ok` is listed
/// beside it and is not older than the file (a marker left behind by a crash after an earlier claim of the same
/// name does not make a new upload ready). Time is whatever monotonic instant the caller passes, so tests drive it by hand.
public struct ReadinessTracker: Sendable {
    public enum Rule: Sendable, Equatable {
        case stable(for: Duration)
        case marker
    }

    /// What one observation found.
    public struct Verdict: Sendable, Equatable {
        /// Ready files, in upload order (oldest modification first, then by name).
        public var ready: [InboxFile]
        /// Eligible files still being watched.
        public var waiting: [InboxFile]
    }

    public let rule: Rule
    public let eligibility: InboxEligibility
    private var seen: [String: (file: InboxFile, since: Duration)] = [:]

    public init(rule: Rule, eligibility: InboxEligibility) {
        self.rule = rule
        self.eligibility = eligibility
    }

    /// Takes the inbox's current listing at instant `now`.
    public mutating func observe(_ listing: [InboxFile], at now: Duration) -> Verdict {
        var markers: [String: Int64] = [:]
        if rule == .marker {
            for file in listing where file.name.hasSuffix(InboxEligibility.markerSuffix) {
                markers[file.name] = file.modification
            }
        }
        var verdict = Verdict(ready: [], waiting: [])
        var next: [String: (file: InboxFile, since: Duration)] = [:]
        for file in listing where eligibility.isEligible(file.name) {
            switch rule {
            case .marker:
                // A cancel marker is empty: there is no upload to wait for.
                if InboxEligibility.cancelledInput(file.name) != nil {
                    verdict.ready.append(file)
                } else if let marked = markers[file.name + InboxEligibility.markerSuffix],
                    marked >= file.modification
                {
                    verdict.ready.append(file)
                } else {
                    verdict.waiting.append(file)
                }
            case .stable(let stableFor):
                let since = seen[file.name].flatMap { $0.file == file ? $0.since : nil } ?? now
                next[file.name] = (file, since)
                if now - since >= stableFor && since != now {
                    verdict.ready.append(file)
                } else {
                    verdict.waiting.append(file)
                }
            }
        }
        seen = next
        verdict.ready.sort { ($0.modification, $0.name) < ($1.modification, $1.name) }
        return verdict
    }

    /// Forgets a file, e.g. once it is claimed.
    public mutating func forget(_ name: String) {
        seen[name] = nil
    }
}
