import RemessaCore
import Testing

@Suite struct CampaignFileTests {
    private func parse(_ text: String) -> Result<CampaignFile, FileRejection> {
        CampaignFile.parse(Array(text.utf8))
    }

    private func rejection(_ text: String) throws -> FileRejection {
        guard case .failure(let rejection) = parse(text) else {
            Issue.record("\(text) was accepted")
            throw CancellationError()
        }
        return rejection
    }

    @Test("Every key of §10 is read, of its type")
    func everyKey() throws {
        let text = """
            \u{FEFF}{"base": "clientes.csv", "template": "Oi @Nome", "sender": "LOJA", \
            "sendAt": "2026-12-24T09:00:00-03:00", "sendUntil": "2026-12-24T18:30:00Z", "priority": "alta", \
            "countryCode": "absent", "onMissingField": "blank", "label": "Natal", "validateOnly": true}
            """
        let campaign = try parse(text).get()
        #expect(campaign.base == "clientes.csv")
        #expect(campaign.template == "Oi @Nome")
        #expect(campaign.sender == "LOJA")
        // 2026-12-24T12:00:00Z.
        #expect(campaign.sendAt?.secondsSince1970 == 1_798_113_600)
        #expect(campaign.sendAt?.text == "2026-12-24T09:00:00-03:00")
        #expect(campaign.sendUntil?.secondsSince1970 == 1_798_113_600 + 6.5 * 3600)
        #expect(campaign.priority == .alta)
        #expect(campaign.countryCode == .absent)
        #expect(campaign.onMissingField == .blank)
        #expect(campaign.label == "Natal")
        #expect(campaign.validateOnly)
    }

    @Test("Only base is required; the rest keep the drop's settings")
    func onlyBase() throws {
        #expect(try parse(#"{"base": "b.csv"}"#).get() == CampaignFile(base: "b.csv"))
    }

    @Test("An unknown key is INVALID_CAMPAIGN naming it, in pt-BR and en")
    func unknownKey() throws {
        let rejection = try rejection(#"{"base": "b.csv", "sendat": "2026-12-24T09:00:00-03:00"}"#)
        #expect(rejection.code == .invalidCampaign)
        #expect(rejection.field == "sendat")
        #expect(rejection.sentence.ptBR.contains("A chave \"sendat\""))
        #expect(rejection.sentence.en.contains("key \"sendat\" is not known"))
    }

    @Test(
        "A wrong type names the key",
        arguments: [
            (#"{"base": 12}"#, "base"), (#"{"base": "b.csv", "template": ["x"]}"#, "template"),
            (#"{"base": "b.csv", "validateOnly": "true"}"#, "validateOnly"),
            (#"{"base": "b.csv", "validateOnly": 1}"#, "validateOnly"),
            (#"{"base": "b.csv", "sender": null}"#, "sender"),
            (#"{"base": "b.csv", "priority": "URGENTE"}"#, "priority"),
            (#"{"base": "b.csv", "countryCode": "sim"}"#, "countryCode"),
            (#"{"base": "b.csv", "onMissingField": "skip"}"#, "onMissingField"),
            (#"{"base": "b.csv", "label": "  "}"#, "label"), (#"{"template": "Oi"}"#, "base"),
            (#"{"base": "../inbox/x.csv"}"#, "base"),
        ]
    )
    func wrongType(text: String, key: String) throws {
        let rejection = try rejection(text)
        #expect(rejection.code == .invalidCampaign)
        #expect(rejection.field == key)
        #expect(rejection.sentence.ptBR.contains("\"\(key)\""))
        #expect(rejection.sentence.en.contains("\"\(key)\""))
    }

    @Test("A date without an offset, or not a date, names its key")
    func dates() throws {
        let noOffset = try rejection(#"{"base": "b.csv", "sendAt": "2026-12-24T09:00:00"}"#)
        #expect(noOffset.field == "sendAt")
        #expect(noOffset.sentence.ptBR.contains("fuso horário"))
        #expect(noOffset.sentence.en.contains("no UTC offset"))
        let notADate = try rejection(#"{"base": "b.csv", "sendUntil": "24/12/2026 09:00"}"#)
        #expect(notADate.field == "sendUntil")
        #expect(notADate.sentence.en.contains("not an ISO 8601 date"))
        let noSuchDay = try rejection(#"{"base": "b.csv", "sendAt": "2026-02-30T09:00:00-03:00"}"#)
        #expect(noSuchDay.field == "sendAt")
    }

    @Test("Not JSON, or JSON that is not an object, is INVALID_CAMPAIGN for the whole file")
    func notAnObject() throws {
        for text in ["[\"base\"]", "\"b.csv\"", "42"] {
            let rejection = try rejection(text)
            #expect(rejection.code == .invalidCampaign)
            #expect(rejection.field == nil)
            #expect(rejection.sentence.ptBR.contains("objeto JSON"), "\(text)")
        }
        for text in ["", "{base: b.csv}", "{\"base\": \"b.csv\"", "\u{0}\u{1}"] {
            let rejection = try rejection(text)
            #expect(rejection.code == .invalidCampaign)
            #expect(rejection.sentence.en.contains("not valid JSON"), "\(text)")
        }
        let large = CampaignFile.parse(Array(repeating: 0x20, count: CampaignFile.maxBytes + 1))
        #expect(throws: FileRejection.self) { try large.get() }
    }

    @Test("Campaign file names end in .campaign.json, in any case")
    func names() {
        #expect(CampaignFile.isCampaign("natal.campaign.json"))
        #expect(CampaignFile.isCampaign("NATAL.Campaign.JSON"))
        #expect(!CampaignFile.isCampaign(".campaign.json"))
        #expect(!CampaignFile.isCampaign("natal.json"))
        #expect(InboxEligibility(include: ["*.csv", CampaignFile.glob]).isEligible("natal.campaign.json"))
    }

    @Test("Offsets: Z, ±HH:MM, ±HHMM, fractions; a space for T")
    func offsets() throws {
        let base = 1_798_113_600.0
        for (text, seconds) in [
            ("2026-12-24T12:00:00Z", base), ("2026-12-24T09:00-03:00", base), ("2026-12-24 14:00:00+0200", base),
            ("2026-12-24T12:00:00.5Z", base + 0.5),
        ] {
            #expect(try OffsetDateTime.parse(text).get().secondsSince1970 == seconds, "\(text)")
        }
        #expect(OffsetDateTime.parse("2026-12-24T12:00:00") == .failure(.missingOffset))
        #expect(OffsetDateTime.parse("2026-12-24T25:00:00Z") == .failure(.malformed))
        #expect(OffsetDateTime.parse("2026-12-24T12:00:00+03:00x") == .failure(.malformed))
        #expect(try OffsetDateTime.parse("2024-02-29T00:00:00Z").get().secondsSince1970 == 1_709_164_800)
    }
}
