/// What a campaign file asks for once checked against its drop (contract §10): the options its base's rows are
/// judged with, and the batch's label, sender and schedule. The daemon and `remessa check --campaign` both build
/// it here, so a campaign is judged the same offline and in production.
public struct CampaignPlan: Sendable, Equatable {
    /// The drop's validation options with the campaign's template, priority, country code and missing-field rule.
    public var validation: ValidationOptions
    /// The campaign's name: its `label`, else the campaign file's name.
    public var label: String
    /// The sender id the batch goes out with; nil: the route's.
    public var sender: String?
    /// Nothing is submitted before it (seconds since 1970); nil: at once (also for a date already past).
    public var sendAt: Double?
    /// What has not gone out by then expires; nil: the drop's TTL alone.
    public var sendUntil: Double?
    public var validateOnly: Bool

    /// The drop's side: its options, its route's senders, and how far ahead it may schedule.
    public struct Defaults: Sendable, Equatable {
        public var validation: ValidationOptions
        /// The route's `sender`, the only one a campaign may name when the route has no `senders` list.
        public var routeSender: String?
        /// The route's `senders` list, when it has one.
        public var senders: [String]?
        /// `maxScheduleAhead`, in seconds.
        public var maxScheduleAhead: Double

        public init(
            validation: ValidationOptions,
            routeSender: String?,
            senders: [String]?,
            maxScheduleAhead: Double
        ) {
            self.validation = validation
            self.routeSender = routeSender
            self.senders = senders
            self.maxScheduleAhead = maxScheduleAhead
        }
    }

    /// Checks `campaign` (from the file `fileName`) against `defaults` at `now` (seconds since 1970).
    public static func make(
        _ campaign: CampaignFile,
        fileName: String,
        defaults: Defaults,
        now: Double
    ) -> Result<CampaignPlan, FileRejection> {
        if let sender = campaign.sender {
            let allowed = defaults.senders ?? defaults.routeSender.map { [$0] } ?? []
            guard allowed.contains(sender) else { return .failure(.senderNotAllowed(sender, allowed: allowed)) }
        }
        if let sendAt = campaign.sendAt, sendAt.secondsSince1970 > now + defaults.maxScheduleAhead {
            let days = Int((defaults.maxScheduleAhead / 86400).rounded(.down))
            return .failure(.sendAtTooFar(sendAt.text, limitDays: days))
        }
        // A date already past means now.
        let sendAt = campaign.sendAt.flatMap { $0.secondsSince1970 > now ? $0.secondsSince1970 : nil }
        if let sendUntil = campaign.sendUntil, sendUntil.secondsSince1970 < (sendAt ?? now) {
            return .failure(.sendUntilBeforeSendAt(sendUntil.text, sendAt: sendAt == nil ? nil : campaign.sendAt?.text))
        }
        var validation = defaults.validation
        validation.template = campaign.template ?? validation.template
        validation.defaultPriority = campaign.priority ?? validation.defaultPriority
        validation.phonePolicy.countryCode = campaign.countryCode ?? validation.phonePolicy.countryCode
        validation.onMissingField = campaign.onMissingField ?? validation.onMissingField
        return .success(
            CampaignPlan(
                validation: validation,
                label: campaign.label ?? fileName,
                sender: campaign.sender,
                sendAt: sendAt,
                sendUntil: campaign.sendUntil?.secondsSince1970,
                validateOnly: campaign.validateOnly
            )
        )
    }
}
