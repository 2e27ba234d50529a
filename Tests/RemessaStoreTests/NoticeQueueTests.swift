import Foundation
import RemessaCore
import RemessaTesting
import Testing

@testable import RemessaStore

/// The queue of notices (contract §11) as the notice service works it: due, attempted, retried, delivered or
/// given up.
@Suite("Store: notice queue")
struct NoticeQueueTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    @Test(
        "A notice is recorded once for a notifying drop, comes due, waits for its retry, then is delivered",
        arguments: StoreKind.allCases
    )
    func retriedThenDelivered(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            store.setNotifyingDrops(["acme"])
            let counts = [("rows", 2), ("accepted", 2)]
            #expect(
                try await store.recordNotice(
                    .baseSaved,
                    drop: "acme",
                    key: 7,
                    file: "b.csv",
                    counts: counts,
                    at: Self.start
                )
            )
            #expect(
                !(try await store.recordNotice(
                    .baseSaved,
                    drop: "acme",
                    key: 7,
                    file: "b.csv",
                    counts: counts,
                    at: Self.start
                )),
                "recorded already"
            )
            #expect(
                !(try await store.recordNotice(
                    .baseSaved,
                    drop: "loja",
                    key: 7,
                    file: "b.csv",
                    counts: counts,
                    at: Self.start
                )),
                "the drop does not notify"
            )
            #expect(try await store.nextNoticeDue() == Self.start)
            #expect(try await store.dueNotices(at: Self.start - 1).isEmpty, "not due before it was recorded")

            let due = try await store.dueNotices(at: Self.start)
            #expect(due.count == 1)
            let notice = try #require(due.first)
            #expect(notice.id == NoticeDocument.id(event: .baseSaved, drop: "acme", key: 7))
            #expect(notice.drop == "acme" && notice.event == "base.saved" && notice.attempts == 0)
            #expect(notice.createdAt == Self.start)
            #expect(notice.body.contains("\"file\":\"b.csv\""))

            try await store.recordNoticeFailure(notice.id, error: "HTTP 500", retryAt: Self.start + 10, at: Self.start)
            #expect(try await store.nextNoticeDue() == Self.start + 10)
            #expect(try await store.dueNotices(at: Self.start + 5).isEmpty, "waiting for its retry")
            let retried = try await store.dueNotices(at: Self.start + 10)
            #expect(retried.map(\.id) == [notice.id])
            #expect(retried.first?.attempts == 1)

            try await store.recordNoticeDelivered(notice.id, at: Self.start + 11)
            #expect(try await store.nextNoticeDue() == nil)
            #expect(try await store.dueNotices(at: Self.start + 3600).isEmpty)
            let records = try await store.notices(drop: "acme")
            #expect(records.count == 1)
            #expect(records.first?.attempts == 2)
            #expect(records.first?.lastError == nil)
            #expect(records.first?.deliveredAt == Self.start + 11)
            #expect(try await store.notices(drop: "loja").isEmpty)
            #expect(try await store.notices().map(\.id) == [notice.id])
        }
    }

    @Test("A notice given up is never due again and keeps its last error", arguments: StoreKind.allCases)
    func givenUp(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            store.setNotifyingDrops(["acme"])
            try await store.recordNotice(.baseSaved, drop: "acme", key: 1, file: "a.csv", counts: [], at: Self.start)
            try await store.recordNotice(
                .baseSaved,
                drop: "acme",
                key: 2,
                file: "b.csv",
                counts: [],
                at: Self.start + 1
            )
            let due = try await store.dueNotices(at: Self.start + 1)
            #expect(due.map(\.id) == [1, 2].map { NoticeDocument.id(event: .baseSaved, drop: "acme", key: $0) })
            try await store.recordNoticeFailure(due[0].id, error: "refused", retryAt: nil, at: Self.start + 2)
            try await store.recordNoticeDelivered(due[1].id, at: Self.start + 2)
            #expect(try await store.nextNoticeDue() == nil)
            #expect(try await store.dueNotices(at: Self.start + 86400).isEmpty)
            let given = try #require(try await store.notices(drop: "acme").first)
            #expect(given.abandonedAt == Self.start + 2)
            #expect(given.lastError == "refused")
            #expect(given.deliveredAt == nil)
        }
    }
}
