import Foundation
import RemessaCore
import RemessaStore
import RemessaTesting
import Synchronization

/// Everything a store answers through the ``Store`` protocol about ``StoreFixture/fillWithEverything(_:at:)``'s
/// content, read without changing it: two stores that answer the same are the same store to the daemon and the
/// operator commands.
struct StoreContents: Equatable {
    var files: [FileRecord?] = []
    var recentFiles: [FileRecord] = []
    var unfinishedFiles: [String: [FileRecord]] = [:]
    var batches: [BatchRecord] = []
    var messages: [Int64: [MessageRecord]] = [:]
    var events: [Int64: [StatusEvent]] = [:]
    var totals: [Int64: BatchTotals] = [:]
    var queueDepth: [String: Int] = [:]
    var scheduledLater: [Int64: Int] = [:]
    var publications: [Int64: [PublicationRecord]] = [:]
    var dropPublications: [String: [DropPublicationRecord]] = [:]
    var lists: [String: [SuppressionEntry]] = [:]
    var suppressionLists: [String: Set<String>] = [:]
    var suppressionVersion: Int64 = 0
    var histories: [String: [SuppressionLogEntry]] = [:]
    var lastSuppressionSequence: [String: Int64] = [:]
    var replies: [ReplyRecord] = []
    var lastReplySequence: [String: Int64] = [:]
    var notices: [NoticeRecord] = []
    var nextNoticeDue: Date?
    var bases: [String: [SavedBase]] = [:]
    var activity: [DropActivity] = []

    static func read(_ store: any Store, _ content: StoreFixture.Content, at now: Date) async throws -> StoreContents {
        var contents = StoreContents()
        for id in content.files {
            contents.files.append(try await store.file(id))
        }
        contents.recentFiles = try await store.recentFiles(drop: nil, limit: 100)
        contents.batches = try await store.batches(unfinishedOnly: false, drop: nil, limit: 100)
        for id in content.batches {
            let collected = Mutex<[MessageRecord]>([])
            try await store.forEachMessage(batchID: id) { message in collected.withLock { $0.append(message) } }
            contents.messages[id] = collected.withLock { $0 }
            let last = try await store.lastEventSequence(batchID: id)
            contents.events[id] = last > 0 ? try await store.events(batchID: id, in: 1...last) : []
            contents.totals[id] = try await store.batchTotals(id)
            contents.publications[id] = try await store.publications(of: id)
        }
        contents.scheduledLater = try await store.scheduledLater(than: now)
        for drop in content.drops {
            contents.unfinishedFiles[drop] = try await store.unfinishedFiles(drop: drop)
            contents.queueDepth[drop] = try await store.queueDepth(drop: drop)
            contents.bases[drop] = try await store.savedBases(drop: drop)
            contents.lastReplySequence[drop] = try await store.lastReplySequence(drop: drop)
            for kind in DropPublicationKind.allCases {
                contents.dropPublications["\(drop) \(kind)"] = try await store.dropPublications(drop: drop, kind: kind)
            }
        }
        for list in content.lists {
            contents.lists[list] = try await store.suppressions(list: list, matching: nil, limit: 1000, offset: 0)
            contents.lastSuppressionSequence[list] = try await store.lastSuppressionSequence(list: list)
            for destination in content.destinations {
                contents.histories["\(list) \(destination)"] = try await store.suppressionHistory(
                    destination,
                    list: list
                )
            }
        }
        contents.suppressionLists = try await store.suppressionLists()
        contents.suppressionVersion = try await store.suppressionVersion()
        contents.replies = try await store.replies(drop: nil, unattributed: false, limit: 100)
        contents.notices = try await store.notices(drop: nil)
        contents.nextNoticeDue = try await store.nextNoticeDue()
        contents.activity = try await store.dropActivity(since: now.addingTimeInterval(-86_400))
        return contents
    }
}
