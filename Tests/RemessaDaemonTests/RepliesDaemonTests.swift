import Foundation
import GRDB
import RemessaCore
import RemessaTesting
import Testing

@testable import RemessaStore

/// Replies through a real `remessad` (child process) whose local drops `acme` and `loja` share the `http` route
/// `gw` (a real `remessa-test-gateway`): attribution to the drop that last sent, each drop's own list and
/// outbox files, and their publication after a crash at any point.
@Suite("Replies and opt-outs per drop", .serialized, .timeLimit(.minutes(5)))
struct RepliesDaemonTests {
    static let ana = "5511900000000"
    static let bia = "5511900000002"

    /// Two drops on one route; `loja` sends to ana and bia first, then `acme` to ana.
    static func twoDropsSent() async throws -> (HTTPDispatchFixture, loja: String) {
        let http = try await HTTPDispatchFixture()
        let loja = try http.fixture.localDrop("loja")
        let yaml = try DaemonFixture.text(http.root + "/remessad.yaml")
        let lojaYAML = localDropYAML(
            "loja",
            path: loja,
            extra: """
                    template: "Oi @Nome, promoção"
                    route: \(HTTPDispatchFixture.routeName)
                    dlrInterval: 1s
                    stateWindows: {}
                    locale: en
                """
        )
        try (yaml + lojaYAML).write(toFile: http.root + "/remessad.yaml", atomically: true, encoding: .utf8)
        try "telefone;nome\n\(ana);Ana\n5511900000001;Cid\n\(bia);Bia\n"
            .write(toFile: loja + "/inbox/contatos.csv", atomically: true, encoding: .utf8)
        try await http.runUntilIdle()
        try http.contacts(2)
        try await http.runUntilIdle()
        return (http, loja)
    }

