import RemessaCore
import Testing

@testable import RemessaProviders

@Suite("Outgoing messages")
struct OutgoingMessageTests {
    @Test("A message keeps the id delivery reports come back with")
    func keepsIdentity() {
        let message = OutgoingMessage(
            id: 42,
            destination: "5511987654321",
            text: "Oi",
            encoding: .gsm7,
            segments: 1,
            drop: "acme",
            batchID: 7
        )
        #expect(message.id == 42)
        #expect(message.correlationID == nil)
    }
}
