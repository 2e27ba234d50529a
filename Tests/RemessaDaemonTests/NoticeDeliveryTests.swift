import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaProviders
import RemessaStore
import RemessaTesting
import Testing

@testable import RemessaDaemon

@Suite("Notices to a drop's notify URL", .serialized, .timeLimit(.minutes(3)))
struct NoticeDeliveryTests {
    static let secret = "segredo-dos-avisos"
    static let quiet = Logger(label: "notices") { _ in SwiftLogNoOpLogHandler() }

    static func secretFile(in directory: String) throws -> String {
        let path = directory + "/notify.secret"
        try (secret + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("A drop's accepted file, rejected file and finished batch are POSTed, signed, with stable ids")
    func daemonSendsSignedNotices() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        let secretPath = try Self.secretFile(in: fixture.root)
        try "telefone;mensagem\n11987654321;Oi\n21987654321;Olá\n".write(
            toFile: drop + "/inbox/bom.csv",
            atomically: true,
            encoding: .utf8
        )
        try "foo;bar\n1;2\n".write(toFile: drop + "/inbox/ruim.csv", atomically: true, encoding: .utf8)
        let receiver = NoticeReceiver(secret: Self.secret)
        try await receiver.run { port in
            let configuration = try fixture.configuration(
                "drops:\n"
                    + localDropYAML(
                        "acme",
                        path: drop,
                        extra: """
                                stateWindows: {}
                                notify: {url: "http://127.0.0.1:\(port)/hook", secretFile: \(secretPath)}
                            """
                    )
            )
            #expect(try await fixture.runUntilIdle(configuration) == 0)
        }
        let requests = receiver.requests
        #expect(requests.allSatisfy { $0.signatureValid }, "every signature checks with the secret")
        let byEvent = Dictionary(grouping: requests) { $0.json["event"] as? String ?? "" }
        #expect(Set(byEvent.keys) == ["file.accepted", "file.rejected", "batch.finished"])
        #expect(requests.count == 3, "each notice once: \(requests.map(\.body))")
        let accepted = try #require(byEvent["file.accepted"]?.first)
        #expect(accepted.id == accepted.json["id"] as? String)
        #expect(accepted.json["drop"] as? String == "acme")
        #expect(accepted.json["file"] as? String == "bom.csv")
        #expect(accepted.json["counts"] as? [String: Int] == ["rows": 2, "accepted": 2, "rejected": 0])
        #expect(accepted.json["code"] is NSNull)
        #expect((accepted.json["at"] as? String)?.count == 25)
        let rejected = try #require(byEvent["file.rejected"]?.first)
        #expect(rejected.json["file"] as? String == "ruim.csv")
        #expect(rejected.json["code"] as? String == "UNKNOWN_LAYOUT")
        #expect(rejected.json["batch"] is NSNull)
        let finished = try #require(byEvent["batch.finished"]?.first)
        #expect(finished.json["batch"] as? Int == accepted.json["batch"] as? Int)
        let counts = try #require(finished.json["counts"] as? [String: Int])
        #expect(counts.values.reduce(0, +) == 2)
        let timestamp = try #require(Int(finished.timestamp ?? ""))
        #expect(abs(timestamp - Int(Date().timeIntervalSince1970)) < 120)

        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        let notices = try await store.notices(drop: "acme")
        #expect(notices.count == 3)
        #expect(notices.allSatisfy { $0.deliveredAt != nil && $0.attempts == 1 })
        #expect(Set(notices.map(\.id)) == Set(requests.compactMap(\.id)))
    }

    @Test(
        "A base saved in bases/ is POSTed as base.saved with its counts; a base rejected as a whole, as file.rejected"
    )
    func baseSaved() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        try FileManager.default.createDirectory(atPath: drop + "/bases", withIntermediateDirectories: true)
        let secretPath = try Self.secretFile(in: fixture.root)
        try "telefone;nome\n11987654321;Ana\n123;Curto\n".write(
            toFile: drop + "/bases/clientes.csv",
            atomically: true,
            encoding: .utf8
        )
        try "telefone;nome\n".write(toFile: drop + "/bases/vazia.csv", atomically: true, encoding: .utf8)
        let receiver = NoticeReceiver(secret: Self.secret)
        try await receiver.run { port in
            let configuration = try fixture.configuration(
                "drops:\n"
                    + localDropYAML(
                        "acme",
                        path: drop,
                        extra: """
                                template: "Oi @Nome"
                                notify: {url: "http://127.0.0.1:\(port)/hook", secretFile: \(secretPath)}
                            """
                    )
            )
            #expect(try await fixture.runUntilIdle(configuration) == 0)
        }
        let requests = receiver.requests
        let byEvent = Dictionary(grouping: requests) { $0.json["event"] as? String ?? "" }
        #expect(byEvent.mapValues(\.count) == ["base.saved": 1, "file.rejected": 1], "\(requests.map(\.body))")
        let saved = try #require(byEvent["base.saved"]?.first)
        #expect(saved.signatureValid)
        #expect(saved.json["file"] as? String == "clientes.csv")
        #expect(saved.json["batch"] is NSNull)
        #expect(saved.json["counts"] as? [String: Int] == ["rows": 2, "accepted": 1, "rejected": 1])
        let rejected = try #require(byEvent["file.rejected"]?.first)
        #expect(rejected.json["file"] as? String == "vazia.csv")
        #expect(rejected.json["code"] as? String == "NO_DATA_ROWS")
    }

