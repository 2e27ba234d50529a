import RemessaCore
import Testing

private func detect(_ text: String) -> Character {
    Character(Unicode.Scalar(DelimiterDetector.detect(Array(text.utf8))))
}

@Suite struct DelimiterDetectorTests {
    @Test(arguments: [";", ",", "\t", "|"] as [Character])
    func plainFiles(delimiter: Character) {
        let d = String(delimiter)
        let text =
            ["numero\(d)nome\(d)texto", "5511987654321\(d)Ana\(d)Oi", "5511987654322\(d)Bia\(d)Olá"]
            .joined(separator: "\r\n") + "\r\n"
        #expect(detect(text) == delimiter)
    }

    @Test func commasInsideQuotedMessagesDoNotCount() {
        let text = """
            numero;mensagem
            5511987654321;"Olá, Ana, sua fatura, vence hoje"
            5511987654322;"Oi, Bia"

            """
        #expect(detect(text) == ";")
    }

    @Test func semicolonsInsideQuotedFieldsOfACommaFileDoNotCount() {
        let text = """
            numero,mensagem,id
            5511987654321,"Olá; Ana; tudo bem; até logo",1
            5511987654322,"a;b;c;d;e;f",2

            """
        #expect(detect(text) == ",")
    }

    @Test func quotedLineBreaksDoNotSplitLines() {
        let text = "numero|texto\n1|\"linha 1\nlinha, 2, com, virgulas\"\n2|x\n"
        #expect(detect(text) == "|")
    }

    @Test func decimalCommasInASemicolonFile() {
        let text = "nome;valor\nAna;1,50\nBia;2,00\nCaio;10\n"
        #expect(detect(text) == ";")
    }

    @Test func tabsWithCommasInText() {
        let text = "numero\ttexto\n5511\tOi, tudo bem?\n5512\tOlá\n"
        #expect(detect(text) == "\t")
    }

    @Test func headerWeighsMostOverFreeTextCommas() {
        // Commas outnumber semicolons in the data, but the header has no comma.
        let text = "numero;texto\n5511;a, b, c, d\n5512;e, f, g\n5513;h, i\n"
        #expect(detect(text) == ";")
    }

    @Test func sinchFileWithoutHeader() {
        let text = "5511987654321;Oi Maria, tudo bem, sua entrega;id1;\n5511987654322;Olá;id2;\nEOF\n"
        #expect(detect(text) == ";")
    }

    @Test func oneColumnFileDefaultsToSemicolon() {
        #expect(detect("numero\n5511987654321\n5511987654322\n") == ";")
        #expect(detect("") == ";")
    }

    @Test func tieGoesToTheEarlierCandidate() {
        #expect(detect("a;b,c\n1;2,3\n") == ";")
        #expect(detect("a,b|c\n1,2|3\n") == ",")
        #expect(detect("a\tb|c\n1\t2|3\n") == "\t")
    }

    @Test func moreConsistentCandidateWinsWhenBothAreInTheHeader() {
        let text = "nome,sobrenome;telefone\nAna;5511\nBia;5512\nCaio,Jr;5513\n"
        #expect(detect(text) == ";")
        // Here the later candidate is the consistent one.
        #expect(detect("nome;x,telefone,id\nAna,5511,1\nBia,5512,2\n") == ",")
    }

    @Test func titleLineWithoutDelimiters() {
        let text = "Relatório de clientes\r\nnumero,nome\r\n5511,Ana\r\n5512,Bia\r\n"
        #expect(detect(text) == ",")
    }

    @Test func bomAndBlankLinesAreIgnored() {
        let text = "\u{FEFF}numero|nome\n\n\n5511|Ana\n;;;\n5512|Bia\n"
        #expect(detect(text) == "|")
    }

    @Test func aLastLineCutByTheSampleIsIgnored() {
        // The sample ends inside the third line, which has fewer semicolons than the header.
        let text = "a;b;c\n1;2;3\n4;5"
        #expect(detect(text) == ";")
        // A header alone, without a line end, still counts.
        #expect(detect("numero,texto") == ",")
    }

    @Test func onlyTheFirstLinesAreLookedAt() {
        var text = "a;b\n"
        for _ in 0..<(DelimiterDetector.maxLines - 1) {
            text += "1;2\n"
        }
        text += String(repeating: "x,y,z\n", count: 500)
        #expect(detect(text) == ";")
    }
}
