import Foundation
import RemessaCore
import Testing

@Suite("Notices: body and retry")
struct NoticeDocumentTests {
    @Test("The body has every contract key in order, escaped, with null for what does not apply")
    func body() throws {
        let document = NoticeDocument(
            id: NoticeDocument.id(event: .fileRejected, drop: "acme", key: 12),
            event: .fileRejected,
            drop: "acme",
            file: "cli\"entes.csv",
            batch: nil,
            counts: [("rows", 3), ("accepted", 0), ("rejected", 3)],
            code: "UNKNOWN_LAYOUT",
            at: "2026-12-07T11:00:00-03:00"
        )
        #expect(
            document.json()
                == #"{"id":"acme.file.rejected.12","event":"file.rejected","drop":"acme","file":"cli\"entes.csv","#
                + #""batch":null,"counts":{"rows":3,"accepted":0,"rejected":3},"code":"UNKNOWN_LAYOUT","#
                + #""at":"2026-12-07T11:00:00-03:00"}"#
        )
        let parsed = try JSONSerialization.jsonObject(with: Data(document.json().utf8)) as? [String: Any]
        #expect(parsed?["file"] as? String == "cli\"entes.csv")
    }

    @Test("Retries double up to the ceiling and stop 24 h after the notice was recorded")
    func retry() {
        let retry = NoticeRetry()
        #expect(retry.delay(afterAttempts: 1, age: 0) == 5)
        #expect(retry.delay(afterAttempts: 2, age: 10) == 10)
        #expect(retry.delay(afterAttempts: 5, age: 100) == 80)
        #expect(retry.delay(afterAttempts: 20, age: 3600) == 900)
        #expect(retry.delay(afterAttempts: 1000, age: 3600) == 900)
        #expect(retry.delay(afterAttempts: 90, age: 86400 - 901) == 900)
        #expect(retry.delay(afterAttempts: 90, age: 86400 - 899) == nil)
    }
}
