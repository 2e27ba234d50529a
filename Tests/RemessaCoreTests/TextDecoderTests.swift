import RemessaCore
import Testing

/// Decodes `bytes` as one field.
private func decode(_ bytes: [UInt8], with decoder: inout TextDecoder) -> String {
    bytes.withUnsafeBufferPointer { decoder.string(from: $0) }
}

/// Whether the decoder has settled its encoding: a field that is not UTF-8 no longer changes it (an undecided
/// one becomes Windows-1252).
private func isDecided(_ decoder: TextDecoder) -> Bool {
    var probe = decoder
    let before = probe.encoding
    _ = decode([0x4A, 0x6F, 0xE3, 0x6F], with: &probe)
    return probe.encoding == before
}

private let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

@Suite struct TextDecoderTests {
    @Test func utf8WithAccentsIsDecidedByTheSample() {
        var decoder = TextDecoder(sample: Array("nome;cidade\nJoão;São Paulo\n".utf8))
        #expect(decoder.encoding == .utf8)
        #expect(isDecided(decoder))
        #expect(decode(Array("Conceição".utf8), with: &decoder) == "Conceição")
    }

    @Test func bomMeansUTF8EvenWhenTheRestIsASCII() {
        let decoder = TextDecoder(sample: utf8BOM + Array("numero;texto\n".utf8))
        #expect(decoder.encoding == .utf8)
        #expect(isDecided(decoder))
    }

    @Test func invalidUTF8MeansWindows1252() {
        var decoder = TextDecoder(sample: Array("nome\nJo".utf8) + [0xE3] + Array("o\n".utf8))
        #expect(decoder.encoding == .windows1252)
        #expect(decode(Array("Jo".utf8) + [0xE3, 0x6F], with: &decoder) == "João")
        #expect(decode([0x80, 0x20, 0x31, 0x30], with: &decoder) == "€ 10")
        #expect(decode([0x93, 0x6F, 0x69, 0x94], with: &decoder) == "\u{201C}oi\u{201D}")
        #expect(decode([0x96, 0x97, 0x85, 0x99], with: &decoder) == "\u{2013}\u{2014}\u{2026}\u{2122}")
    }

    @Test func onceWindows1252ValidUTF8LookalikesStayWindows1252() {
        var decoder = TextDecoder(sample: [0x41, 0xE7, 0x41])
        // C3 A3 is "ã" in UTF-8 but "Ã£" in Windows-1252: the file's decision wins.
        #expect(decode([0xC3, 0xA3], with: &decoder) == "Ã£")
        #expect(decoder.encoding == .windows1252)
    }

    @Test func asciiOnlySampleIsUndecidedAndReportsUTF8() {
        var decoder = TextDecoder(sample: Array("numero;texto\n5511;oi\n".utf8))
        #expect(decoder.encoding == .utf8)
        #expect(!isDecided(decoder))
        #expect(decode(Array("plain".utf8), with: &decoder) == "plain")
        #expect(!isDecided(decoder))
    }

    @Test func undecidedThenWindows1252ForTheRestOfTheFile() {
        var decoder = TextDecoder(sample: Array("a;b\n".utf8))
        #expect(decode([0x41, 0xE7, 0xE3, 0x6F], with: &decoder) == "Ação")
        #expect(decoder.encoding == .windows1252)
        #expect(isDecided(decoder))
        #expect(decode([0xC3, 0xA9], with: &decoder) == "Ã©")
    }

    @Test func undecidedThenUTF8ForTheRestOfTheFile() {
        var decoder = TextDecoder(sample: Array("a;b\n".utf8))
        #expect(decode(Array("Ação".utf8), with: &decoder) == "Ação")
        #expect(decoder.encoding == .utf8)
        #expect(isDecided(decoder))
    }

    @Test func invalidFieldInAUTF8FileIsWindows1252ForThatFieldOnly() {
        var decoder = TextDecoder(sample: Array("ç".utf8))
        #expect(decode([0x4A, 0x6F, 0xE3, 0x6F], with: &decoder) == "João")
        #expect(decoder.encoding == .utf8)
        #expect(decode(Array("São".utf8), with: &decoder) == "São")
    }

    @Test func sampleCutInsideACharacterIsStillUTF8() {
        let sample = Array("nome\nJoão".utf8).dropLast(2)  // ends with the lead byte of "ã"
        #expect(TextDecoder(sample: sample).encoding == .utf8)
        #expect(isDecided(TextDecoder(sample: Array(sample))))
    }

    @Test(
        arguments: [
            [0xC0, 0xAF],  // overlong "/"
            [0xE0, 0x80, 0xAF],  // overlong
            [0xED, 0xA0, 0x80],  // UTF-16 surrogate
            [0xF4, 0x90, 0x80, 0x80],  // past U+10FFFF
            [0xF5, 0x80, 0x80, 0x80],
            [0xE3, 0x41],  // truncated inside a field
            [0x80],  // lone continuation byte
        ] as [[UInt8]]
    )
    func malformedUTF8IsNotUTF8(bytes: [UInt8]) {
        #expect(TextDecoder(sample: Array("x".utf8) + bytes + Array("y".utf8)).encoding == .windows1252)
        var decoder = TextDecoder(sample: Array("x".utf8))
        let text = decode(bytes, with: &decoder)
        #expect(text.unicodeScalars.map(\.value) == bytes.map { Windows1252.scalar(for: $0).value })
        #expect(decoder.encoding == .windows1252)
    }

    @Test func fourByteUTF8IsValid() {
        var decoder = TextDecoder(sample: Array("a".utf8))
        #expect(decode(Array("Oi 👋🏽 tudo".utf8), with: &decoder) == "Oi 👋🏽 tudo")
        #expect(decoder.encoding == .utf8)
    }

