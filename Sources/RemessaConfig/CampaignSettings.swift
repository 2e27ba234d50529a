import RemessaCore

/// A drop's saved bases, campaign files and Sinch sub-accounts (contract §10).
public struct CampaignSettings: Sendable, Equatable {
    /// How long after it was first saved a base is deleted from `bases/`.
    public var baseRetention: Duration
    /// How far ahead a campaign's `sendAt` may be.
    public var maxScheduleAhead: Duration
    /// How long a campaign waits for a base still being uploaded or checked before `BASE_NOT_FOUND`.
    public var baseWait: Duration
    /// Settings for Sinch files `<SUBACCOUNT>.<YYYYMMDD>.<SEQ>.txt`, by sub-account.
    public var subAccounts: [String: SubAccount]
    /// The drop's route's `sender` and `senders`, copied when the configuration is read: a campaign's sender is
    /// checked against them.
    public var routeSender: String?
    public var routeSenders: [String]?

    public init(
        baseRetention: Duration = .seconds(30 * 86400),
        maxScheduleAhead: Duration = .seconds(35 * 86400),
        baseWait: Duration = .seconds(600),
        subAccounts: [String: SubAccount] = [:]
    ) {
        self.baseRetention = baseRetention
        self.maxScheduleAhead = maxScheduleAhead
        self.baseWait = baseWait
        self.subAccounts = subAccounts
    }

    /// What a Sinch sub-account's files take instead of the drop's settings; nil keeps the drop's.
    public struct SubAccount: Sendable, Equatable {
        public var route: String?
        public var sender: String?
        public var template: String?
        public var priority: Priority?

        public init(route: String? = nil, sender: String? = nil, template: String? = nil, priority: Priority? = nil) {
            self.route = route
            self.sender = sender
            self.template = template
            self.priority = priority
        }
    }
}

extension DropConfiguration {
    /// What a campaign file of this drop is checked against (contract §10).
    public var campaignDefaults: CampaignPlan.Defaults {
        CampaignPlan.Defaults(
            validation: validation,
            routeSender: campaigns.routeSender,
            senders: campaigns.routeSenders,
            maxScheduleAhead: campaigns.maxScheduleAhead.inSeconds
        )
    }

    /// The settings a plain inbox file named `fileName` is sent with: the drop's, or its Sinch sub-account's.
    public func settings(
        forInboxFile fileName: String
    ) -> (route: String, sender: String?, validation: ValidationOptions) {
        var validation = self.validation
        guard let name = SinchFileName.subAccount(of: fileName), let account = campaigns.subAccounts[name] else {
            return (route, nil, validation)
        }
        validation.template = account.template ?? validation.template
        validation.defaultPriority = account.priority ?? validation.defaultPriority
        return (account.route ?? route, account.sender, validation)
    }
}
