import RemessaCore
import Testing

@Suite("SMS encoding: units and segments")
struct SMSEncoderTests {
    let encoder = SMSEncoder(transliterate: false)

    /// The 03.38 default alphabet as the standard prints it, escape (0x1B) left out.
    static let basicAlphabet: [String] = Array(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
    ).map(String.init)

    static let extensionCharacters = ["\u{0C}", "^", "{", "}", "\\", "[", "~", "]", "|", "€"]

    @Test func basicAlphabetHas127Characters() {
        // 128 codes minus the escape; "\r" and "\n" must stay separate characters, not one CRLF cluster.
        #expect(Self.basicAlphabet.count == 127)
    }

    @Test(arguments: basicAlphabet)
    func everyBasicCharacterIsOneSeptet(_ character: String) {
        let message = encoder.encode(character)
        #expect(message.encoding == .gsm7)
        #expect(message.units == 1)
        #expect(message.segments == 1)
        #expect(message.text == character)
    }

    @Test(arguments: extensionCharacters)
    func everyExtensionCharacterIsTwoSeptets(_ character: String) {
        let message = encoder.encode(character)
        #expect(message.encoding == .gsm7)
        #expect(message.units == 2)
        #expect(message.segments == 1)
    }

    @Test func euroAndFormFeedCountTwoInsideText() {
        #expect(encoder.encode("Total: 10€").units == 11)
        #expect(encoder.encode("a\u{0C}b").units == 4)
        #expect(encoder.encode("{json}").units == 8)
    }

    @Test func crlfIsTwoSeptets() {
        #expect(encoder.encode("a\r\nb").units == 4)
    }

    @Test func backtickAndTabAreNotGSM7() {
        #expect(encoder.encode("a`b").encoding == .ucs2)
        #expect(encoder.encode("a\tb").encoding == .ucs2)
        #expect(encoder.encode("a\u{1B}b").encoding == .ucs2)
    }

    @Test func emptyTextHasNoSegments() {
        let message = encoder.encode("")
        #expect(message == EncodedMessage(text: "", encoding: .gsm7, units: 0, segments: 0, wasTransliterated: false))
    }

    @Test(arguments: [(160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)])
    func gsm7PartsAre160Then153(length: Int, segments: Int) {
        let message = encoder.encode(String(repeating: "a", count: length))
        #expect(message.units == length)
        #expect(message.segments == segments)
    }

    @Test func extensionCharacterAtThe153BoundaryMovesToTheNextPart() {
        // 152 + 2 + 152 = 306 septets: division says 2 parts, but the escape pair cannot sit across
        // septets 153/154, so part 1 holds 152 and the € opens part 2, leaving one septet for part 3.
        let text = String(repeating: "a", count: 152) + "€" + String(repeating: "a", count: 152)
        let message = encoder.encode(text)
        #expect(message.units == 306)
        #expect(message.segments == 3)
    }

    @Test func extensionCharacterEndingExactlyAtTheBoundaryStays() {
        let text = String(repeating: "a", count: 151) + "€" + String(repeating: "a", count: 153)
        let message = encoder.encode(text)
        #expect(message.units == 306)
        #expect(message.segments == 2)
    }

    @Test func extensionBoundaryHoldsOnTheNonASCIIPath() {
        // The same boundary with a non-ASCII GSM-7 letter in the text, which leaves the ASCII fast path.
        let text = "é" + String(repeating: "a", count: 151) + "€" + String(repeating: "a", count: 152)
        let message = encoder.encode(text)
        #expect(message.units == 306)
        #expect(message.segments == 3)
    }

    @Test(arguments: [(70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)])
    func ucs2PartsAre70Then67(length: Int, segments: Int) {
        let message = encoder.encode(String(repeating: "ã", count: length))
        #expect(message.encoding == .ucs2)
        #expect(message.units == length)
        #expect(message.segments == segments)
    }

    @Test func emojiIsTwoCodeUnits() {
        let message = encoder.encode("😀")
        #expect(message.encoding == .ucs2)
        #expect(message.units == 2)
        #expect(message.segments == 1)
    }