    @Test func longFieldsCrossTheWordAtATimePaths() {
        let text = String(repeating: "abcdefgh", count: 5) + "ã" + String(repeating: "x", count: 11)
        var utf8 = TextDecoder(sample: [UInt8]())
        #expect(decode(Array(text.utf8), with: &utf8) == text)
        var latin = TextDecoder(encoding: .windows1252)
        let latinBytes = text.unicodeScalars.map { UInt8($0.value) }
        #expect(decode(latinBytes, with: &latin) == text)
        #expect(
            decode(Array("só ASCII aqui, 12345678".utf8).filter { $0 < 0x80 }, with: &latin) == "s ASCII aqui, 12345678"
        )
    }

    @Test func genericCollectionsDecodeLikeBuffers() {
        var decoder = TextDecoder(encoding: .windows1252)
        let bytes: [UInt8] = [0x4A, 0x6F, 0xE3, 0x6F]
        #expect(decoder.string(from: bytes[...]) == "João")
        #expect(decoder.string(from: bytes.reversed()) == "oãoJ")
    }

    @Test func windows1252MapsTheWHATWGTable() {
        let expected: [UInt32] = [
            0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
            0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
            0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
            0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
        ]
        #expect((0x80...0x9F).map { Windows1252.scalar(for: UInt8($0)).value } == expected)
        for byte in Array(0x00...0x7F) + Array(0xA0...0xFF) {
            #expect(Windows1252.scalar(for: UInt8(byte)).value == UInt32(byte))
        }
        let all = (0...255).map(UInt8.init)
        let decoded = all.withUnsafeBufferPointer(Windows1252.decode)
        #expect(decoded.unicodeScalars.map(\.value) == all.map { Windows1252.scalar(for: $0).value })
    }

    @Test func encodingNamesAreTheReportedOnes() {
        #expect(TextEncoding.utf8.rawValue == "UTF-8")
        #expect(TextEncoding.windows1252.rawValue == "windows-1252")
    }

    /// `ContentSniffer` lives beside the decoder: both look at the first chunk before anything is split.
    @Suite struct ContentSnifferTests {
        private func kind(_ bytes: [UInt8]) -> BinaryVerdict.Kind? {
            ContentSniffer.binaryVerdict(bytes)?.kind
        }

        @Test func textIsNotBinary() {
            #expect(kind(Array("numero;texto\r\n5511987654321;Olá\tcom tab\r\n".utf8)) == nil)
            #expect(kind(Array("nome\nJo".utf8) + [0xE3, 0x6F, 0x0A, 0x1A]) == nil)  // Windows-1252, DOS EOF
            #expect(kind(utf8BOM + Array("a;b\n".utf8)) == nil)
            #expect(kind([]) == nil)
        }

        @Test func nulBytes() {
            #expect(kind(Array("5511;oi\n5512;".utf8) + [0, 0x6F, 0x69, 0x0A]) == .nulBytes)
        }

        @Test func utf16WithBOMIsExcelsUnicodeText() {
            let text = "numero\ttexto\r\n"
            var little: [UInt8] = [0xFF, 0xFE]
            var big: [UInt8] = [0xFE, 0xFF]
            for unit in text.utf16 {
                little += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
                big += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
            }
            #expect(kind(little) == .utf16)
            #expect(kind(big) == .utf16)
            // Without a BOM, the NUL in every other byte gives it away.
            #expect(kind(Array(little.dropFirst(2))) == .utf16)
            let sentence = BinaryVerdict(kind: .utf16).sentence()
            #expect(sentence.ptBR.contains("CSV UTF-8"))
            #expect(sentence.en.contains("CSV UTF-8"))
            #expect(sentence.en.contains("Unicode Text"))
        }

        @Test func utf32BOM() {
            #expect(kind([0xFF, 0xFE, 0x00, 0x00, 0x61, 0x00, 0x00, 0x00]) == .utf32)
            #expect(kind([0x00, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x61]) == .utf32)
        }

        @Test func spreadsheets() {
            let xlsx = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00] + Array("[Content_Types].xml...xl/workbook.xml".utf8)
            #expect(kind(xlsx) == .spreadsheet)
            #expect(kind([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]) == .spreadsheet)
            #expect(BinaryVerdict(kind: .spreadsheet).sentence().ptBR.contains("Salvar como"))
        }

        @Test func archives() {
            #expect(kind([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00] + Array("clientes.csv".utf8)) == .archive)
            #expect(kind([0x1F, 0x8B, 0x08, 0x00]) == .archive)
        }

        @Test func pdfAndImages() {
            #expect(kind(Array("%PDF-1.7\n%âãÏÓ\n".utf8)) == .pdf)
            #expect(kind([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]) == .image)
            #expect(kind([0xFF, 0xD8, 0xFF, 0xE0]) == .image)
        }

        @Test func manyControlBytes() {
            let bytes: [UInt8] = (0..<200).map { (index: Int) -> UInt8 in
                index % 2 == 0 ? 0x41 : UInt8(1 + index % 7)
            }
            #expect(kind(bytes) == .controlBytes)
            #expect(kind(Array("a;b\u{1B}c\n".utf8)) == nil)  // one stray ESC is not binary
        }

        @Test func everyVerdictSpeaksBothLanguages() {
            for kind in BinaryVerdict.Kind.allCases {
                let sentence = BinaryVerdict(kind: kind).sentence()
                #expect(!sentence.ptBR.isEmpty && !sentence.en.isEmpty && sentence.ptBR != sentence.en)
                #expect(sentence.text(in: .en) == sentence.en)
            }
        }
    }
}
