import Foundation
import Hummingbird
import HummingbirdTesting
import RemessaHTTP
import Synchronization
import RemessaCore
import Testing

/// The listener's limits, over real connections on loopback: anyone who reaches the port can open them.
@Suite("HTTP listener limits", .timeLimit(.minutes(3)))
struct ListenerLimitsTests {
    static let request = "GET /healthz HTTP/1.1\r\nHost: remessa\r\n\r\n"

    @Test("A connection that sends nothing, or half a head, or goes quiet after an answer is closed at the timeout")
    func idleTimeout() async throws {
        // Long enough that a loaded machine still sends the half head before it passes.
        let limits = HTTPListenerLimits(idleTimeout: .seconds(5))
        try await withRunningHTTPService(limits: limits) { _, port in
            let silent = try await RawConnection.open(port: port)
            let halfHead = try await RawConnection.open(port: port)
            let answered = try await RawConnection.open(port: port)
            let opened = ContinuousClock.now
            // On a starved machine the listener may already have closed it: closed is what this test expects.
            try? await halfHead.send("GET /healthz HTTP/1.1\r\nHost: remessa\r\n")
            try await answered.send(Self.request)
            try await answered.wait(atMost: .seconds(5)) { text, _ in text.contains("\r\n\r\nok") }
            for connection in [silent, halfHead, answered] {
                let (text, closed) = try await connection.wait(atMost: .seconds(10)) { _, closed in closed }
                #expect(closed, "still open after 10 s")
                #expect(connection === answered ? text.hasPrefix("HTTP/1.1 200") : text.isEmpty)
            }
            #expect(ContinuousClock.now - opened >= .seconds(4), "closed before the idle timeout")
        }
    }

    @Test("Past maxConnections a new connection waits unanswered until another one closes")
    func connectionCap() async throws {
        // The test client's own connection is the first of three.
        let limits = HTTPListenerLimits(maxConnections: 3)
        try await withRunningHTTPService(limits: limits) { client, port in
            let first = try await client.get("/healthz")
            #expect(first.status == .ok)
            var open: [RawConnection] = []
            for _ in 0..<2 {
                let connection = try await RawConnection.open(port: port)
                try await connection.send(Self.request)
                let (text, _) = try await connection.wait(atMost: .seconds(5)) { text, _ in text.contains("ok") }
                #expect(text.hasPrefix("HTTP/1.1 200"))
                open.append(connection)
            }
            let third = try await RawConnection.open(port: port)
            try await third.send(Self.request)
            let waiting = try await third.wait(atMost: .seconds(1)) { text, closed in !text.isEmpty || closed }
            #expect(waiting.text.isEmpty && !waiting.closed, "the third connection was served: \(waiting)")

            await open[0].close()
            let served = try await third.wait(atMost: .seconds(5)) { text, _ in text.contains("ok") }
            #expect(served.text.hasPrefix("HTTP/1.1 200"))
            await open[1].close()
            await third.close()
        }
    }

    @Test("A head over the limits is answered 400 and the connection closed; a normal one is served")
    func headerLimits() async throws {
        let limits = HTTPListenerLimits(maxHeaderFieldSize: 1024, maxHeaderListSize: 2048, maxHeaderFieldCount: 20)
        try await withRunningHTTPService(limits: limits) { client, port in
            let heads = [
                "GET /healthz HTTP/1.1\r\nHost: remessa\r\nX-Big: \(String(repeating: "a", count: 1500))\r\n\r\n",
                "GET /healthz?\(String(repeating: "q", count: 1500)) HTTP/1.1\r\nHost: remessa\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: remessa\r\n"
                    + (0..<30).map { "X-Field-\($0): v\r\n" }.joined() + "\r\n",
                "GET /healthz HTTP/1.1\r\nHost: remessa\r\n"
                    + (0..<3).map { "X-Part-\($0): \(String(repeating: "b", count: 900))\r\n" }.joined() + "\r\n",
            ]
            for head in heads {
                let connection = try await RawConnection.open(port: port)
                try await connection.send(head)
                let (text, closed) = try await connection.wait(atMost: .seconds(5)) { _, closed in closed }
                #expect(text.hasPrefix("HTTP/1.1 400"), "\(head.prefix(60)): \(text)")
                #expect(closed)
            }
            #expect(try await client.get("/healthz").status == .ok)
        }
    }

