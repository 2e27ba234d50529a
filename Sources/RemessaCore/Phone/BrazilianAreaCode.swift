/// The 67 Brazilian area codes (DDDs) in use, and the state each one serves.
///
/// Codes ending in 0 are a technical reserve, and 20, 23, 25, 26, 29, 36, 39, 52, 56–59, 70, 72, 76, 78, 80 and 90
/// were never assigned.
public enum BrazilianAreaCode {
    /// Whether `ddd` is one of the 67 area codes in use.
    public static func isInUse(_ ddd: Int) -> Bool {
        switch ddd {
        case 0..<64: (inUseBelow64 >> UInt64(ddd)) & 1 == 1
        case 64..<100: (inUseFrom64 >> UInt64(ddd - 64)) & 1 == 1
        default: false
        }
    }

    /// The two-letter state (UF) an area code serves, e.g. "SP" for 11, "CE" for 85; `nil` when not in use.
    ///
    /// 61 answers "DF" though it also serves a few towns of Goiás around Brasília.
    public static func state(of ddd: Int) -> String? {
        switch ddd {
        case 11...19: "SP"
        case 21, 22, 24: "RJ"
        case 27, 28: "ES"
        case 31...35, 37, 38: "MG"
        case 41...46: "PR"
        case 47...49: "SC"
        case 51, 53, 54, 55: "RS"
        case 61: "DF"
        case 62, 64: "GO"
        case 63: "TO"
        case 65, 66: "MT"
        case 67: "MS"
        case 68: "AC"
        case 69: "RO"
        case 71, 73, 74, 75, 77: "BA"
        case 79: "SE"
        case 81, 87: "PE"
        case 82: "AL"
        case 83: "PB"
        case 84: "RN"
        case 85, 88: "CE"
        case 86, 89: "PI"
        case 91, 93, 94: "PA"
        case 92, 97: "AM"
        case 95: "RR"
        case 96: "AP"
        case 98, 99: "MA"
        default: nil
        }
    }

    // Bit n of the pair (0–63 in the first word, 64–99 in the second) is set when DDD n is in use:
    // 11–19, 21, 22, 24, 27, 28, 31–35, 37, 38, 41–49, 51, 53–55, 61–69, 71, 73–75, 77, 79, 81–89, 91–99.
    // A constant, not a computed static, so the check costs no lazy initialisation; the tests compare it with
    // `state(of:)` for 0–99.
    private static let inUseBelow64: UInt64 = 0xe0eb_fe6f_996f_f800
    private static let inUseFrom64: UInt64 = 0xf_fbfe_aebf
}
