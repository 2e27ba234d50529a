/// A valid destination: E.164 digits without "+" (`5511987654321`).
///
/// Only ``PhoneNumberParser`` makes one. `description` is the masked form, so a number interpolated into a log
/// line or an error never shows in full; use `digits` where the full number is meant (provider requests, output).
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    /// The E.164 digits without "+", e.g. `5511987654321`.
    public let digits: String
    /// The country calling code the number starts with: found in the ITU table for numbers written with their
    /// code, the policy's `defaultCountry` for national ones.
    public let callingCode: Int

    init(digits: String, callingCode: Int) {
        self.digits = digits
        self.callingCode = callingCode
    }

    /// The Brazilian area code (DDD) when the number is Brazilian, e.g. 11 for `5511987654321`.
    public var ddd: Int? {
        guard callingCode == 55 else { return nil }
        var utf8 = digits.utf8.dropFirst(2).makeIterator()
        guard let tens = utf8.next(), let units = utf8.next() else { return nil }
        return Int(tens &- UInt8(ascii: "0")) * 10 + Int(units &- UInt8(ascii: "0"))
    }

    /// The number with all but its first and last 4 digits replaced by `*`: `5511*****4321`.
    public var masked: String { PersonalDataMask.phone(digits) }

    public var description: String { masked }
}
