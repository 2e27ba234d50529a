import RemessaCore
import Testing

@Suite("SMS encoding: transliteration to GSM-7")
struct SMSTransliterationTests {
    let encoder = SMSEncoder()

    /// Portuguese letters outside GSM-7 and their plain form, both cases.
    static let portugueseAccents: [(String, String)] = [
        ("á", "a"), ("â", "a"), ("ã", "a"), ("ç", "c"), ("ê", "e"), ("í", "i"), ("ó", "o"), ("ô", "o"), ("õ", "o"),
        ("ú", "u"), ("Á", "A"), ("Â", "A"), ("Ã", "A"), ("À", "A"), ("Ê", "E"), ("Í", "I"), ("Ó", "O"), ("Ô", "O"),
        ("Õ", "O"), ("Ú", "U"),
    ]

    @Test(arguments: portugueseAccents)
    func portugueseAccentsLoseTheirAccent(accented: String, plain: String) {
        let message = encoder.encode("x\(accented)y")
        #expect(message.text == "x\(plain)y")
        #expect(message.encoding == .gsm7)
        #expect(message.units == 3)
        #expect(message.wasTransliterated)
    }

    @Test(arguments: ["é", "à", "è", "ù", "ì", "ò", "Ç", "É", "ä", "ö", "ü", "ñ", "Ä", "Ö", "Ü", "Ñ", "ß", "Å", "å"])
    func lettersAlreadyInGSM7Stay(_ letter: String) {
        let message = encoder.encode("Você \(letter)")
        #expect(message.text == "Voce \(letter)")
        #expect(message.encoding == .gsm7)
    }

    @Test func textAlreadyInGSM7IsNotTransliterated() {
        let message = encoder.encode("Café à noite, Ça va? Über")
        #expect(message.text == "Café à noite, Ça va? Über")
        #expect(!message.wasTransliterated)
        #expect(message.units == 25)
    }

    @Test(arguments: [
        ("“Promoção”", "\"Promocao\""), ("‘sim’", "'sim'"), ("„x‟", "\"x\""), ("«oi»", "\"oi\""), ("d`água", "d'agua"),
        ("8–18h", "8-18h"), ("a — b", "a - b"), ("−5", "-5"), ("R$\u{A0}10", "R$ 10"), ("10\u{202F}km", "10 km"),
        ("a\u{2009}b", "a b"), ("a\tb", "a b"), ("Aguarde…", "Aguarde..."), ("1º lugar, 2ª vez", "1o lugar, 2a vez"),
        ("• item", "- item"), ("ze\u{200B}ro", "zero"), ("jun\u{200D}to", "junto"), ("\u{FEFF}Oi", "Oi"),
        ("soft\u{AD}hyphen", "softhyphen"), ("25°C", "25oC"), ("Marca™", "MarcaTM"), ("©2025", "(C)2025"),
        ("ＡＢＣ１", "ABC1"), ("linha\u{2028}nova", "linha\nnova"), ("a\u{0B}b", "a\nb"),
    ])
    func punctuationSpacesAndSymbolsMapToGSM7(input: String, expected: String) {
        let message = encoder.encode(input)
        #expect(message.text == expected)
        #expect(message.encoding == .gsm7)
        #expect(message.wasTransliterated)
    }

    @Test func transliterateAloneKeepsGSM7AndGivesUpOnEmoji() {
        #expect(GSM7.transliterate("Ação é já") == "Acao é ja")
        #expect(GSM7.transliterate("Café") == "Café")
        #expect(GSM7.transliterate("") == "")
        #expect(GSM7.transliterate("ação 😀") == nil)
    }

    @Test func ellipsisCountsThreeSeptets() {
        #expect(encoder.encode("…").units == 3)
    }

    @Test func combiningAccentsJoinWhenTheLetterIsGSM7() {
        // Decomposed text (as some Mac exports write it): e + U+0301 is é, which is GSM-7; a + U+0303 is ã,
        // which is not, so the accent is dropped.
        #expect(encoder.encode("Cafe\u{301}").text == "Café")
        #expect(encoder.encode("amanha\u{303}").text == "amanha")
        #expect(encoder.encode("Cafe\u{301}").units == 4)
        #expect(encoder.encode("C\u{327}a").text == "Ça")
        #expect(encoder.encode("c\u{327}a").text == "ca")
        #expect(encoder.encode("\u{301}x").text == "x")
    }

    @Test func emojiKeepsUCS2AndTheOriginalAccents() {
        let text = "Olá, sua promoção chegou 🎉"
        let message = encoder.encode(text)
        #expect(message.encoding == .ucs2)
        #expect(message.text == text)
        #expect(!message.wasTransliterated)
        #expect(message.units == 27)
    }

    @Test func cjkKeepsUCS2() {
        let message = encoder.encode("Pedido 注文")
        #expect(message.encoding == .ucs2)
        #expect(message.text == "Pedido 注文")
    }

    @Test func withoutTransliterationAccentsMakeUCS2() {
        let message = SMSEncoder(transliterate: false).encode("amanhã")
        #expect(message.encoding == .ucs2)
        #expect(message.text == "amanhã")
        #expect(message.units == 6)
        #expect(!message.wasTransliterated)
    }

    @Test func realisticBrazilianMessage() {
        let text =
            "Olá Maria, sua fatura de R$ 123,45 vence amanhã (15/03). Pague pelo app: loja.com.br/fatura — "
            + "dúvidas? Ligue 4004-1234. Não responda esta mensagem."
        let message = encoder.encode(text)
        #expect(
            message.text
                == "Ola Maria, sua fatura de R$ 123,45 vence amanha (15/03). Pague pelo app: loja.com.br/fatura - "
                + "duvidas? Ligue 4004-1234. Nao responda esta mensagem."
        )
        #expect(message.encoding == .gsm7)
        #expect(message.units == 147)
        #expect(message.segments == 1)
        #expect(message.wasTransliterated)
    }

    @Test func transliterationCanSaveASegment() {
        // 100 accented characters: 2 UCS-2 parts, 1 GSM-7 part once transliterated.
        let text = String(repeating: "ção ", count: 25)
        #expect(SMSEncoder(transliterate: false).encode(text).segments == 2)
        let message = encoder.encode(text)
        #expect(message.segments == 1)
        #expect(message.units == 100)
    }

    @Test func transliteratedLongMessageCountsTheMappedText() {
        // "…" becomes three septets, so 60 of them take 180 septets and 2 parts.
        let message = encoder.encode(String(repeating: "…", count: 60))
        #expect(message.units == 180)
        #expect(message.segments == 2)
    }

    @Test func everyReplacementIsShortPlainGSM7() {
        // The transliteration writes into a buffer twice the input's UTF-8 size and must never produce an
        // extension character (it would change the count) or anything outside the alphabet.
        var mapped = 0
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value), GSM7.septetCount(of: scalar) == nil else { continue }
            let source = String(Character(scalar))
            guard let result = GSM7.transliterate(source) else { continue }
            mapped += 1
            #expect(result.utf8.count <= 2 * source.utf8.count, "U+\(String(value, radix: 16))")
            for character in result.unicodeScalars {
                #expect(GSM7.septetCount(of: character) == 1, "U+\(String(value, radix: 16)) → \(result)")
            }
        }
        // Latin-1, Latin Extended-A, punctuation, spaces and fullwidth forms: several hundred in all.
        #expect(mapped > 300)
    }
}
