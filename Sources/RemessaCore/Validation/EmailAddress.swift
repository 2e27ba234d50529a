/// A deliberately plain e-mail check for the Engage layout's `EMAIL` rows: one `@`, a local part, a dotted
/// domain, no spaces. Remessa sends SMS only, so a valid address still ends as `UNSUPPORTED_CHANNEL`.
enum EmailAddress {
    static func isPlausible(_ text: some StringProtocol) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
            !local.isEmpty, !domain.isEmpty,
            !text.contains(where: { $0.isWhitespace }),
            domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..")
        else { return false }
        return true
    }
}
