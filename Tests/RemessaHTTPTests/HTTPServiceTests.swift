import Foundation
import Hummingbird
import HummingbirdTesting
import RemessaHTTP
import RemessaMetrics
import Testing

@Suite(.timeLimit(.minutes(1))) struct HTTPServiceTests {
    @Test func healthzSaysOK() async throws {
        try await withRunningHTTPService { client, _ in
            let response = try await client.get("/healthz")
            #expect(response.status == .ok)
            #expect(response.body.map { String(buffer: $0) } == "ok")
        }
    }

    @Test func readyzIs200WhenEveryCheckPasses() async throws {
        let checks = [ReadinessCheck("store") { .ok }, ReadinessCheck("drop.acme") { .ok }]
        try await withRunningHTTPService(readiness: checks) { client, _ in
            let response = try await client.get("/readyz")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(
                response.body.map { String(buffer: $0) } == #"{"ready":true,"checks":{"store":"ok","drop.acme":"ok"}}"#
            )
        }
    }

    @Test func readyzIs503WithTheFailingSentence() async throws {
        let checks = [
            ReadinessCheck("store") { .ok },
            ReadinessCheck("drop.acme") { .failing("last poll 3 min ago") },
        ]
        try await withRunningHTTPService(readiness: checks) { client, _ in
            let response = try await client.get("/readyz")
            #expect(response.status == .serviceUnavailable)
            #expect(
                response.body.map { String(buffer: $0) }
                    == #"{"ready":false,"checks":{"store":"ok","drop.acme":"last poll 3 min ago"}}"#
            )
        }
    }

    @Test func aCheckThatHangsFailsAtTheTimeout() async throws {
        let checks = [
            ReadinessCheck("store") {
                try? await Task.sleep(for: .seconds(30))
                return .ok
            }
        ]
        try await withRunningHTTPService(readiness: checks, readinessTimeout: .milliseconds(200)) { client, _ in
            let started = ContinuousClock.now
            let response = try await client.get("/readyz")
            // Well before the check's 30 s (a loaded machine can take seconds to answer at all).
            #expect(ContinuousClock.now - started < .seconds(25))
            #expect(response.status == .serviceUnavailable)
            #expect(
                response.body.map { String(buffer: $0) }
                    == #"{"ready":false,"checks":{"store":"no answer within 0.2 seconds"}}"#
            )
        }
    }

    @Test func metricsServesTheRecordedValues() async throws {
        let metrics = DaemonMetrics()
        metrics.fileClaimed(drop: "acme")
        metrics.fileClaimed(drop: "acme")
        metrics.fileAccepted(drop: "acme", rows: 13, accepted: 9, rejected: 4)
        metrics.fileRejected(drop: "acme", code: "BINARY_FILE")
        try await withRunningHTTPService(metrics: metrics) { client, _ in
            let response = try await client.get("/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            let text = try #require(response.body.map { String(buffer: $0) })
            #expect(ExpositionFormat.problems(in: text) == [])
            let lines = Set(text.split(separator: "\n").map(String.init))
            #expect(lines.contains(#"remessa_files_claimed_total{drop="acme"} 2"#))
            #expect(lines.contains(#"remessa_files_accepted_total{drop="acme"} 1"#))
            #expect(lines.contains(#"remessa_files_rejected_total{drop="acme",code="BINARY_FILE"} 1"#))
            #expect(lines.contains(#"remessa_rows_total{drop="acme",status="accepted"} 9"#))
            #expect(lines.contains(#"remessa_rows_total{drop="acme",status="rejected"} 4"#))
        }
    }

    @Test func routesAddedThroughTheHookAreServed() async throws {
        let configure: @Sendable (HTTPRouter) -> Void = { router in
            router.post("webhooks/:route") { request, context in
                let route = context.parameters.get("route") ?? "?"
                let body = try await request.body.collect(upTo: 1024)
                return Response(
                    status: .accepted,
                    body: ResponseBody(byteBuffer: ByteBuffer(string: "\(route):\(String(buffer: body))"))
                )
            }
        }
        try await withRunningHTTPService(configureRouter: configure) { client, _ in
            let response = try await client.post("/webhooks/sim", body: ByteBuffer(string: "dlr"))
            #expect(response.status == .accepted)
            #expect(response.body.map { String(buffer: $0) } == "sim:dlr")
            // The built-in routes are still there.
            #expect(try await client.get("/healthz").status == .ok)
            #expect(try await client.get("/nowhere").status == .notFound)
        }
    }

    @Test func theListenBacklogIsTheConfiguredOne() async throws {
        try await withRunningHTTPService(backlog: 37) { _, port in
            // For a listening socket, `ss` shows the backlog in the Send-Q column.
            let listing = try Self.run("/bin/ss", "-H", "-l", "-t", "-n", "sport = :\(port)")
            let columns = listing.split(whereSeparator: \.isWhitespace)
            #expect(columns.count >= 4, "ss printed \(listing)")
            #expect(columns.first == "LISTEN")
            #expect(columns.dropFirst(2).first == "37")
        }
    }

    private static func run(_ executable: String, _ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("\(executable) exited with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
