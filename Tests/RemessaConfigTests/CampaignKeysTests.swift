import RemessaConfig
import RemessaCore
import Testing

@Suite("campaign keys: baseRetention, maxScheduleAhead, baseWait, subAccounts, folders.bases, senders (contract §10)")
struct CampaignKeysTests {
    static let routes = """
        routes:
          gw:
            provider: simulator
            sender: LOJA
            senders: [LOJA, NATAL]
          vip:
            provider: simulator

        """

    @Test("a drop without campaign keys gets 30 d, 35 d, 10 min, no sub-accounts and bases/")
    func defaults() throws {
        let drop = try #require(try parse(localDrop()).drops["loja"])
        #expect(drop.campaigns.baseRetention == .seconds(30 * 86400))
        #expect(drop.campaigns.maxScheduleAhead == .seconds(35 * 86400))
        #expect(drop.campaigns.baseWait == .seconds(600))
        #expect(drop.campaigns.subAccounts.isEmpty)
        #expect(drop.folders.bases == "bases")
        #expect(drop.campaignDefaults.senders == nil)
    }

    @Test("explicit keys are taken; the route's sender and senders are what a campaign is checked against")
    func explicitKeys() throws {
        let yaml =
            Self.routes
            + localDrop(
                "loja",
                """
                route: gw
                baseRetention: 7d
                maxScheduleAhead: 2d
                baseWait: 0s
                folders: {bases: salvos}
                subAccounts:
                  PROJETO1: {route: vip, template: "Oi {nome}", priority: ALTA}
                  PROJETO2: {sender: NATAL}
                """
            )
        let drop = try #require(try parse(yaml).drops["loja"])
        #expect(drop.campaigns.baseRetention == .seconds(7 * 86400))
        #expect(drop.campaigns.maxScheduleAhead == .seconds(2 * 86400))
        #expect(drop.campaigns.baseWait == .zero)
        #expect(drop.folders.bases == "salvos")
        #expect(drop.campaignDefaults.routeSender == "LOJA")
        #expect(drop.campaignDefaults.senders == ["LOJA", "NATAL"])
        #expect(drop.campaignDefaults.maxScheduleAhead == 2 * 86400)
        #expect(
            drop.campaigns.subAccounts
                == [
                    "PROJETO1": .init(route: "vip", template: "Oi {nome}", priority: .alta),
                    "PROJETO2": .init(sender: "NATAL"),
                ]
        )
        let sinch = drop.settings(forInboxFile: "PROJETO1.20261207.001.txt")
        #expect(sinch.route == "vip")
        #expect(sinch.validation.template == "Oi {nome}")
        #expect(sinch.validation.defaultPriority == .alta)
        #expect(drop.settings(forInboxFile: "PROJETO2.20261207.001.txt").sender == "NATAL")
        // Neither a declared sub-account nor a Sinch name: the drop's own settings.
        #expect(drop.settings(forInboxFile: "OUTRO.20261207.001.txt").route == "gw")
        #expect(drop.settings(forInboxFile: "clientes.csv").sender == nil)
    }

    @Test("a sub-account naming an unknown route, a sender its route refuses, or an unknown key is an error")
    func subAccountErrors() throws {
        let yaml =
            Self.routes
            + localDrop(
                "loja",
                """
                route: gw
                subAccounts:
                  A: {route: nenhuma}
                  B: {sender: PIRATA}
                  C: {remetente: X}
                """
            )
        let error = try #require(failure(yaml))
        let text = error.issues.map(\.description).joined(separator: "\n")
        #expect(text.contains("nenhuma"), "\(text)")
        #expect(text.contains("does not allow sender"), "\(text)")
        #expect(text.contains("drops.loja.subAccounts.B.sender"), "\(text)")
        #expect(text.contains("remetente"), "\(text)")
    }

    @Test("a bases folder sharing another folder's name, or a zero baseRetention, is an error")
    func folderAndDurationErrors() throws {
        let clash = try #require(failure(localDrop("loja", "folders: {bases: inbox}")))
        #expect(clash.issues.contains { $0.path.hasPrefix("drops.loja.folders") }, "\(clash.issues)")
        let zero = try #require(failure(localDrop("loja", "baseRetention: 0s")))
        #expect(zero.issues.contains { $0.path == "drops.loja.baseRetention" }, "\(zero.issues)")
    }
}