    @Test("A webhook body over the limit gets 413 (by Content-Length or as it streams) and the connection closes")
    func bodyLimit() async throws {
        let limits = HTTPListenerLimits(maxBodySize: 1024)
        let calls = Atomic<Int>(0)
        let webhooks: @Sendable (HTTPRouter) -> Void = { router in
            router.addWebhooks(maxBody: limits.maxBodySize) { call in
                calls.add(1, ordering: .relaxed)
                return WebhookAnswer(status: 200, text: "got \(call.request.body.count)")
            }
        }
        try await withRunningHTTPService(limits: limits, configureRouter: webhooks) { _, port in
            let declared = try await RawConnection.open(port: port)
            try await declared.send("POST /dlr/gw HTTP/1.1\r\nHost: remessa\r\nContent-Length: 5000\r\n\r\n")
            // The listener may answer and close before the body is all written: that is the point.
            try? await declared.send(String(repeating: "x", count: 5000))
            let first = try await declared.wait(atMost: .seconds(5)) { _, closed in closed }
            #expect(first.text.hasPrefix("HTTP/1.1 413"), "\(first.text)")
            #expect(first.closed)

            // Chunked, with no length said: refused once it passes the limit, while it still streams.
            let streamed = try await RawConnection.open(port: port)
            try await streamed.send("POST /dlr/gw HTTP/1.1\r\nHost: remessa\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = "200\r\n" + String(repeating: "y", count: 512) + "\r\n"
            for _ in 0..<4 {
                try? await streamed.send(chunk)
            }
            let second = try await streamed.wait(atMost: .seconds(5)) { text, _ in text.contains("413") }
            #expect(second.text.hasPrefix("HTTP/1.1 413"), "\(second.text)")
            // It keeps sending; the listener has closed.
            for _ in 0..<8 {
                try? await streamed.send(chunk)
            }
            #expect(try await streamed.wait(atMost: .seconds(5)) { _, closed in closed }.closed)

            // A route that never reads the body is not kept busy by an endless one either.
            let endless = try await RawConnection.open(port: port)
            try await endless.send("GET /healthz HTTP/1.1\r\nHost: remessa\r\nTransfer-Encoding: chunked\r\n\r\n")
            for _ in 0..<8 {
                try? await endless.send(chunk)
            }
            let third = try await endless.wait(atMost: .seconds(5)) { _, closed in closed }
            #expect(third.text.hasPrefix("HTTP/1.1 200"))
            #expect(third.closed)

            // Within the limit: answered, and the connection stays open for the next call.
            let small = try await RawConnection.open(port: port)
            let body = String(repeating: "z", count: 1000)
            let call = "POST /dlr/gw HTTP/1.1\r\nHost: remessa\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            try await small.send(call)
            try await small.wait(atMost: .seconds(5)) { text, _ in text.contains("got 1000") }
            try await small.send(call)
            let fourth = try await small.wait(atMost: .seconds(5)) { text, _ in
                text.components(separatedBy: "got 1000").count == 3
            }
            #expect(fourth.text.components(separatedBy: "HTTP/1.1 200").count == 3, "\(fourth.text)")
            #expect(!fourth.closed)
            #expect(calls.load(ordering: .relaxed) == 2, "only the calls within the limit reach the webhook")
            await small.close()
        }
    }

    @Test("/readyz runs a cached check at most once per interval, however often it is called")
    func readinessCached() async throws {
        let probes = Atomic<Int>(0)
        let check = ReadinessCheck("store") {
            probes.add(1, ordering: .relaxed)
            return .ok
        }
        try await withRunningHTTPService(readiness: [check.cached(for: .seconds(60))]) { client, _ in
            for _ in 0..<25 {
                let response = try await client.get("/readyz")
                #expect(response.status == .ok)
            }
        }
        #expect(probes.load(ordering: .relaxed) == 1)
    }
}
