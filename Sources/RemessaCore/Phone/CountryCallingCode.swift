/// The ITU-T E.164 country calling codes (1–3 digits) that can receive SMS, to split a number's country code.
///
/// No code is a prefix of another, so the first three digits of a number name at most one code. The table holds
/// every country and territory code plus the satellite and international mobile networks (870, 881, 882, 883);
/// freephone (800), shared-cost (808), premium (979), discontinued (388, 878, 888, 991) and spare codes are
/// left out. All of zone 1 (NANP) is the single code 1, and Kazakhstan shares 7 with Russia.
public enum CountryCallingCode {
    /// Whether `code` is in the table.
    public static func isAssigned(_ code: Int) -> Bool {
        switch code {
        case 1...9: length(first: code, second: 0, third: 0) == 1
        case 10...99: length(first: code / 10, second: code % 10, third: 0) == 2
        case 100...999: length(first: code / 100, second: code / 10 % 10, third: code % 10) == 3
        default: false
        }
    }

    /// The calling code that `e164Digits` starts with, e.g. 55 for `5511987654321`, 351 for `351912345678`.
    ///
    /// `nil` when the text does not start with three digits (or a shorter whole code) naming an assigned code.
    public static func leading(in e164Digits: some StringProtocol) -> Int? {
        var values = (0, 0, 0)
        var count = 0
        for byte in e164Digits.utf8.prefix(3) {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { break }
            let value = Int(byte - UInt8(ascii: "0"))
            switch count {
            case 0: values.0 = value
            case 1: values.1 = value
            default: values.2 = value
            }
            count += 1
        }
        let length = length(first: values.0, second: values.1, third: values.2)
        guard length > 0, length <= count else { return nil }
        switch length {
        case 1: return values.0
        case 2: return values.0 * 10 + values.1
        default: return values.0 * 100 + values.1 * 10 + values.2
        }
    }

    /// The length (1–3) of the code that digits `first second third …` start with, or 0 when none is assigned.
    @inline(__always)
    static func length(first: Int, second: Int, third: Int) -> Int {
        Int(lengthByPrefix[first &* 100 &+ second &* 10 &+ third])
    }

    /// For every three-digit prefix 000–999, the length of the assigned code it starts with, or 0.
    private static let lengthByPrefix: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 1000)
        for code in assigned {
            let (length, first) =
                code < 10 ? (1, code * 100) : code < 100 ? (2, code * 10) : (3, code)
            let span = length == 1 ? 100 : length == 2 ? 10 : 1
            for prefix in first..<(first + span) {
                table[prefix] = UInt8(length)
            }
        }
        return table
    }()

    private static let assigned: [Int] = [
        // Zone 1: North American Numbering Plan. Zone 7: Russia and Kazakhstan.
        1, 7,
        // Zone 2: Africa and a few Atlantic and Arctic territories.
        20, 27,
        211, 212, 213, 216, 218,
        220, 221, 222, 223, 224, 225, 226, 227, 228, 229,
        230, 231, 232, 233, 234, 235, 236, 237, 238, 239,
        240, 241, 242, 243, 244, 245, 246, 247, 248, 249,
        250, 251, 252, 253, 254, 255, 256, 257, 258,
        260, 261, 262, 263, 264, 265, 266, 267, 268, 269,
        290, 291, 297, 298, 299,
        // Zones 3 and 4: Europe.
        30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49,
        350, 351, 352, 353, 354, 355, 356, 357, 358, 359,
        370, 371, 372, 373, 374, 375, 376, 377, 378, 379,
        380, 381, 382, 383, 385, 386, 387, 389,
        420, 421, 423,
        // Zone 5: Central and South America.
        51, 52, 53, 54, 55, 56, 57, 58,
        500, 501, 502, 503, 504, 505, 506, 507, 508, 509,
        590, 591, 592, 593, 594, 595, 596, 597, 598, 599,
        // Zone 6: South-East Asia and Oceania.
        60, 61, 62, 63, 64, 65, 66,
        670, 672, 673, 674, 675, 676, 677, 678, 679,
        680, 681, 682, 683, 685, 686, 687, 688, 689,
        690, 691, 692,
        // Zone 8: East Asia and international networks.
        81, 82, 84, 86,
        850, 852, 853, 855, 856,
        870, 880, 881, 882, 883, 886,
        // Zone 9: West, Central and South Asia.
        90, 91, 92, 93, 94, 95, 98,
        960, 961, 962, 963, 964, 965, 966, 967, 968,
        970, 971, 972, 973, 974, 975, 976, 977,
        992, 993, 994, 995, 996, 998,
    ]
}
