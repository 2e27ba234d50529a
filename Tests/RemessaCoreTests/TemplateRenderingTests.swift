import RemessaCore
import Testing

@Suite("Message templates: rendering rows")
struct TemplateRenderingTests {
    /// Columns: 0 name, 1 store, 2 code.
    static let catalog = PlaceholderCatalog([
        "NOME": .column(0),
        "PRIMEIRONOME": .firstNameOf(column: 0),
        "CORINGA1": .column(1),
        "CODCLIENTE": .column(2),
    ])

    func render(
        _ template: String,
        _ row: [String],
        onMissing: MissingFieldPolicy = .blank
    ) throws
        -> TemplateRendering
    {
        try MessageTemplate.compile(template, catalog: Self.catalog).render(field: { row[$0] }, onMissing: onMissing)
    }

    @Test(arguments: [
        ("MARIA DA SILVA", "Maria"), ("joão", "João"), ("  ana-clara souza", "Ana-Clara"), ("ÉRICA", "Érica"),
        ("\u{A0}JOSÉ\tCARLOS", "José"), ("o'neil", "O'neil"), ("Ângela", "Ângela"), ("x", "X"),
    ])
    func firstNameIsTheFirstWordTitleCased(name: String, expected: String) throws {
        #expect(try render("@PrimeiroNome", [name, "", ""]) == .text(expected))
    }

    @Test func valuesAreTrimmed() throws {
        #expect(try render("[@Coringa1]", ["", "  Loja Centro \u{A0}", ""]) == .text("[Loja Centro]"))
        #expect(try render("[@Nome]", ["Ana\n", "", ""]) == .text("[Ana]"))
    }

    @Test func missingValueRejectsTheRow() throws {
        let row = ["Maria", "", "123"]
        #expect(
            try render("Olá @Nome, loja @Coringa1", row, onMissing: .reject)
                == .missing(placeholder: "CORINGA1", column: 1)
        )
        #expect(try render("@Nome @CodCliente", row, onMissing: .reject) == .text("Maria 123"))
    }

    @Test func rejectStopsAtTheFirstMissingValue() throws {
        let template = try MessageTemplate.compile("@Nome @Coringa1 @CodCliente", catalog: Self.catalog)
        var asked: [Int] = []
        let rendering = template.render(
            field: { column in
                asked.append(column)
                return column == 1 ? "" : "x"
            },
            onMissing: .reject
        )
        #expect(rendering == .missing(placeholder: "CORINGA1", column: 1))
        #expect(asked == [0, 1])
    }

    @Test func whitespaceOnlyValueIsMissing() throws {
        #expect(
            try render("@Coringa1", ["", " \t\u{A0}", ""], onMissing: .reject)
                == .missing(placeholder: "CORINGA1", column: 1)
        )
        #expect(
            try render("Oi @PrimeiroNome", ["   ", "", ""], onMissing: .reject)
                == .missing(placeholder: "PRIMEIRONOME", column: 0)
        )
    }

    @Test(arguments: [
        ("Olá @PrimeiroNome, sua fatura vence hoje.", "Olá, sua fatura vence hoje."),
        ("Olá @Nome tudo bem?", "Olá tudo bem?"),
        ("Olá, @Nome!", "Olá!"),
        ("Olá @Nome.", "Olá."),
        ("Olá, @Nome, tudo bem?", "Olá, tudo bem?"),
        ("@Nome, sua fatura chegou", "sua fatura chegou"),
        ("@Nome sua fatura chegou", "sua fatura chegou"),
        ("Obrigado, @Nome", "Obrigado"),
        ("Obrigado @Nome ", "Obrigado "),
        ("Oi @Nome\nSua fatura", "Oi\nSua fatura"),
        ("Oi!\n@Nome, sua fatura", "Oi!\nsua fatura"),
        ("@Nome,\nsua fatura", "sua fatura"),
        ("Caro @Nome @PrimeiroNome, oi", "Caro, oi"),
        ("(@Nome)", "()"),
        ("@Nome", ""),
    ])
    func blankValueIsTidiedAway(template: String, expected: String) throws {
        #expect(try render(template, ["", "", ""]) == .text(expected))
    }

    @Test func filledValuesAreNotTidied() throws {
        // Spacing the template's author chose stays when nothing is blank.
        #expect(try render("Olá  @Nome ,  ok ", ["Ana", "", ""]) == .text("Olá  Ana ,  ok "))
    }

    @Test func blankThenFilledPlaceholderKeepsItsSpace() throws {
        #expect(try render("Olá @Coringa1@Nome, oi", ["Ana", "", ""]) == .text("Olá Ana, oi"))
        #expect(try render("Olá @Coringa1 @Nome, oi", ["Ana", "", ""]) == .text("Olá Ana, oi"))
    }

    @Test func renderedMessageEncodes() throws {
        let rendering = try render(
            "Olá @PrimeiroNome, seu código é @CodCliente. Responda SAIR para não receber.",
            ["JOÃO PEREIRA", "", "A-123"],
            onMissing: .reject
        )
        guard case .text(let text) = rendering else {
            Issue.record("expected text, got \(rendering)")
            return
        }
        let message = SMSEncoder().encode(text)
        #expect(message.text == "Ola Joao, seu codigo é A-123. Responda SAIR para nao receber.")
        #expect(message.encoding == .gsm7)
        #expect(message.segments == 1)
    }
}