    /// A store with one drop that notifies and one notice recorded for it (as `base.saved` would be).
    static func storeWithNotice(_ directory: String) async throws -> any Store {
        let store = try SQLiteStore(directory: directory, access: .daemon)
        store.setNotifyingDrops(["acme"])
        #expect(
            try await store.recordNotice(.baseSaved, drop: "acme", key: 7, file: "clientes.csv", counts: [("rows", 3)])
        )
        #expect(
            !(try await store.recordNotice(.baseSaved, drop: "acme", key: 7, file: "clientes.csv", counts: [])),
            "the same notice twice is recorded once"
        )
        #expect(
            !(try await store.recordNotice(.baseSaved, drop: "outra", key: 8, file: "x.csv", counts: [])),
            "a drop without notify: gets none"
        )
        return store
    }

    static func service(
        _ store: any Store,
        url: String,
        secretPath: String,
        timeout: Duration = .seconds(2)
    )
        -> NoticeService
    {
        var drop = DropConfiguration(name: "acme", transport: .local)
        drop.notify = NotifyConfiguration(url: URL(string: url)!, secretFile: .file(secretPath))
        return NoticeService(
            store: store,
            drops: DropList([drop]),
            variables: [:],
            logger: quiet,
            retry: NoticeRetry(first: .milliseconds(100), ceiling: .milliseconds(400)),
            timeout: timeout
        )
    }

    /// Runs passes of `service` until `done` or `attempts` passes, 150 ms apart.
    static func passes(_ service: NoticeService, upTo attempts: Int, until done: () async throws -> Bool) async throws {
        let sender = NoticeSender(timeout: service.timeout)
        for _ in 0..<attempts {
            await service.pass(sender)
            if try await done() { break }
            try await Task.sleep(for: .milliseconds(150))
        }
        await sender.shutdown()
    }

    @Test("A receiver that answers 500 gets the same notice again, with backoff, until it answers 2xx")
    func retriedAfter500() async throws {
        let directory = try TemporaryDirectory(prefix: "notice")
        defer { directory.remove() }
        let secretPath = try Self.secretFile(in: directory.path)
        let store = try await Self.storeWithNotice(directory.path + "/state")
        let receiver = NoticeReceiver(secret: Self.secret) { index in .status(index < 2 ? 500 : 204) }
        try await receiver.run { port in
            let service = Self.service(store, url: "http://127.0.0.1:\(port)/hook", secretPath: secretPath)
            try await Self.passes(service, upTo: 40) { try await store.notices().first?.deliveredAt != nil }
        }
        let notice = try #require(try await store.notices().first)
        #expect(notice.deliveredAt != nil)
        #expect(notice.attempts == 3)
        #expect(receiver.requests.count == 3)
        #expect(Set(receiver.requests.compactMap(\.id)) == ["acme.base.saved.7"])
        #expect(receiver.requests.allSatisfy { $0.signatureValid })
        #expect(receiver.requests.first?.json["counts"] as? [String: Int] == ["rows": 3])
    }

    @Test("A receiver that hangs costs one timeout, and the notice is kept to try again")
    func hangingReceiver() async throws {
        let directory = try TemporaryDirectory(prefix: "notice")
        defer { directory.remove() }
        let secretPath = try Self.secretFile(in: directory.path)
        let store = try await Self.storeWithNotice(directory.path + "/state")
        let receiver = NoticeReceiver(secret: Self.secret) { _ in .hang(.seconds(3)) }
        try await receiver.run { port in
            let service = Self.service(
                store,
                url: "http://127.0.0.1:\(port)/hook",
                secretPath: secretPath,
                timeout: .milliseconds(500)
            )
            try await Self.passes(service, upTo: 1) { false }
        }
        let notice = try #require(try await store.notices().first)
        #expect(notice.deliveredAt == nil && notice.abandonedAt == nil)
        #expect(notice.attempts == 1)
        #expect(notice.lastError?.contains("did not answer") == true, "\(notice.lastError ?? "")")
        #expect(try await store.nextNoticeDue() != nil)
    }

    @Test("A receiver that is down, then back after a restart of the store and service, gets the notice once")
    func downThenBackAcrossRestart() async throws {
        let directory = try TemporaryDirectory(prefix: "notice")
        defer { directory.remove() }
        let secretPath = try Self.secretFile(in: directory.path)
        let port = try FreePort.find()
        let url = "http://127.0.0.1:\(port)/hook"
        do {
            let store = try await Self.storeWithNotice(directory.path + "/state")
            try await Self.passes(Self.service(store, url: url, secretPath: secretPath), upTo: 3) { false }
            let notice = try #require(try await store.notices().first)
            #expect(notice.deliveredAt == nil)
            #expect(notice.attempts >= 1)
        }
        // A new daemon: a new store on the same files, a new service; nothing else carries over.
        let store = try SQLiteStore(directory: directory.path + "/state", access: .daemon)
        let receiver = NoticeReceiver(secret: Self.secret)
        try await receiver.run(port: port) { _ in
            try await Self.passes(Self.service(store, url: url, secretPath: secretPath), upTo: 40) {
                try await store.notices().first?.deliveredAt != nil
            }
        }
        #expect(try await store.notices().first?.deliveredAt != nil)
        #expect(receiver.requests.count == 1)
        #expect(receiver.requests.first?.id == "acme.base.saved.7")
        #expect(receiver.requests.first?.signatureValid == true)
    }
}
