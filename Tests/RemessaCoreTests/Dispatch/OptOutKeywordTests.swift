import RemessaCore
import Testing

@Suite struct OptOutKeywordTests {
    @Test(
        "A reply that is one keyword opts out, whatever its case, accents and surrounding punctuation",
        arguments: [
            "SAIR", "sair", "Sair", "Sair.", "  stop! ", "STOP", "Stop", "PARAR", "parar!!", "Pare", "CANCELAR",
            "cancelar;", "#OPTOUT", "#optout", "optout", "OptOut:", "DESCADASTRAR", "remover", "UNSUBSCRIBE",
            "Sáir", "SÁIR", "Párár", "cancelár", "Sa\u{301}ir", "\"sair\"", "'Sair'", "\u{201C}Sair\u{201D}",
            "sair\n", "\tSTOP\r\n", "...sair...", "\u{A0}sair\u{A0}", "Remóver",
        ]
    )
    func optsOut(text: String) {
        #expect(OptOutKeyword.isOptOut(text))
    }

    @Test(
        "Anything else does not",
        arguments: [
            "quero sair da lista", "sair da lista", "pare de enviar", "stop stop", "SAIR 123", "sair?", "¿sair",
            "(sair)", "s a i r", "sai", "sairr", "#sair", "opt out", "#OPT OUT", "OPT-OUT", "não", "sim", "", "   ",
            "...", "#", "STOPP", "ssair", "sa\u{200B}ir", "ＳＡＩＲ", String(repeating: "sair", count: 1000),
        ]
    )
    func doesNotOptOut(text: String) {
        #expect(!OptOutKeyword.isOptOut(text))
    }

    @Test("Substrings are accepted as well as strings")
    func substring() {
        let reply = "ok: stop"
        #expect(OptOutKeyword.isOptOut(reply.split(separator: " ")[1]))
        #expect(!OptOutKeyword.isOptOut(reply.split(separator: " ")[0]))
    }

    @Test("Every keyword is recognised in lower case")
    func everyKeyword() {
        #expect(OptOutKeyword.keywords.count == 10)
        for keyword in OptOutKeyword.keywords {
            #expect(OptOutKeyword.isOptOut(keyword.lowercased()), "\(keyword)")
        }
    }
}
