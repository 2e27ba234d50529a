import RemessaCore
import Testing

@Suite("Message templates: reading placeholders")
struct MessageTemplateTests {
    /// A `base` file: destination; name; customer name; store; address.
    static let catalog = PlaceholderCatalog([
        "NOME": .column(1),
        "NOME_CLIENTE": .column(2),
        "PRIMEIRONOME": .firstNameOf(column: 1),
        "CORINGA1": .column(3),
        "ENDERECO": .column(4),
        "LOJA": .column(3),
    ])
    static let row = ["5511987654321", "MARIA DA SILVA", "Maria Cliente", "Loja Centro", "Rua A, 10"]

    func render(_ template: String, row: [String] = row) throws -> String? {
        let compiled = try MessageTemplate.compile(template, catalog: Self.catalog)
        guard case .text(let text) = compiled.render(field: { row[$0] }, onMissing: .reject) else { return nil }
        return text
    }

    @Test func longestKnownNameWins() throws {
        #expect(try render("@Nome_Cliente!") == "Maria Cliente!")
        #expect(try render("@Nome!") == "MARIA DA SILVA!")
        #expect(try render("@Nomes") == "MARIA DA SILVAs")
        #expect(try render("@PrimeiroNome") == "Maria")
    }

    @Test func nameMatchingIgnoresCaseAndAccents() throws {
        #expect(try render("@nome_cliente") == "Maria Cliente")
        #expect(try render("@NOME_CLIENTE") == "Maria Cliente")
        #expect(try render("@Endereço.") == "Rua A, 10.")
        #expect(try render("@ENDEREÇO") == "Rua A, 10")
        #expect(try render("@primeironome") == "Maria")
    }

    @Test func textAfterTheNameStays() throws {
        #expect(try render("@Nome_") == "MARIA DA SILVA_")
        #expect(try render("@Coringa1-x") == "Loja Centro-x")
        #expect(try render("(@Coringa1)") == "(Loja Centro)")
    }

    @Test func unknownAtWordIsLiteral() throws {
        let template = try MessageTemplate.compile("Siga @lojinha_oficial e @, @ 10", catalog: Self.catalog)
        #expect(template.placeholderNames.isEmpty)
        #expect(template.render(field: { _ in "" }, onMissing: .reject) == .text("Siga @lojinha_oficial e @, @ 10"))
    }

    @Test func doubleAtIsALiteralAt() throws {
        #expect(try render("@@Nome") == "@Nome")
        #expect(try render("a @@ b") == "a @ b")
        #expect(try render("@@@Nome") == "@MARIA DA SILVA")
    }

    @Test func atAfterALetterOrDigitIsLiteralSoEmailsSurvive() throws {
        #expect(try render("Escreva para contato@loja.com.br") == "Escreva para contato@loja.com.br")
        #expect(try render("sac2@Nome.com") == "sac2@Nome.com")
        #expect(try render("maria.silva@Loja.com") == "maria.silva@Loja.com")
        #expect(try render("(@Loja)") == "(Loja Centro)")
    }

    @Test func atRightAfterAPlaceholderStartsAnother() throws {
        #expect(try render("@Coringa1@Nome") == "Loja CentroMARIA DA SILVA")
    }

    @Test func bracedPlaceholders() throws {
        #expect(try render("{{nome cliente}}") == "Maria Cliente")
        #expect(try render("Olá {{ Nome-Cliente }}!") == "Olá Maria Cliente!")
        #expect(try render("{{Endereço}}") == "Rua A, 10")
        #expect(try render("a{{loja}}b") == "aLoja Centrob")
    }

