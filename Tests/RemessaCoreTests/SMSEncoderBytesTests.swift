import RemessaCore
import Testing

@Suite("SMS encoding from UTF-8 bytes")
struct SMSEncoderBytesTests {
    static let texts: [String] = [
        "",
        "Olá Maria, sua loja mais próxima: Av. Paulista, 1000",
        "plain ascii text",
        "café é GSM-7 já",
        "élan à Çà",
        "braces {x} and € cost two",
        "emoji 😀 stays UCS-2 com acento ã",
        "e\u{301} combining accent",
        "tab\tand “quotes” … done",
        String(repeating: "ação ", count: 60),
        String(repeating: "[x] ", count: 50),
    ]

    @Test(arguments: texts, [true, false])
    func bytesMatchString(text: String, transliterate: Bool) {
        let encoder = SMSEncoder(transliterate: transliterate)
        let fromBytes = Array(text.utf8).withUnsafeBufferPointer { encoder.encode(utf8: $0) }
        #expect(fromBytes == encoder.encode(text))
    }
}
