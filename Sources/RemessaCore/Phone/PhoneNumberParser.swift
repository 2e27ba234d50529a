/// Reads the destination cells of a drop under its ``PhoneNumberPolicy`` (contract §3).
///
/// Clean-up drops spaces (NBSP, tabs, Unicode spaces), dots, hyphens and dashes, parentheses and slashes, and the
/// zero decimals Excel adds to a number (`5511987654321.0`, `11987654321,00`). A leading `+` or `00` means the
/// country code is present, in every mode. A leading single `0` is a trunk prefix: the number is national, written
/// as `0` + DDD, `0` + two-digit carrier code + DDD (told apart by length), or `0xx` + DDD.
///
/// Which numbers are national then depends on ``CountryCodeMode``. In `auto` with a default country other than 55,
/// digits that start with the default country's code and are 8–15 long are international; everything else is
/// national and gets the code prefixed. National numbers of other countries lose one trunk `0`.
///
/// Brazilian numbers (code 55) are DDD + 9-digit subscriber starting with 9; a `0` (or `0` + carrier) written
/// after 55 is dropped. Other countries need 8–15 digits in all and a code from ``CountryCallingCode``.
///
/// Parsing allocates nothing for numbers up to 15 digits; problems with a printable invalid character allocate
/// the character's string.
public struct PhoneNumberParser: Sendable {
    public let policy: PhoneNumberPolicy
    /// The number of digits of `policy.defaultCountry`, or 0 when it is not an assigned calling code.
    private let defaultCountryLength: Int
    /// The digits of `policy.defaultCountry` packed like ``PhoneDigits``, first digit lowest.
    private let defaultCountryNibbles: UInt64
    /// Whether `policy.allowedCountries` limits the countries; checked before the bitmap, which is not touched
    /// (nor retained) for the usual policy that allows any.
    private let restrictsCountries: Bool
    /// `policy.allowedCountries` as a bitmap over 0–999; empty when every country is allowed.
    private let allowedBitmap: [UInt64]

    public init(policy: PhoneNumberPolicy) {
        self.policy = policy
        let code = policy.defaultCountry
        let length = CountryCallingCode.isAssigned(code) ? (code < 10 ? 1 : code < 100 ? 2 : 3) : 0
        var nibbles: UInt64 = 0
        var rest = code
        for _ in 0..<length {
            nibbles = nibbles << 4 | UInt64(rest % 10)
            rest /= 10
        }
        defaultCountryLength = length
        defaultCountryNibbles = nibbles
        var words: [UInt64] = []
        if let allowed = policy.allowedCountries {
            words = [UInt64](repeating: 0, count: 16)
            for code in allowed where code >= 0 && code < 1000 {
                words[code >> 6] |= 1 << UInt64(code & 63)
            }
        }
        restrictsCountries = policy.allowedCountries != nil
        allowedBitmap = words
    }

    /// The E.164 number in `raw`, or the first rule it breaks.
    @inlinable
    public func parse(_ raw: some StringProtocol) -> Result<PhoneNumber, PhoneNumberProblem> {
        withContiguousUTF8(raw) { parse(utf8: $0) }
    }

    @usableFromInline
    func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Result<PhoneNumber, PhoneNumberProblem> {
        do {
            return .success(try number(from: PhoneDigits(cleaning: bytes)))
        } catch {
            return .failure(error)
        }
    }

    private func number(from digits: PhoneDigits) throws(PhoneNumberProblem) -> PhoneNumber {
        if digits.hasPlus {
            return try international(digits, from: 0)
        }
        if digits.count >= 2, digits[0] == 0, digits[1] == 0 {
            return try international(digits, from: 2)
        }
        // A single leading 0 is a trunk prefix (with or without a carrier code or `xx`): a national number.
        let writtenNationally = digits[0] == 0
        switch policy.countryCode {
        case .present:
            if writtenNationally { throw .missingCountryCode }
            return try international(digits, from: 0)
        case .absent:
            return try national(digits)
        case .auto:
            if writtenNationally {
                return try national(digits)
            }
            if policy.defaultCountry == 55 {
                return try brazilianByLength(digits)
            }
            if (8...15).contains(digits.count), startsWithDefaultCountry(digits) {
                return try international(digits, from: 0)
            }
            return try national(digits)
        }
    }

    /// `auto` for Brazil: DDD 55 exists, so length decides, not the prefix.
    private func brazilianByLength(_ digits: PhoneDigits) throws(PhoneNumberProblem) -> PhoneNumber {
        // 14 or more digits starting with 55 still make a number when a trunk 0 follows the 55.
        if digits.count >= 12, digits[0] == 5, digits[1] == 5 {
            return try brazilian(digits, from: 2)
        }
        switch digits.count {
        case ...11: return try brazilian(digits, from: 0)
        case 12...15: throw .ambiguousLength(digitCount: digits.count)
        default: throw .tooLong(digitCount: digits.count)
        }
    }

