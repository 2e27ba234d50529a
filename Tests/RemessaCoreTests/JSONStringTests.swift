import RemessaCore
import Testing

@Suite("JSON string literals")
struct JSONStringTests {
    @Test("Quotes, backslashes and control characters are escaped; accents and emoji stay UTF-8")
    func escapes() {
        #expect(JSONString.quoted("Olá \"Ana\"\\n") == #""Olá \"Ana\"\\n""#)
        #expect(JSONString.quoted("a\nb\r\tc\u{1}") == #""a\nb\r\tc\u0001""#)
        #expect(JSONString.quoted("ação ✓ 😀") == "\"ação ✓ 😀\"")
        var output = "["
        JSONString.append("x", to: &output)
        #expect(output == "[\"x\"")
    }

    @Test("A duration reads as seconds with its fraction")
    func durationSeconds() {
        #expect(Duration.milliseconds(1500).inSeconds == 1.5)
        #expect(Duration.seconds(3).inSeconds == 3)
    }
}
