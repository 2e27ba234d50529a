/// What a name found in a drop folder may be, and the names Remessa derives from it (contract section 14).
public enum DropFileName {
    /// The longest path component Linux file systems and OpenSSH's SFTP server take, in bytes.
    public static let maxBytes = 255
    /// Room kept after an input name for the longest output suffix (`.dlr.NNNNN.csv`) and a `-NNN` variant.
    public static let reservedBytes = 18
    /// The longest input name that can carry every output suffix.
    public static let maxInputBytes = maxBytes - reservedBytes

    /// Whether `name` is too long to carry Remessa's output suffixes (`NAME_TOO_LONG`).
    public static func isTooLong(_ name: String) -> Bool {
        name.utf8.count > maxInputBytes
    }

    /// The name as Remessa shows and writes it: the bytes as they are when valid UTF-8, else read as
    /// Windows-1252 (a Latin-1 `relatório.csv` saved by an old Windows tool). `nil` bytes means valid UTF-8.
    public static func readable(_ bytes: [UInt8]) -> (name: String, rawBytes: [UInt8]?) {
        if let name = String(validating: bytes, as: UTF8.self) {
            return (name, nil)
        }
        return (bytes.withUnsafeBufferPointer { Windows1252.decode($0) }, bytes)
    }

    /// `name + suffix`, with `name` cut at a character boundary when the whole would pass `limit` bytes; a cut
    /// name keeps its start and ends in `~` and eight hex digits of its hash, so two long names stay apart.
    public static func fitting(_ name: String, suffix: String, limit: Int = maxBytes - 4) -> String {
        let whole = name + suffix
        guard whole.utf8.count > limit else { return whole }
        let mark = "~" + hashHex(name)
        let room = max(0, limit - suffix.utf8.count - mark.utf8.count)
        var kept = ""
        var used = 0
        for character in name {
            let size = character.utf8.count
            guard used + size <= room else { break }
            kept.append(character)
            used += size
        }
        return kept + mark + suffix
    }

    /// The name a claimed file has in `processing/`: its file id, a dash, then its name (cut to fit, as
    /// ``fitting(_:suffix:limit:)`` cuts). The id makes the name one claim's own: after a crash, a file found under
    /// it was renamed by that claim and no other, whatever else was uploaded or claimed under the same name.
    public static func processing(_ name: String, fileID: Int64) -> String {
        let prefix = "\(fileID)-"
        return prefix + fitting(name, suffix: "", limit: maxBytes - 4 - prefix.utf8.count)
    }

    /// The name a claimed file had before its claim: ``processing(_:fileID:)`` undone, nil for another name.
    public static func claimed(_ processingName: String, fileID: Int64) -> String? {
        let prefix = "\(fileID)-"
        return processingName.hasPrefix(prefix) ? String(processingName.dropFirst(prefix.count)) : nil
    }

    /// Eight hex digits of FNV-1a over the name's bytes.
    static func hashHex(_ name: String) -> String {
        var hash: UInt32 = 0x811c_9dc5
        for byte in name.utf8 {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
