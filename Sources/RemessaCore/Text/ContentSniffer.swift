/// Tells, from the first bytes of a file, whether it is something other than delimited text.
///
/// Clients upload what they have: workbooks, zips, PDFs, Excel's UTF-16 "Unicode Text". Catching those before
/// splitting turns a baffling "unknown layout" into a message that says what to do (`BinaryVerdict`).
public enum ContentSniffer {
    /// Why `sample` (the first chunk of a file) is not text, or `nil` when it is text.
    ///
    /// Checks, in order: UTF-32 and UTF-16 BOMs (before the magic numbers: UTF-32LE's BOM starts like
    /// UTF-16LE's), magic numbers, NUL bytes (UTF-16 without a BOM when they fall on every other byte), then
    /// the share of control bytes other than TAB, CR, LF, FF and SUB (old DOS exports end with SUB).
    public static func binaryVerdict(_ sample: some Collection<UInt8>) -> BinaryVerdict? {
        let bytes = Array(sample.prefix(1 << 16))
        if let kind = byteOrderMark(bytes) ?? magicNumber(bytes) ?? nulBytes(bytes) ?? controlBytes(bytes) {
            return BinaryVerdict(kind: kind)
        }
        return nil
    }

    private static func byteOrderMark(_ bytes: [UInt8]) -> BinaryVerdict.Kind? {
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            return .utf32
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .utf16
        }
        return nil
    }

    private static func magicNumber(_ bytes: [UInt8]) -> BinaryVerdict.Kind? {
        func startsWith(_ prefix: String) -> Bool { bytes.starts(with: prefix.utf8) }
        func startsWith(_ prefix: [UInt8]) -> Bool { bytes.starts(with: prefix) }

        if startsWith([0x50, 0x4B, 0x03, 0x04]) || startsWith([0x50, 0x4B, 0x05, 0x06]) {
            // An xlsx is a zip whose entries live under `xl/`; an ods names its MIME type in the first entry.
            let isSpreadsheet =
                contains(bytes, "xl/") || contains(bytes, "opendocument.spreadsheet")
            return isSpreadsheet ? .spreadsheet : .archive
        }
        if startsWith([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return .spreadsheet  // OLE2 compound file: an .xls
        }
        if startsWith("%PDF-") {
            return .pdf
        }
        let archives: [[UInt8]] = [
            [0x1F, 0x8B],  // gzip
            [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C],  // 7z
            Array("Rar!\u{1A}\u{07}".utf8),
            [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00],  // xz
            [0x28, 0xB5, 0x2F, 0xFD],  // zstd
        ]
        if archives.contains(where: startsWith) {
            return .archive
        }
        let images: [[UInt8]] = [
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],  // PNG
            [0xFF, 0xD8, 0xFF],  // JPEG
            Array("GIF87a".utf8), Array("GIF89a".utf8),
            [0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A],  // TIFF
        ]
        if images.contains(where: startsWith) || (startsWith("RIFF") && bytes.dropFirst(8).starts(with: "WEBP".utf8)) {
            return .image
        }
        return nil
    }

    private static func nulBytes(_ bytes: [UInt8]) -> BinaryVerdict.Kind? {
        var nulsAtEven = 0
        var nulsAtOdd = 0
        for (offset, byte) in bytes.enumerated() where byte == 0 {
            if offset & 1 == 0 { nulsAtEven += 1 } else { nulsAtOdd += 1 }
        }
        guard nulsAtEven + nulsAtOdd > 0 else { return nil }
        // ASCII text in UTF-16 has a NUL in (nearly) every high byte, and none in the low bytes.
        let pairs = bytes.count / 2
        let mostly = { (count: Int) in pairs >= 2 && count * 10 >= pairs * 7 }
        let rarely = { (count: Int) in count * 10 <= pairs }
        if (mostly(nulsAtOdd) && rarely(nulsAtEven)) || (mostly(nulsAtEven) && rarely(nulsAtOdd)) {
            return .utf16
        }
        return .nulBytes
    }

    private static func controlBytes(_ bytes: [UInt8]) -> BinaryVerdict.Kind? {
        var count = 0
        for byte in bytes where byte < 0x20 || byte == 0x7F {
            switch byte {
            case 0x09, 0x0A, 0x0C, 0x0D, 0x1A: continue
            default: count += 1
            }
        }
        // More than one in ten bytes, and not just a stray one in a tiny file.
        return count >= 4 && count * 10 > bytes.count ? .controlBytes : nil
    }

    private static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
