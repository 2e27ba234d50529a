/// Masks phone numbers and CPF/CNPJ for logs and error text, where personal data must not appear (LGPD).
public enum PersonalDataMask {
    /// The digits of `digits` with all but the first and last 4 replaced by `*`: `5511*****4321`.
    ///
    /// Anything that is not a digit is dropped, so a raw cell can be passed as it is. Under 12 digits a quarter
    /// is kept at each end (`11*******21`), so short numbers are never shown whole. A cell without digits gives
    /// `***`, an empty one the empty string.
    public static func phone(_ digits: some StringProtocol) -> String {
        var count = 0
        for byte in digits.utf8 where byte &- UInt8(ascii: "0") < 10 {
            count += 1
        }
        guard count > 0 else { return digits.isEmpty ? "" : "***" }
        let kept = count >= 12 ? 4 : count / 4
        return String(unsafeUninitializedCapacity: count) { buffer in
            var index = 0
            for byte in digits.utf8 where byte &- UInt8(ascii: "0") < 10 {
                buffer[index] = index < kept || index >= count - kept ? byte : UInt8(ascii: "*")
                index += 1
            }
            return count
        }
    }

    /// A CPF as `123.***.***-09`, a CNPJ as `12.***.***/****-95`: the first digits and the check digits.
    ///
    /// Goes by shape, not validity (leading zeros lost by Excel are restored, as in ``TaxID``). Anything that is
    /// neither 11 nor 14 characters gives `***`; an empty cell the empty string.
    public static func taxID(_ raw: some StringProtocol) -> String {
        withContiguousUTF8(raw) { bytes in
            guard let characters = TaxIDCharacters(cleaning: bytes) else { return "***" }
            switch characters.length {
            case 0:
                return ""
            case 11:
                let text = characters.text
                return "\(text.prefix(3)).***.***-\(text.suffix(2))"
            case 14:
                let text = characters.text
                return "\(text.prefix(2)).***.***/****-\(text.suffix(2))"
            default:
                return "***"
            }
        }
    }
}