    /// POSTs a reply to `/mo/gw` signed as the gateway signs, retrying until the listener answers.
    static func reply(_ http: HTTPDispatchFixture, from: String, text: String) async throws -> Int {
        let secret = try DaemonFixture.text(http.root + "/webhook-secret")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let body = Array(#"{"from": "\#(from)", "text": "\#(text)"}"#.utf8)
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            do {
                let timestamp = Int(Date().timeIntervalSince1970)
                return try await WebhookListenerTests.post(
                    http.listenPort,
                    "/mo/gw",
                    body,
                    timestamp: timestamp,
                    secret: secret
                ).status
            } catch  where ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Waits until every one of `paths` exists.
    static func waitForFiles(_ paths: [String], timeout: Duration = .seconds(30)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if paths.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test(
        "A reply to drop A's message goes to A's outbox and list only; B's files are B's; the next file of A refuses the number"
    )
    func attributionPerDrop() async throws {
        let (http, loja) = try await Self.twoDropsSent()
        defer { http.remove() }
        let acme = http.drop
        let anaMessage = try #require(try http.finalRows().first { $0.destination == Self.ana }).messageID

        let daemon = try http.startDaemon(untilIdle: false)
        #expect(try await Self.reply(http, from: "(11) 90000-0000", text: "SAIR") == 200)
        #expect(try await Self.reply(http, from: Self.bia, text: "obrigado até logo") == 200)
        #expect(try await Self.reply(http, from: "5511955555555", text: "SAIR") == 200)
        let expected =
            [acme + "/outbox/replies.0001.csv", acme + "/outbox/optouts.0001.csv"]
            + [loja + "/outbox/replies.0001.csv"]
        let published = try await Self.waitForFiles(expected)
        #expect(daemon.stop(with: SIGTERM) == 0)
        try #require(
            published,
            "\(DaemonFixture.files(in: acme + "/outbox")) \(DaemonFixture.files(in: loja + "/outbox"))"
        )

        let acmeReplies = try DaemonFixture.rows(acme + "/outbox/replies.0001.csv")
        #expect(acmeReplies.count == 1)
        let row = try #require(acmeReplies.first)
        // received_at;from;text;message_id;file;line;correlation_id;opt_out
        #expect(Array(row.dropFirst()) == [Self.ana, "SAIR", anaMessage, "contatos.csv", "2", "", "true"])
        let optOuts = try DaemonFixture.rows(acme + "/outbox/optouts.0001.csv")
        #expect(optOuts.map { [$0[0], $0[1], $0[2], $0[4]] } == [[Self.ana, "add", "reply", anaMessage]])
        let lojaReplies = try DaemonFixture.rows(loja + "/outbox/replies.0001.csv")
        #expect(
            lojaReplies.map { [$0[1], $0[2], $0[4], $0[5], $0[7]] } == [
                [Self.bia, "obrigado até logo", "contatos.csv", "4", "false"]
            ]
        )
        #expect(!DaemonFixture.files(in: loja + "/outbox").contains { $0.hasPrefix("optouts.") })

        let store = try SQLiteStore(directory: http.fixture.statePath, access: .operator)
        #expect(try await store.suppression(Self.ana, list: "drop:acme") != nil)
        #expect(try await store.suppression(Self.ana, list: "drop:loja") == nil)
        #expect(try await store.suppression(Self.ana) == nil)
        #expect(try await store.replies(unattributed: true, limit: 10).map(\.from) == ["5511955555555"])
        // The log never holds the full number.
        #expect(!daemon.output.contains { $0.contains(Self.ana) || $0.contains(Self.bia) })

        // Checked at ingestion: acme's next file refuses ana, loja's sends to her.
        let again = "telefone;nome\n\(Self.ana);Ana\n5511900000007;Dan\n"
        try again.write(toFile: acme + "/inbox/novos.csv", atomically: true, encoding: .utf8)
        try again.write(toFile: loja + "/inbox/novos.csv", atomically: true, encoding: .utf8)
        try await http.runUntilIdle()
        let acmeResult = try DaemonFixture.rows(acme + "/outbox/novos.csv.result.csv")
        #expect(acmeResult.map { $0[3] + ":" + $0[4] } == ["REJECTED:OPTED_OUT", "ACCEPTED:"])
        let lojaResult = try DaemonFixture.rows(loja + "/outbox/novos.csv.result.csv")
        #expect(lojaResult.map { $0[3] } == ["ACCEPTED", "ACCEPTED"])
    }

    @Test(
        "After a crash between intent and upload, or between upload and record, each file is published once under its name"
    )
    func publicationAfterCrash() async throws {
        let (http, _) = try await Self.twoDropsSent()
        defer { http.remove() }
        let acme = http.drop
        let daemon = try http.startDaemon(untilIdle: false)
        #expect(try await Self.reply(http, from: Self.ana, text: "PARAR") == 200)
        let files = [acme + "/outbox/replies.0001.csv", acme + "/outbox/optouts.0001.csv"]
        let published = try await Self.waitForFiles(files)
        // Killed: nothing of a graceful stop runs.
        _ = daemon.stop(with: SIGKILL)
        try #require(published)
        let original = try files.map { try DaemonFixture.text($0) }

        let store = try SQLiteStore(directory: http.fixture.statePath, access: .operator)
        // As if killed after the upload and before its record: the next run finds its own upload.
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE drop_publication SET published_name = NULL, published_at = NULL")
        }
        try await http.runUntilIdle()
        #expect(
            DaemonFixture.files(in: acme + "/outbox").filter { $0.hasPrefix("replies.") || $0.hasPrefix("optouts.") }
                == ["optouts.0001.csv", "replies.0001.csv"]
        )
        #expect(
            try await store.dropPublications(drop: "acme", kind: .replies).map(\.publishedName) == ["replies.0001.csv"]
        )

        // As if killed after the intent and before the upload: the same rows go out under the same name.
        for file in files { try FileManager.default.removeItem(atPath: file) }
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE drop_publication SET published_name = NULL, published_at = NULL")
        }
        try await http.runUntilIdle()
        #expect(try files.map { try DaemonFixture.text($0) } == original)
        #expect(
            DaemonFixture.files(in: acme + "/outbox").filter { $0.hasPrefix("replies.") || $0.hasPrefix("optouts.") }
                == ["optouts.0001.csv", "replies.0001.csv"]
        )
    }
}
