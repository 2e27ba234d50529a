import RemessaCore
import Testing

/// A client's cancel marker in the inbox (`<input>.cancel`, contract §10): eligible whatever the globs, ready
/// without a `.ok`, naming its input.
@Suite struct CancelMarkerTests {
    @Test("A cancel marker names its input; other names, hidden ones and a bare .cancel name none")
    func input() {
        #expect(InboxEligibility.cancelledInput("clientes.csv.cancel") == "clientes.csv")
        #expect(InboxEligibility.cancelledInput("natal.campaign.json.cancel") == "natal.campaign.json")
        #expect(InboxEligibility.cancelledInput("Clientes.CSV.CANCEL") == "Clientes.CSV")
        #expect(InboxEligibility.cancelledInput("clientes.csv") == nil)
        #expect(InboxEligibility.cancelledInput(".cancel") == nil)
        #expect(InboxEligibility.cancelledInput(".oculto.csv.cancel") == nil)
        #expect(InboxEligibility.cancelledInput("clientes.cancel.csv") == nil)
    }

    @Test("Markers are eligible whatever the include globs; temporary and hidden names are not")
    func eligible() {
        let eligibility = InboxEligibility(include: ["*.csv"])
        #expect(eligibility.isEligible("clientes.csv.cancel"))
        #expect(eligibility.isEligible("natal.campaign.json.cancel"))
        #expect(!eligibility.isEligible("clientes.csv.cancel.part"))
        #expect(!eligibility.isEligible(".clientes.csv.cancel"))
        #expect(!eligibility.isEligible("clientes.csv.cancel.ok"))
    }

    @Test("With readiness marker a cancel marker is ready at once; with stable it waits like any file")
    func readiness() {
        let eligibility = InboxEligibility(include: ["*.csv"])
        let marker = InboxFile(name: "clientes.csv.cancel", size: 0, modification: 100)
        let upload = InboxFile(name: "outro.csv", size: 10, modification: 100)
        var byMarker = ReadinessTracker(rule: .marker, eligibility: eligibility)
        let verdict = byMarker.observe([marker, upload], at: .seconds(1))
        #expect(verdict.ready == [marker])
        #expect(verdict.waiting == [upload])

        var stable = ReadinessTracker(rule: .stable(for: .seconds(10)), eligibility: eligibility)
        #expect(stable.observe([marker], at: .seconds(1)).waiting == [marker])
        #expect(stable.observe([marker], at: .seconds(11)).ready == [marker])
    }
}