    /// `digits` from `start` on start with a country calling code.
    private func international(_ digits: PhoneDigits, from start: Int) throws(PhoneNumberProblem) -> PhoneNumber {
        let length = digits.count - start
        let codeLength = CountryCallingCode.length(
            first: digits[start],
            second: digits[start + 1],
            third: digits[start + 2]
        )
        if codeLength == 2, length >= 2, digits[start] == 5, digits[start + 1] == 5 {
            return try brazilian(digits, from: start + 2)
        }
        guard length >= 8 else { throw .tooShort(digitCount: digits.count) }
        guard length <= 15 else { throw .tooLong(digitCount: digits.count) }
        guard codeLength > 0 else { throw .unknownCountryCode }
        var code = 0
        for index in start..<(start + codeLength) {
            code = code * 10 + digits[index]
        }
        try checkAllowed(code)
        return e164(digits, from: start, callingCode: code)
    }

    /// `digits` are national: the policy's default country is prefixed.
    private func national(_ digits: PhoneDigits) throws(PhoneNumberProblem) -> PhoneNumber {
        let code = policy.defaultCountry
        if code == 55 {
            return try brazilian(digits, from: 0)
        }
        guard defaultCountryLength > 0 else { throw .unknownCountryCode }
        try checkAllowed(code)
        let start = digits[0] == 0 ? 1 : 0
        let total = defaultCountryLength + digits.count - start
        guard total >= 8 else { throw .tooShort(digitCount: digits.count) }
        guard total <= 15 else { throw .tooLong(digitCount: digits.count) }
        return e164(
            digits,
            from: start,
            callingCode: code,
            prefix: defaultCountryNibbles,
            prefixLength: defaultCountryLength
        )
    }

    /// `digits` from `start` on are a Brazilian national number: trunk prefix (`0`, `0` + carrier, `0xx`),
    /// DDD and subscriber.
    private func brazilian(_ digits: PhoneDigits, from start: Int) throws(PhoneNumberProblem) -> PhoneNumber {
        try checkAllowed(55)
        var start = start
        if digits.hasCarrierPlaceholder, start == 0 {
            start = 1
        } else if start < digits.count, digits[start] == 0 {
            start += 1
            // 0 + carrier + DDD + subscriber is 12–13 digits after the 0; carrier codes never start with 0.
            if (12...13).contains(digits.count - start), digits[start] != 0 {
                start += 2
            }
        }
        let length = digits.count - start
        switch length {
        case ..<8: throw .tooShort(digitCount: digits.count)
        case 8, 9: throw .missingAreaCode
        case 12...: throw .tooLong(digitCount: digits.count)
        default: break
        }
        // DDD and subscriber from one word: constant shifts instead of indexing.
        let national = digits.nibbles(from: start)
        let ddd = Int(truncatingIfNeeded: national & 0xF) * 10 + Int(truncatingIfNeeded: national >> 4 & 0xF)
        guard BrazilianAreaCode.isInUse(ddd) else { throw .unknownDDD(ddd) }
        let subscriberFirst = Int(truncatingIfNeeded: national >> 8 & 0xF)
        if length == 10 {
            switch subscriberFirst {
            case 2...5: throw .landline
            case 6...9: throw .missingNinthDigit
            default: throw .notMobile
            }
        }
        guard subscriberFirst == 9 else { throw .notMobile }
        return e164(digits, from: start, callingCode: 55, prefix: 0x55, prefixLength: 2)
    }

    private func checkAllowed(_ code: Int) throws(PhoneNumberProblem) {
        guard restrictsCountries else { return }
        guard code >= 0, code < 1000, (allowedBitmap[code >> 6] >> UInt64(code & 63)) & 1 == 1 else {
            throw .countryNotAllowed(code)
        }
    }

    private func startsWithDefaultCountry(_ digits: PhoneDigits) -> Bool {
        let mask: UInt64 = (1 &<< UInt64(defaultCountryLength &* 4)) &- 1
        return defaultCountryLength > 0 && digits.nibbles(from: 0) & mask == defaultCountryNibbles
    }

    /// The number made of `prefix` (`prefixLength` packed digits) and `digits[start...]`, at most 15 digits in all.
    private func e164(
        _ digits: PhoneDigits,
        from start: Int,
        callingCode: Int,
        prefix: UInt64 = 0,
        prefixLength: Int = 0
    ) -> PhoneNumber {
        let length = digits.count - start
        let body = digits.nibbles(from: start) & ((1 &<< UInt64(length &* 4)) &- 1)
        return PhoneNumber(
            packedDigits: body &<< UInt64(prefixLength &* 4) | prefix,
            count: prefixLength + length,
            callingCode: callingCode
        )
    }
}
