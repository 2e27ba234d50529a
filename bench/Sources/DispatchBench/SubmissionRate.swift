/// A sending rate read from the store: each message's `submitted_at` (its SUBMITTED event's `at`) is the commit time of the group it was
/// written in, so events come in clumps of one commit each.
struct SubmissionRate {
    let times: [Double]

    var count: Int { times.count }
    var first: Double { times.first ?? 0 }
    var last: Double { times.last ?? 0 }
    var span: Double { last - first }

    /// Distinct commit times: how many transactions wrote these events.
    var commits: Int {
        var count = 0
        var previous = -Double.infinity
        for time in times where time != previous {
            count += 1
            previous = time
        }
        return count
    }

    /// (n − 1) / (last − first): the first event opens the interval, the others fill it.
    var perSecond: Double { count > 1 && span > 0 ? Double(count - 1) / span : 0 }

    /// The same rate over the events after `start` only.
    func perSecond(after start: Double) -> (rate: Double, count: Int) {
        let later = times.filter { $0 > start }
        guard later.count > 1, let first = later.first, let last = later.last, last > first else { return (0, 0) }
        return (Double(later.count - 1) / (last - first), later.count)
    }

    /// The fewest and the most events in any 1-second window [t, t + 1) that starts at an event and ends by the
    /// last one; `nil` for a span under 2 s.
    var oneSecondWindows: (fewest: Int, most: Int)? {
        guard span >= 2 else { return nil }
        var fewest = Int.max
        var most = 0
        var end = 0
        for (start, time) in times.enumerated() where time + 1 <= last {
            // Only where a clump begins: inside a clump the window would count the rest of it twice over.
            if start > 0, times[start - 1] == time { continue }
            while end < times.count, times[end] < time + 1 { end += 1 }
            fewest = min(fewest, end - start)
            most = max(most, end - start)
        }
        return fewest == Int.max ? nil : (fewest, most)
    }
}
