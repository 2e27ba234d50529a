/// The character encodings Remessa reads (contract §2); the raw values are the names reports show.
public enum TextEncoding: String, Sendable, Codable, CaseIterable {
    case utf8 = "UTF-8"
    case windows1252 = "windows-1252"
}
