/// The sub-account named by a Sinch file name: `<SUBACCOUNT>.<YYYYMMDD>.<SEQ>.txt`.
///
/// Sinch sends a file whose name does not follow the pattern through the client's default sub-account, so a
/// name that does not match yields `nil`, not an error.
public enum SinchFileName {
    public static func subAccount(of fileName: String) -> String? {
        let parts = fileName.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[parts.count - 1].lowercased() == "txt" else { return nil }
        let date = parts[parts.count - 3]
        let sequence = parts[parts.count - 2]
        guard date.count == 8, date.allSatisfy(\.isASCIIDigit), isCalendarDate(date),
            !sequence.isEmpty, sequence.allSatisfy(\.isASCIIDigit)
        else { return nil }
        let account = parts[0..<(parts.count - 3)].joined(separator: ".")
        return account.isEmpty ? nil : account
    }

    private static func isCalendarDate(_ digits: Substring) -> Bool {
        guard let value = Int(digits) else { return false }
        let month = value / 100 % 100
        let day = value % 100
        return (1...12).contains(month) && (1...31).contains(day)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
