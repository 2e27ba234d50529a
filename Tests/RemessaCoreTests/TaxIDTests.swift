import RemessaCore
import Testing

@Suite struct TaxIDTests {
    @Test(
        "Valid CPFs, formatted or not",
        arguments: [
            "123.456.789-09", "12345678909", "111.444.777-35", "529.982.247-25", " 529 982 247 25 ",
            "529982247-25", "529.982.247/25", "529\u{A0}982\u{A0}247\u{A0}25", "012.345.678-90",
        ]
    )
    func validCPF(raw: String) {
        #expect(TaxID.check(raw) == .validCPF)
    }

    @Test(
        "Valid CNPJs, formatted or not, numeric or alphanumeric",
        arguments: [
            "11.222.333/0001-81", "11222333000181", "04.252.011/0001-10", "00.000.000/0001-91",
            "12.ABC.345/01DE-35", "12ABC34501DE35", "12.abc.345/01de-35",
        ]
    )
    func validCNPJ(raw: String) {
        #expect(TaxID.check(raw) == .validCNPJ)
    }

    @Test(
        "Wrong check digits, lengths or characters are invalid",
        arguments: [
            "123.456.789-00", "123.456.789-19", "12345678910", "11.222.333/0001-80", "11.222.333/0001-91",
            "12.ABC.345/01DE-36", "12.ABC.345/01DE-3A", "1234567890A", "123.456.789", "1234", "1", "123456789012345",
            "123.456.789-09x", "+12345678909", "123,456,789-09", "CPF 123.456.789-09", "１２３.456.789-09",
        ]
    )
    func invalid(raw: String) {
        #expect(TaxID.check(raw) == .invalid)
        #expect(TaxID.canonical(raw) == nil)
    }

    @Test("One digit repeated passes mod 11 but is invalid", arguments: 0...9)
    func repeatedDigits(digit: Int) {
        let cpf = String(repeating: String(digit), count: 11)
        let cnpj = String(repeating: String(digit), count: 14)
        #expect(TaxID.check(cpf) == .invalid)
        #expect(TaxID.check(cnpj) == .invalid)
        #expect(
            TaxID.check("\(cpf.prefix(3)).\(cpf.dropFirst(3).prefix(3)).\(cpf.dropFirst(6).prefix(3))-\(cpf.suffix(2))")
                == .invalid
        )
    }

    @Test("Empty and whitespace-only cells are empty", arguments: ["", " ", "\t", "\u{A0}", " . - / "])
    func empty(raw: String) {
        #expect(TaxID.check(raw) == .empty)
        #expect(TaxID.canonical(raw) == nil)
    }

    @Test(
        "Leading zeros dropped by Excel are restored",
        arguments: [
            ("1234567890", TaxIDCheck.validCPF, "01234567890" as String?), ("123456797", .validCPF, "00123456797"),
            ("4252011000110", .validCNPJ, "04252011000110"), ("394460005887", .validCNPJ, "00394460005887"),
            ("191", .invalid, nil),
        ]
    )
    func leadingZeros(raw: String, check: TaxIDCheck, canonical: String?) {
        #expect(TaxID.check(raw) == check)
        #expect(TaxID.canonical(raw) == canonical)
    }

    @Test("The canonical form drops punctuation and upper-cases letters")
    func canonical() {
        #expect(TaxID.canonical("123.456.789-09") == "12345678909")
        #expect(TaxID.canonical("11.222.333/0001-81") == "11222333000181")
        #expect(TaxID.canonical("12.abc.345/01de-35") == "12ABC34501DE35")
    }

    @Test("A CPF with letters or restored zeros with letters is invalid")
    func lettersOnlyInCNPJ() {
        #expect(TaxID.check("ABC45678909") == .invalid)
        #expect(TaxID.check("2ABC34501DE35") == .invalid)
    }
}
