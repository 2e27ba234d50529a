import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaProviders
import RemessaStore
import ServiceLifecycle

/// Delivers the notices the store recorded (contract §11): each one POSTed to its drop's `notify:` URL until a
/// 2xx, retried with ``NoticeRetry``'s backoff for 24 h, then given up. Everything it needs is in the store, so
/// a restart resumes where it stopped. Requests run side by side, each bounded by `timeout`, so a receiver that
/// hangs delays only its own notices. On shutdown it makes one last pass, after the publisher's.
struct NoticeService: Service {
    let store: any Store
    let drops: DropList
    /// The process environment, for `credential:` secrets.
    let variables: [String: String]
    let logger: Logger
    var retry = NoticeRetry()
    var timeout: Duration = .seconds(10)
    /// How often the store is looked at for due notices.
    var interval: Duration = .seconds(1)
    /// Notices attempted at a time.
    var concurrency = 16

    func run() async throws {
        let sender = NoticeSender(timeout: timeout)
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            await pass(sender)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
        if !Task.isCancelled { await pass(sender) }
        await sender.shutdown()
    }

    /// Attempts every notice due now, at most ``concurrency`` of them at a time.
    func pass(_ sender: NoticeSender, now: Date = Date()) async {
        let due: [PendingNotice]
        do {
            due = try await store.dueNotices(at: now, limit: concurrency)
        } catch {
            logger.error("Notices cannot be read", metadata: ["remessa.error": "\(error)"])
            return
        }
        let current = drops.current
        await withDiscardingTaskGroup { group in
            for notice in due {
                let notify = current.first { $0.name == notice.drop }?.notify
                group.addTask { await deliver(notice, to: notify, with: sender, now: now) }
            }
        }
    }

    private func deliver(
        _ notice: PendingNotice,
        to notify: NotifyConfiguration?,
        with sender: NoticeSender,
        now: Date
    )
        async
    {
        let attempt: NoticeSender.Attempt
        if let notify {
            do {
                let secret = try notify.secretFile.readString(environment: variables)
                attempt = await sender.post(to: notify.url, id: notice.id, body: notice.body, secret: secret, now: now)
            } catch {
                attempt = .failed("the notify secret cannot be read: \(error)")
            }
        } else {
            attempt = .failed("the drop has no notify: any more")
        }
        let metadata: Logger.Metadata = [
            "remessa.drop": "\(notice.drop)", "remessa.notice.id": "\(notice.id)",
            "remessa.notice.event": "\(notice.event)", "remessa.notice.attempts": "\(notice.attempts + 1)",
        ]
        do {
            switch attempt {
            case .delivered:
                try await store.recordNoticeDelivered(notice.id, at: Date())
                logger.info("Notice delivered", metadata: metadata)
            case .failed(let reason):
                let finished = Date()
                let age = finished.timeIntervalSince(notice.createdAt)
                let retryAt = retry.delay(afterAttempts: notice.attempts + 1, age: age).map { finished + $0 }
                try await store.recordNoticeFailure(notice.id, error: reason, retryAt: retryAt, at: finished)
                var failure = metadata
                failure["remessa.error"] = "\(reason)"
                if retryAt == nil {
                    logger.error("Notice given up", metadata: failure)
                } else {
                    logger.warning("Notice not delivered", metadata: failure)
                }
            }
        } catch {
            logger.error("Notice outcome not recorded", metadata: ["remessa.error": "\(error)"])
        }
    }
}
