import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaProviders
import RemessaStore

/// Replies (MO, contract section 11): each is stored, attributed to the drop and message that last sent to its
/// number through the same route within that drop's `replyWindow`. An opt-out word then puts the number on that
/// drop's own list only; an unattributed reply changes no list.
extension WebhookHandler {
    func reply(_ message: MobileOriginated, route: String) async throws {
        // Read with the rules of contract section 3, as the operator's `remessa optout` reads numbers: a national
        // `11987654321` is `5511987654321`, the form destinations are stored in.
        let number: String?
        switch PhoneNumberParser.optOutList.parse(message.from) {
        case .success(let parsed): number = parsed.digits
        case .failure: number = nil
        }
        var attribution: ReplyAttribution?
        if let number {
            attribution = try await attribute(number, route: route, at: message.at)
        }
        let optOut = OptOutKeyword.isOptOut(message.text)
        let (_, added) = try await store.recordReply(
            route: route,
            from: number ?? message.from,
            text: message.text,
            at: message.at,
            attribution: attribution,
            optOut: optOut
        )
        let shown = PersonalDataMask.phone(number ?? message.from)
        if let attribution {
            logger.notice(
                optOut ? "Opt-out by reply" : "Reply attributed",
                metadata: [
                    "remessa.route": "\(route)", "remessa.from": "\(shown)", "remessa.drop": "\(attribution.drop)",
                    "remessa.message.id": "\(attribution.messageID)", "remessa.added": "\(added)",
                ]
            )
        } else {
            logger.info(
                "Reply not attributed to a message",
                metadata: [
                    "remessa.route": "\(route)", "remessa.from": "\(shown)", "remessa.opt_out": "\(optOut)",
                    "remessa.valid_number": "\(number != nil)",
                ]
            )
        }
    }

    /// The last message submitted to `number` through `route`, if it is within its drop's `replyWindow`.
    private func attribute(_ number: String, route: String, at date: Date) async throws -> ReplyAttribution? {
        let defaultWindow = DropConfiguration(name: "", transport: .local).replyWindow
        let widest = drops.current.map(\.replyWindow).max() ?? defaultWindow
        guard let last = try await store.lastSubmitted(to: number, route: route, since: date - widest.inSeconds)
        else { return nil }
        let window = drops.drop(named: last.drop)?.replyWindow ?? defaultWindow
        return last.submittedAt >= date - window.inSeconds ? last : nil
    }
}
