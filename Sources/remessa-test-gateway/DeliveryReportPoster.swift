import RemessaCore
import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Posts a signed delivery report for every accepted message to `<dlr-url>/dlr/<route>`, `delay` after its
/// acceptance, with `X-Remessa-Timestamp` and the signature of `<timestamp>.<body>` (contract §9a): JSON arrays of up to `batchSize` reports, a few posters at once, each failed post retried with
/// backoff until it goes through (or the gateway gives up at exit).
final class DeliveryReportPoster: Sendable {
    /// Where reports go and how they are signed.
    struct Target: Sendable {
        var url: String
        var secret: [UInt8]
        var status: String
        var code: String
        var delay: Duration
    }

    private struct Pending {
        var id: String
        var acceptedAt: Date
        var due: ContinuousClock.Instant
    }

    /// Pending reports in due order (every report waits the same delay); `head` is the next one.
    private struct Queue {
        var items: [Pending] = []
        var head = 0
        var finishBy: ContinuousClock.Instant?
    }

    let target: Target
    private let state: GatewayState
    private let queue = Mutex(Queue())
    private let posters: Int
    private let batchSize: Int

    init(target: Target, state: GatewayState, posters: Int = 4, batchSize: Int = 500) {
        self.target = target
        self.state = state
        self.posters = posters
        self.batchSize = batchSize
    }

    /// Schedules a report for each of `ids`, accepted now.
    func enqueue(_ ids: [String]) {
        let now = Date()
        let due = ContinuousClock.now + target.delay
        queue.withLock { queue in
            for id in ids {
                queue.items.append(Pending(id: id, acceptedAt: now, due: due))
            }
        }
    }

    /// Asks ``run(client:)`` to return once every pending report is posted, or at `deadline`.
    func finish(by deadline: ContinuousClock.Instant) {
        queue.withLock { $0.finishBy = deadline }
    }

    /// Runs the posters until ``finish(by:)`` and the queue is empty, its deadline passes, or cancellation.
    func run(client: HTTPClient) async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<posters {
                group.addTask { await self.post(client: client) }
            }
        }
    }

    private enum Next {
        case reports([Pending])
        case wait
        case done
    }

    private func next() -> Next {
        queue.withLock { queue in
            let now = ContinuousClock.now
            if let deadline = queue.finishBy, now >= deadline {
                return .done
            }
            var end = queue.head
            while end < queue.items.count, end - queue.head < batchSize, queue.items[end].due <= now {
                end += 1
            }
            if end == queue.head {
                return queue.finishBy != nil && queue.head == queue.items.count ? .done : .wait
            }
            let taken = Array(queue.items[queue.head..<end])
            queue.head = end
            if queue.head > 4096, queue.head * 2 > queue.items.count {
                queue.items.removeFirst(queue.head)
                queue.head = 0
            }
            return .reports(taken)
        }
    }

    private func post(client: HTTPClient) async {
        while !Task.isCancelled {
            switch next() {
            case .done:
                return
            case .wait:
                try? await Task.sleep(for: .milliseconds(10))
            case .reports(let reports):
                await deliver(reports, client: client)
            }
        }
    }

    /// Posts one array, retrying with backoff (100 ms doubling to 2 s) until it is accepted.
    private func deliver(_ reports: [Pending], client: HTTPClient) async {
        let body = self.body(reports)
        var backoff = Duration.milliseconds(100)
        while !Task.isCancelled {
            // Signed afresh for every attempt: Remessa refuses a timestamp more than 300 s old as a replay.
            let timestamp = String(Int64(Date().timeIntervalSince1970))
            var mac = HMAC<SHA256>(key: SymmetricKey(data: target.secret))
            mac.update(data: Array(timestamp.utf8) + [UInt8(ascii: ".")])
            mac.update(data: body)
            let signature = mac.finalize().map { String(format: "%02x", $0) }.joined()
            var request = HTTPClientRequest(url: target.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "X-Remessa-Timestamp", value: timestamp)
            request.headers.add(name: "X-Remessa-Signature", value: signature)
            request.body = .bytes(ByteBuffer(bytes: body))
            if let response = try? await client.execute(request, timeout: .seconds(10)),
                (try? await response.body.collect(upTo: 1 << 20)) != nil,
                (200..<300).contains(response.status.code)
            {
                state.recordDeliveryReports(sent: reports.count)
                return
            }
            state.recordDeliveryReports(failed: reports.count)
            if queue.withLock({ $0.finishBy.map { ContinuousClock.now >= $0 } ?? false }) {
                return
            }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(2))
        }
    }

    private func body(_ reports: [Pending]) -> [UInt8] {
        var json = "["
        for (index, report) in reports.enumerated() {
            if index > 0 {
                json += ","
            }
            json += "{\"id\":\(JSONString.quoted(report.id)),\"status\":\(JSONString.quoted(target.status)),"
            json += "\"code\":\(JSONString.quoted(target.code)),\"at\":\"\(report.acceptedAt.formatted(.iso8601))\"}"
        }
        json += "]"
        return Array(json.utf8)
    }
}