    @Test func unknownBracedPlaceholderIsAnError() {
        #expect(throws: TemplateError.unknownPlaceholder(name: "SALDO", offset: 4)) {
            try MessageTemplate.compile("Olá {{saldo}}", catalog: Self.catalog)
        }
    }

    @Test func emptyBracedPlaceholderIsAnError() {
        #expect(throws: TemplateError.emptyPlaceholder(offset: 2)) {
            try MessageTemplate.compile("a {{  }}", catalog: Self.catalog)
        }
    }

    @Test func unclosedBracesAreLiteral() throws {
        #expect(try render("Use {{ para abrir") == "Use {{ para abrir")
        #expect(try render("{{nome") == "{{nome")
        #expect(try render("{{nome\n}}") == "{{nome\n}}")
        #expect(try render("{{{nome}}}") == "{MARIA DA SILVA}")
        #expect(try render("{{a}b}}") == "{{a}b}}")
    }

    @Test func builtInWithoutItsColumnIsAnError() {
        #expect(throws: TemplateError.unknownPlaceholder(name: "CORINGA2", offset: 4)) {
            try MessageTemplate.compile("Olá @Coringa2!", catalog: Self.catalog)
        }
        #expect(throws: TemplateError.unknownPlaceholder(name: "TAG", offset: 0)) {
            try MessageTemplate.compile("@tag", catalog: Self.catalog)
        }
        #expect(throws: TemplateError.unknownPlaceholder(name: "CPFCNPJ", offset: 0)) {
            try MessageTemplate.compile("{{ cpfcnpj }}", catalog: Self.catalog)
        }
    }

    @Test func offsetsCountCharacters() {
        #expect(throws: TemplateError.unknownPlaceholder(name: "CORINGA5", offset: 6)) {
            try MessageTemplate.compile("Olá 👍🏽 @Coringa5", catalog: Self.catalog)
        }
    }

    @Test func errorsExplainThemselvesInBothLanguages() {
        let builtIn = TemplateError.unknownPlaceholder(name: "CORINGA2", offset: 4)
        #expect(builtIn.code == .unknownPlaceholder)
        #expect(builtIn.sentence().ptBR.contains("CORINGA2"))
        #expect(builtIn.sentence().ptBR.contains("posição 5"))
        #expect(builtIn.sentence().en.contains("no such column"))
        let unknown = TemplateError.unknownPlaceholder(name: "SALDO", offset: 0)
        #expect(unknown.sentence().text(in: .en).contains("{{SALDO}}"))
        #expect(TemplateError.emptyPlaceholder(offset: 0).sentence().ptBR.contains("sem nome"))
    }

    @Test func placeholderNamesInOrderOfFirstUse() throws {
        let template = try MessageTemplate.compile("@Nome @Coringa1 {{nome}} @PrimeiroNome", catalog: Self.catalog)
        #expect(template.placeholderNames == ["NOME", "CORINGA1", "PRIMEIRONOME"])
        #expect(!template.placeholderNames.isEmpty)
    }

    @Test func constantTemplateNeverReadsTheRow() throws {
        let template = try MessageTemplate.compile("Promoção válida até domingo", catalog: Self.catalog)
        #expect(template.placeholderNames.isEmpty)
        var reads = 0
        let rendering = template.render(
            field: { _ in
                reads += 1
                return ""
            },
            onMissing: .reject
        )
        #expect(rendering == .text("Promoção válida até domingo"))
        #expect(reads == 0)
    }

    @Test func emptyTemplateIsConstantAndEmpty() throws {
        let template = try MessageTemplate.compile("", catalog: Self.catalog)
        #expect(template.placeholderNames.isEmpty)
        #expect(template.render(field: { _ in "x" }, onMissing: .reject) == .text(""))
    }

    @Test func catalogNormalisesItsKeys() {
        let catalog = PlaceholderCatalog(["nome cliente": .column(2), "Endereço (rua)": .column(4)])
        #expect(catalog["NOME_CLIENTE"] == .column(2))
        #expect(catalog["ENDERECO"] == .column(4))
        #expect(catalog.names == ["ENDERECO", "NOME_CLIENTE"])
    }

    @Test func catalogFromHeadersAddsTheNameBuiltIns() throws {
        let catalog = PlaceholderCatalog(headers: ["telefone", "Nome Cliente", "Coringa 1"], nameColumn: 1)
        #expect(catalog["TELEFONE"] == .column(0))
        #expect(catalog["NOME_CLIENTE"] == .column(1))
        #expect(catalog["CORINGA_1"] == .column(2))
        #expect(catalog["NOME"] == .column(1))
        #expect(catalog["PRIMEIRONOME"] == .firstNameOf(column: 1))
        let template = try MessageTemplate.compile("Oi @PrimeiroNome", catalog: catalog)
        #expect(template.render(field: { ["", "ana souza", ""][$0] }, onMissing: .reject) == .text("Oi Ana"))
    }
}

@Suite("Message templates: placeholder names")
struct TemplateNameTests {
    @Test func atNamesNormaliseLikeHeaders() throws {
        // `@Name` normalises each prefix of the name incrementally; it must agree with HeaderName on all.
        let names = [
            "Nome_Cliente", "__nome__cliente__", "Endereço", "ÁGUA_ÉÇÕ", "straße", "Coringa1", "x_1_y", "İstanbul",
            "e\u{301}clair", "Ñandú_ñ", "ǅemal", "_", "a__", "ΔΣ_ω",
        ]
        for name in names {
            var prefix = ""
            for character in name {
                prefix.append(character)
                let catalog = PlaceholderCatalog([HeaderName.normalise(prefix): .column(0)])
                let template = try MessageTemplate.compile("@\(prefix)", catalog: catalog)
                let expected = HeaderName.normalise(prefix)
                #expect(
                    template.placeholderNames == (expected.isEmpty ? [] : [expected]),
                    "\(prefix.debugDescription) → \(expected.debugDescription)"
                )
            }
        }
    }
}
