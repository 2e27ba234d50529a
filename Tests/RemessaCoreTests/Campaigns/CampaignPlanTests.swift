import RemessaCore
import Testing

@Suite struct CampaignPlanTests {
    /// 2026-12-07T12:00:00Z.
    static let now = 1_796_644_800.0
    static let day = 86400.0

    private func defaults(sender: String? = "LOJA", senders: [String]? = nil) -> CampaignPlan.Defaults {
        CampaignPlan.Defaults(
            validation: ValidationOptions(template: "Oi", defaultPriority: .media),
            routeSender: sender,
            senders: senders,
            maxScheduleAhead: 35 * Self.day
        )
    }

    private func at(_ seconds: Double, _ text: String = "x") -> OffsetDateTime {
        OffsetDateTime(secondsSince1970: seconds, text: text)
    }

    private func plan(
        _ campaign: CampaignFile,
        _ defaults: CampaignPlan.Defaults
    ) -> Result<CampaignPlan, FileRejection> {
        CampaignPlan.make(campaign, fileName: "natal.campaign.json", defaults: defaults, now: Self.now)
    }

    @Test("The campaign's settings replace the drop's; absent ones keep them")
    func overrides() throws {
        var campaign = CampaignFile(base: "b.csv")
        let plain = try plan(campaign, defaults()).get()
        #expect(plain.validation == defaults().validation)
        #expect(plain.label == "natal.campaign.json")
        #expect(plain.sender == nil && plain.sendAt == nil && plain.sendUntil == nil && !plain.validateOnly)
        campaign.template = "Olá @Nome"
        campaign.priority = .baixa
        campaign.countryCode = .present
        campaign.onMissingField = .blank
        campaign.label = "Natal"
        campaign.validateOnly = true
        let own = try plan(campaign, defaults()).get()
        #expect(own.validation.template == "Olá @Nome")
        #expect(own.validation.defaultPriority == .baixa)
        #expect(own.validation.phonePolicy.countryCode == .present)
        #expect(own.validation.onMissingField == .blank)
        #expect(own.label == "Natal")
        #expect(own.validateOnly)
    }

    @Test("Without a senders list only the route's sender is allowed; with one, only its members")
    func senders() throws {
        let named = CampaignFile(base: "b.csv", sender: "OUTRA")
        #expect(try plan(CampaignFile(base: "b.csv", sender: "LOJA"), defaults()).get().sender == "LOJA")
        guard case .failure(let refused) = plan(named, defaults()) else { throw CancellationError() }
        #expect(refused.code == .senderNotAllowed)
        #expect(refused.sentence.ptBR.contains("\"LOJA\""))
        guard case .failure(let none) = plan(named, defaults(sender: nil)) else { throw CancellationError() }
        #expect(none.code == .senderNotAllowed)
        #expect(none.sentence.en.contains("remove the \"sender\" key"))
        #expect(try plan(named, defaults(senders: ["OUTRA", "29000"])).get().sender == "OUTRA")
        guard case .failure = plan(CampaignFile(base: "b.csv", sender: "LOJA"), defaults(senders: ["OUTRA"])) else {
            throw CancellationError()
        }
    }

    @Test("sendAt beyond maxScheduleAhead, or sendUntil before sendAt, is SCHEDULE_TOO_FAR")
    func schedules() throws {
        let far = CampaignFile(base: "b.csv", sendAt: at(Self.now + 36 * Self.day, "2027-01-12T12:00:00Z"))
        guard case .failure(let tooFar) = plan(far, defaults()) else { throw CancellationError() }
        #expect(tooFar.code == .scheduleTooFar)
        #expect(tooFar.field == "sendAt")
        #expect(tooFar.sentence.ptBR.contains("35 dias"))
        let ok = CampaignFile(base: "b.csv", sendAt: at(Self.now + 34 * Self.day))
        #expect(try plan(ok, defaults()).get().sendAt == Self.now + 34 * Self.day)

        let backwards = CampaignFile(
            base: "b.csv",
            sendAt: at(Self.now + Self.day, "amanhã"),
            sendUntil: at(Self.now + 3600, "daqui a uma hora")
        )
        guard case .failure(let before) = plan(backwards, defaults()) else { throw CancellationError() }
        #expect(before.code == .scheduleTooFar)
        #expect(before.field == "sendUntil")
        #expect(before.sentence.en.contains("before \"sendAt\" (amanhã)"))
        let passed = CampaignFile(base: "b.csv", sendUntil: at(Self.now - 60))
        guard case .failure(let over) = plan(passed, defaults()) else { throw CancellationError() }
        #expect(over.code == .scheduleTooFar)
        #expect(over.sentence.en.contains("has passed"))
    }

    @Test("A sendAt already past means now; sendUntil is kept")
    func pastMeansNow() throws {
        let campaign = CampaignFile(
            base: "b.csv",
            sendAt: at(Self.now - Self.day),
            sendUntil: at(Self.now + 3600)
        )
        let plan = try plan(campaign, defaults()).get()
        #expect(plan.sendAt == nil)
        #expect(plan.sendUntil == Self.now + 3600)
    }
}
