import Testing

@testable import RemessaHTTP

@Suite("Webhook query decoding")
struct WebhookQueryTests {
    @Test("Kannel's callbacks decode as a form: + is a space, %XX is a byte of UTF-8")
    func formDecoding() {
        let query = HTTPRouter.formDecoded(
            "from=5511987654321&text=Quero+sair%21&reply=id%3A1+stat%3ADELIVRD&empty=&flag"
        )
        #expect(query["from"] == "5511987654321")
        #expect(query["text"] == "Quero sair!")
        #expect(query["reply"] == "id:1 stat:DELIVRD")
        #expect(query["empty"] == "")
        #expect(query["flag"] == "")
        #expect(HTTPRouter.formDecoded("text=a%C3%A7%C3%A3o")["text"] == "ação")
    }
}