    @Test func emojiStraddlingThe67BoundaryMovesToTheNextPart() {
        // 66 + 2 + 66 = 134 code units: division says 2 parts, but the surrogate pair cannot be split.
        let text = String(repeating: "ã", count: 66) + "😀" + String(repeating: "ã", count: 66)
        let message = encoder.encode(text)
        #expect(message.units == 134)
        #expect(message.segments == 3)
    }

    @Test func emojiEndingExactlyAtTheBoundaryStays() {
        let text = String(repeating: "ã", count: 65) + "😀" + String(repeating: "ã", count: 67)
        let message = encoder.encode(text)
        #expect(message.units == 134)
        #expect(message.segments == 2)
    }

    @Test func oneNonGSMCharacterMakesTheWholeMessageUCS2() {
        let text = String(repeating: "a", count: 100) + "ã"
        let message = encoder.encode(text)
        #expect(message.encoding == .ucs2)
        #expect(message.units == 101)
        #expect(message.segments == 2)
        #expect(message.text == text)
    }

    @Test func encodingRawValuesAreTheWireSpelling() {
        #expect(SMSEncoding.gsm7.rawValue == "GSM7")
        #expect(SMSEncoding.ucs2.rawValue == "UCS2")
        #expect(SMSEncoding.gsm7.singlePartCapacity == 160)
        #expect(SMSEncoding.ucs2.concatenatedPartCapacity == 67)
    }

    /// Character pools for random texts: plain ASCII GSM-7 (the byte fast path), GSM-7 with non-ASCII
    /// letters, and anything (UCS-2, and transliteration when it is on).
    static let randomPools: [[String]] = [
        ["a", "Z", " ", "7", ".", "\n", "\r", "_", "@", "{", "|", "~", "[", "\\", "^", "]", "}", "abcdefgh", "\u{0C}"],
        ["a", " ", "é", "Ç", "Δ", "€", "^", "{", "abcdefgh", "ü"],
        [
            "a", "Z", " ", "7", ".", "\n", "\r", "_", "@", "é", "Ç", "Δ", "€", "^", "{", "|", "~", "ã", "😀", "\t", "`",
            "Olá ", "abcdefgh", "…", "“", "e\u{301}", "\u{200B}",
        ],
    ]

    @Test(arguments: [false, true])
    func matchesAPlainReferenceOnRandomText(transliterate: Bool) {
        // The encoder reads eight bytes at a time; a naive per-scalar count must agree at every alignment.
        let encoder = SMSEncoder(transliterate: transliterate)
        var random = SplitMix64(seed: 0x5EED)
        for round in 0..<3000 {
            let pool = Self.randomPools[round % Self.randomPools.count]
            let length = Int(random.next() % 200)
            var text = ""
            for _ in 0..<length { text += pool[Int(random.next() % UInt64(pool.count))] }
            let mapped = transliterate ? GSM7.transliterate(text) : nil
            let expected = ReferenceEncoder.measure(mapped ?? text)
            let message = encoder.encode(text)
            #expect(message.text == (mapped ?? text), "round \(round): \(text.debugDescription)")
            #expect(message.encoding == expected.encoding, "round \(round): \(text.debugDescription)")
            #expect(message.units == expected.units, "round \(round): \(text.debugDescription)")
            #expect(message.segments == expected.segments, "round \(round): \(text.debugDescription)")
        }
    }
}

/// The encoding rules written the obvious way: per scalar, greedy parts.
private enum ReferenceEncoder {
    static func measure(_ text: String) -> (encoding: SMSEncoding, units: Int, segments: Int) {
        let scalars = Array(text.unicodeScalars)
        let septets = scalars.map { GSM7.septets(of: String($0))?.count }
        if septets.allSatisfy({ $0 != nil }) {
            let costs = septets.map { $0! }
            return (.gsm7, costs.reduce(0, +), parts(costs, single: 160, part: 153))
        }
        let costs = scalars.map { $0.utf16.count }
        return (.ucs2, costs.reduce(0, +), parts(costs, single: 70, part: 67))
    }

    static func parts(_ costs: [Int], single: Int, part: Int) -> Int {
        let total = costs.reduce(0, +)
        if total == 0 { return 0 }
        if total <= single { return 1 }
        var parts = 1
        var fill = 0
        for cost in costs {
            if fill + cost > part {
                parts += 1
                fill = 0
            }
            fill += cost
        }
        return parts
    }
}

/// A small seeded generator, so a failing random case can be replayed.
private struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
