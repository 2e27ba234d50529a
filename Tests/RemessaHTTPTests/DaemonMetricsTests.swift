import Foundation
import RemessaMetrics
import Testing

@Suite struct DaemonMetricsTests {
    @Test func pollsRecordDurationFailuresAndLastSuccess() throws {
        let metrics = DaemonMetrics()
        metrics.pollFinished(
            drop: "acme",
            duration: .milliseconds(30),
            succeeded: true,
            finishedAt: Date(timeIntervalSince1970: 1_760_000_000)
        )
        metrics.pollFinished(drop: "acme", duration: .seconds(3), succeeded: false)
        metrics.pollFinished(drop: "beta", duration: .seconds(2), succeeded: false)

        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        #expect(ExpositionFormat.problems(in: text) == [])
        let lines = Set(text.split(separator: "\n").map(String.init))
        #expect(lines.contains("# TYPE remessa_poll_duration_seconds histogram"))
        #expect(lines.contains(#"remessa_poll_duration_seconds_bucket{drop="acme",le="0.025"} 0"#))
        #expect(lines.contains(#"remessa_poll_duration_seconds_bucket{drop="acme",le="0.05"} 1"#))
        #expect(lines.contains(#"remessa_poll_duration_seconds_bucket{drop="acme",le="5.0"} 2"#))
        #expect(lines.contains(#"remessa_poll_duration_seconds_count{drop="acme"} 2"#))
        #expect(lines.contains(#"remessa_poll_failures_total{drop="acme"} 1"#))
        #expect(lines.contains(#"remessa_poll_failures_total{drop="beta"} 1"#))
        #expect(lines.contains(#"remessa_last_successful_poll_timestamp_seconds{drop="acme"} 1760000000.0"#))
        #expect(!text.contains(#"remessa_last_successful_poll_timestamp_seconds{drop="beta"}"#))
    }

    @Test func gaugesHoldTheLastValue() {
        let metrics = DaemonMetrics()
        metrics.setQueueDepth(drop: "acme", 120)
        metrics.setQueueDepth(drop: "acme", 80)
        metrics.setFilesInProgress(drop: "acme", 2)
        let lines = Set(String(decoding: metrics.exposition(), as: UTF8.self).split(separator: "\n").map(String.init))
        #expect(lines.contains(#"remessa_queue_depth{drop="acme"} 80.0"#))
        #expect(lines.contains(#"remessa_files_in_progress{drop="acme"} 2.0"#))
        #expect(lines.contains("# TYPE remessa_queue_depth gauge"))
    }

    @Test func aRegisteredDropShowsZeros() {
        let metrics = DaemonMetrics()
        metrics.registerDrop("acme")
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        #expect(ExpositionFormat.problems(in: text) == [])
        let lines = Set(text.split(separator: "\n").map(String.init))
        #expect(lines.contains(#"remessa_files_claimed_total{drop="acme"} 0"#))
        #expect(lines.contains(#"remessa_rows_total{drop="acme",status="rejected"} 0"#))
        #expect(lines.contains(#"remessa_queue_depth{drop="acme"} 0.0"#))
    }

    @Test func routesCountSubmissionsFailuresRetriesAndReports() {
        let metrics = DaemonMetrics()
        metrics.registerRoute("sim")
        metrics.registerRoute("idle")
        metrics.messagesSubmitted(route: "sim", count: 40, latency: .milliseconds(3))
        metrics.messagesSubmitted(route: "sim", count: 2, latency: .milliseconds(300))
        metrics.messageFailed(route: "sim", status: "CARRIER_REJECTED")
        metrics.messageRetried(route: "sim")
        metrics.routePushedBack(route: "sim")
        metrics.setRouteState(route: "sim", inFlight: 7, tokens: 12.5, rate: 500, circuitOpen: true)
        metrics.deliveryReport(route: "sim", outcome: "applied", lag: .seconds(3))
        metrics.deliveryReport(route: "sim", outcome: "unknown")

        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        #expect(ExpositionFormat.problems(in: text) == [])
        let lines = Set(text.split(separator: "\n").map(String.init))
        for expected in [
            #"remessa_route_submitted_total{route="sim"} 42"#,
            #"remessa_route_submitted_total{route="idle"} 0"#,
            #"remessa_route_failed_total{route="sim",status="CARRIER_REJECTED"} 1"#,
            #"remessa_route_retried_total{route="sim"} 1"#,
            #"remessa_route_pushbacks_total{route="sim"} 1"#,
            #"remessa_route_in_flight{route="sim"} 7.0"#,
            #"remessa_route_tokens{route="sim"} 12.5"#,
            #"remessa_route_rate{route="sim"} 500.0"#,
            #"remessa_route_circuit_open{route="sim"} 1.0"#,
            #"remessa_route_in_flight{route="idle"} 0.0"#,
            // One histogram observation per submit call (not per message): 3 ms and 300 ms.
            #"remessa_route_submit_latency_seconds_bucket{route="sim",le="0.005"} 1"#,
            #"remessa_route_submit_latency_seconds_bucket{route="sim",le="0.5"} 2"#,
            #"remessa_route_submit_latency_seconds_count{route="sim"} 2"#,
            #"remessa_route_delivery_reports_total{route="sim",outcome="applied"} 1"#,
            #"remessa_route_delivery_reports_total{route="sim",outcome="unknown"} 1"#,
            #"remessa_route_dlr_lag_seconds_bucket{route="sim",le="2.0"} 0"#,
            #"remessa_route_dlr_lag_seconds_bucket{route="sim",le="5.0"} 1"#,
            #"remessa_route_dlr_lag_seconds_count{route="sim"} 1"#,
        ] {
            #expect(lines.contains(expected), "\(expected)")
        }
    }

    @Test func labelValuesAreEscaped() {
        let metrics = DaemonMetrics()
        metrics.fileRejected(drop: #"we"ird\drop"#, code: "BINARY_FILE")
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        #expect(ExpositionFormat.problems(in: text) == [])
        #expect(text.contains(#"remessa_files_rejected_total{drop="we\"ird\\drop",code="BINARY_FILE"} 1"#))
    }

    @Test func metricsAreNotShared() {
        let first = DaemonMetrics()
        let second = DaemonMetrics()
        first.fileClaimed(drop: "acme")
        #expect(String(decoding: second.exposition(), as: UTF8.self).isEmpty)
    }
}
