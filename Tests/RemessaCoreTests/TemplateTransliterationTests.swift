import RemessaCore
import Testing

/// Rows whose template must be transliterated are mapped piece by piece; the result must be the whole text's.
@Suite("Template rows transliterated piece by piece")
struct TemplateTransliterationTests {
    static let names = [
        "Zoë", "José", "ANA-CLARA", "e\u{301}mile", "\u{301}Ana", "Ana\u{301}", "😀 Ana", "Ana 😀", "“Bia”",
        "Çà", "ção", "Ana\u{200B}Lu", "Ñandú",
        // Extension characters (two septets), in ASCII values and in transliterated ones, and long enough values
        // that the parts must be placed around escape pairs.
        "[Ana]", "Bia ~ {Lu}", "ção|\\^", "Ana–Lu €", String(repeating: "Ação [x] ", count: 20),
        String(repeating: "Lu{}", count: 45), "e\u{301}[", "ã\u{301}~",
    ]
    static let templates = [
        "Olá @Nome, ação!", "Oi @Nome\u{301}!", "Olá @PrimeiroNome… @Loja”", "Oi @Nome e @Loja", "Olá 😀 @Nome",
        "Olá [@Nome] ~ ação", "Olá ^ @Nome | €", "Ação: @Loja",
    ]

    @Test(arguments: templates)
    func rowsMatchTheWholeTextTransliterated(template: String) {
        var text = "destination;nome;loja\n"
        for (index, name) in Self.names.enumerated() { text += "1198765\(4000 + index);\(name);Lojão \(name)\n" }
        let (_, rows) = validate(text, options: options(template: template))
        #expect(rows.count == Self.names.count)
        let compiled = try? MessageTemplate.compile(
            template,
            catalog: PlaceholderCatalog([
                "NOME": .column(1), "LOJA": .column(2), "PRIMEIRONOME": .firstNameOf(column: 1),
            ])
        )
        for (index, row) in rows.enumerated() {
            let name = Self.names[index]
            let values = ["", name, "Lojão \(name)"]
            guard case .text(let whole)? = compiled?.render(field: { values[$0] }, onMissing: .reject) else {
                Issue.record("template did not render")
                continue
            }
            #expect(row.message == SMSEncoder().encode(whole), "\(name) in \(template)")
        }
    }
}
