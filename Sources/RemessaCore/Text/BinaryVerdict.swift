/// Why a file is not delimited text (`BINARY_FILE`), with what the client should do about it.
public struct BinaryVerdict: Sendable, Hashable {
    /// What the file looks like instead.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// NUL bytes, which no text export contains.
        case nulBytes
        /// UTF-16, with a BOM or with the NUL pattern of ASCII text: Excel's "Unicode Text" export.
        case utf16
        /// UTF-32.
        case utf32
        /// An Excel workbook (`.xlsx`, `.xls`) or an OpenDocument spreadsheet.
        case spreadsheet
        /// A compressed archive (zip, gzip, 7z, rar, xz, zstd).
        case archive
        case pdf
        case image
        /// Many control characters: some other binary format.
        case controlBytes
    }

    public var kind: Kind

    public init(kind: Kind) {
        self.kind = kind
    }

    /// The explanation for the client, in every language of the result files.
    public func sentence() -> LocalizedSentence {
        let saveAsPT = "Abra-o no Excel e use Salvar como > \"CSV UTF-8 (delimitado por vírgulas)\"."
        let saveAsEN = "Open it in Excel and use Save As > \"CSV UTF-8 (Comma delimited)\"."
        switch kind {
        case .nulBytes:
            return LocalizedSentence(
                ptBR: "O arquivo contém bytes nulos e não é um texto CSV. \(saveAsPT)",
                en: "The file contains NUL bytes and is not CSV text. \(saveAsEN)"
            )
        case .utf16:
            return LocalizedSentence(
                ptBR: "O arquivo está em UTF-16 (\"Texto Unicode\" do Excel), que não é aceito. \(saveAsPT)",
                en: "The file is UTF-16 (Excel's \"Unicode Text\"), which is not accepted. \(saveAsEN)"
            )
        case .utf32:
            return LocalizedSentence(
                ptBR: "O arquivo está em UTF-32, que não é aceito. Salve-o como CSV em UTF-8.",
                en: "The file is UTF-32, which is not accepted. Save it as CSV in UTF-8."
            )
        case .spreadsheet:
            return LocalizedSentence(
                ptBR: "O arquivo é uma planilha do Excel (.xlsx/.xls), não um CSV. \(saveAsPT)",
                en: "The file is an Excel workbook (.xlsx/.xls), not a CSV. \(saveAsEN)"
            )
        case .archive:
            return LocalizedSentence(
                ptBR: "O arquivo está compactado (zip ou similar). Envie o CSV descompactado; se for uma "
                    + "planilha do Excel, \(saveAsPT.prefix(1).lowercased())\(saveAsPT.dropFirst())",
                en: "The file is compressed (zip or similar). Upload the CSV uncompressed; if it is an Excel "
                    + "workbook, \(saveAsEN.prefix(1).lowercased())\(saveAsEN.dropFirst())"
            )
        case .pdf:
            return LocalizedSentence(
                ptBR: "O arquivo é um PDF, não um CSV. Exporte a lista de contatos como CSV UTF-8.",
                en: "The file is a PDF, not a CSV. Export the contact list as CSV UTF-8."
            )
        case .image:
            return LocalizedSentence(
                ptBR: "O arquivo é uma imagem, não um CSV. Exporte a lista de contatos como CSV UTF-8.",
                en: "The file is an image, not a CSV. Export the contact list as CSV UTF-8."
            )
        case .controlBytes:
            return LocalizedSentence(
                ptBR: "O arquivo contém caracteres de controle demais para ser um texto CSV. \(saveAsPT)",
                en: "The file contains too many control characters to be CSV text. \(saveAsEN)"
            )
        }
    }
}
