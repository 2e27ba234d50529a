import Foundation
import Testing

@testable import RemessaSFTP

@Suite("Publication names")
struct PublishNamingTests {
    @Test("The temporary name of a short target is derived from it")
    func shortName() {
        let naming = PublishNaming(remotePath: "outbox/clientes.csv.result.csv")
        #expect(naming.temporary == "outbox/.clientes.csv.result.csv.remessa.part")
    }

    @Test("The temporary name of a long target stays within 255 bytes, distinct per target")
    func longName() {
        let long = String(repeating: "relatório-", count: 23) + ".csv.result.csv"
        let naming = PublishNaming(remotePath: "outbox/" + long)
        let temporary = naming.temporary
        #expect(temporary.hasPrefix("outbox/.relatório-"))
        #expect(temporary.hasSuffix(".remessa.part"))
        let component = temporary.dropFirst("outbox/".count)
        #expect(component.utf8.count <= 255)
        let other = PublishNaming(remotePath: "outbox/" + long.replacingOccurrences(of: ".result", with: ".error"))
        #expect(other.temporary != temporary)
    }
}
