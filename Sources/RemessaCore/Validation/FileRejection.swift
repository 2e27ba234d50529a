/// Why a whole file was rejected: a stable code, where (line and column when there is one), and a sentence.
public struct FileRejection: Sendable, Hashable, Error {
    public var code: FileReasonCode
    /// The line at fault, when the problem has one.
    public var line: Int?
    public var field: String?
    public var sentence: LocalizedSentence

    public init(code: FileReasonCode, line: Int?, field: String? = nil, sentence: LocalizedSentence) {
        self.code = code
        self.line = line
        self.field = field
        self.sentence = sentence
    }
}

extension FileRejection {
    static let emptyFile = FileRejection(
        code: .emptyFile,
        line: nil,
        sentence: LocalizedSentence(ptBR: "O arquivo está vazio.", en: "The file is empty.")
    )

    static func noDataRows(headerLine: Int) -> FileRejection {
        FileRejection(
            code: .noDataRows,
            line: headerLine,
            sentence: LocalizedSentence(
                ptBR: "O arquivo só tem o cabeçalho; nenhuma linha de dados.",
                en: "The file has a header but no data rows."
            )
        )
    }

    static func binary(_ verdict: BinaryVerdict) -> FileRejection {
        FileRejection(code: .binaryFile, line: nil, sentence: verdict.sentence())
    }

    static func unknownLayout(line: Int, firstField: String?) -> FileRejection {
        let looksLikeNumber =
            firstField.map { value in
                value.count >= 8 && value.allSatisfy { "0123456789+()- .".contains($0) }
            } ?? false
        let ptHint =
            looksLikeNumber
            ? " A primeira linha parece um número: acrescente um cabeçalho como DESTINATION."
            : " Use um cabeçalho com DESTINATION (ou TELEFONE, CELULAR…), o layout Engage ou o TXT da Sinch."
        let enHint =
            looksLikeNumber
            ? " The first line looks like a number: add a header such as DESTINATION."
            : " Use a header with DESTINATION (or TELEFONE, CELULAR…), the Engage layout or Sinch's TXT."
        return FileRejection(
            code: .unknownLayout,
            line: line,
            sentence: LocalizedSentence(
                ptBR: "Não foi possível reconhecer o layout do arquivo." + ptHint,
                en: "The file's layout was not recognised." + enHint
            )
        )
    }

    static func forcedLayoutMismatch(_ layout: Layout, line: Int, missing: String) -> FileRejection {
        FileRejection(
            code: .unknownLayout,
            line: line,
            sentence: LocalizedSentence(
                ptBR: "A pasta exige o layout \(layout.rawValue), mas o cabeçalho não tem \(missing).",
                en: "The drop requires the \(layout.rawValue) layout, but the header has no \(missing)."
            )
        )
    }

    static func missingEOF(lastLine: Int) -> FileRejection {
        FileRejection(
            code: .missingEOF,
            line: lastLine,
            sentence: LocalizedSentence(
                ptBR: "Falta a linha final EOF: o envio do arquivo pode ter sido interrompido. Envie-o de novo.",
                en: "The final EOF line is missing: the upload may have been cut short. Upload the file again."
            )
        )
    }

    static func dataAfterEOF(line: Int, eofLine: Int) -> FileRejection {
        FileRejection(
            code: .missingEOF,
            line: line,
            sentence: LocalizedSentence(
                ptBR: "Há dados depois da linha EOF (linha \(eofLine)); EOF deve ser a última linha.",
                en: "There is data after the EOF line (line \(eofLine)); EOF must be the last line."
            )
        )
    }

    static func engageHeader(line: Int, problem: String, problemPT: String) -> FileRejection {
        FileRejection(
            code: .columnCountMismatch,
            line: line,
            sentence: LocalizedSentence(
                ptBR: "O cabeçalho não segue o layout Engage de 13 colunas: \(problemPT).",
                en: "The header does not follow the 13-column Engage layout: \(problem)."
            )
        )
    }

    static func engageColumnCount(line: Int, found: Int) -> FileRejection {
        FileRejection(
            code: .columnCountMismatch,
            line: line,
            sentence: LocalizedSentence(
                ptBR: "A linha tem \(found) colunas; o layout Engage exige 13 (arquivo recusado inteiro).",
                en: "The row has \(found) columns; the Engage layout requires 13 (whole file rejected)."
            )
        )
    }

    static func keyColumnEmpty(line: Int, field: String) -> FileRejection {
        FileRejection(
            code: .keyColumnEmpty,
            line: line,
            field: field,
            sentence: LocalizedSentence(
                ptBR: "A coluna chave \(field) está vazia (arquivo recusado inteiro).",
                en: "Key column \(field) is empty (whole file rejected)."
            )
        )
    }

    static func formulaInCell(line: Int, field: String) -> FileRejection {
        FileRejection(
            code: .formulaInCell,
            line: line,
            field: field,
            sentence: LocalizedSentence(
                ptBR: "A coluna \(field) contém uma fórmula; o layout Engage não aceita fórmulas (arquivo recusado).",
                en: "Column \(field) holds a formula; the Engage layout accepts none (whole file rejected)."
            )
        )
    }

    static func unbalancedQuote(line: Int) -> FileRejection {
        FileRejection(
            code: .unbalancedQuote,
            line: line,
            sentence: LocalizedSentence(
                ptBR: "Aspas abertas na linha \(line) nunca são fechadas.",
                en: "A quote opened on line \(line) is never closed."
            )
        )
    }

    static func lineTooLong(line: Int, limit: Int) -> FileRejection {
        FileRejection(
            code: .lineTooLong,
            line: line,
            sentence: LocalizedSentence(
                ptBR: "A linha passa de \(limit) bytes.",
                en: "The line is longer than \(limit) bytes."
            )
        )
    }

    static func fileTooLarge(limit: Int) -> FileRejection {
        FileRejection(
            code: .fileTooLarge,
            line: nil,
            sentence: LocalizedSentence(
                ptBR: "O arquivo passa de \(limit) bytes; divida-o em arquivos menores.",
                en: "The file is larger than \(limit) bytes; split it into smaller files."
            )
        )
    }

    static func unknownPlaceholder(_ error: TemplateError, line: Int?, field: String?) -> FileRejection {
        FileRejection(code: .unknownPlaceholder, line: line, field: field, sentence: error.sentence())
    }

    static func noValidRows(rows: Int) -> FileRejection {
        FileRejection(
            code: .noValidRows,
            line: nil,
            sentence: LocalizedSentence(
                ptBR: "Nenhuma das \(rows) linhas é válida; o motivo de cada uma segue, linha a linha "
                    + "(as \(FileSummary.rejectedSampleLimit) primeiras).",
                en: "None of the \(rows) rows is valid; each row's reason follows, line by line "
                    + "(the first \(FileSummary.rejectedSampleLimit))."
            )
        )
    }

    /// `DUPLICATE_FILE`: the daemon's verdict (the content was accepted before), built here so every file
    /// rejection reads the same.
    public static func duplicateFile(acceptedAs name: String, on date: String) -> FileRejection {
        FileRejection(
            code: .duplicateFile,
            line: nil,
            sentence: LocalizedSentence(
                ptBR: "Conteúdo idêntico ao arquivo \(name), já aceito em \(date); não será enviado de novo.",
                en: "Same content as file \(name), already accepted on \(date); it will not be sent again."
            )
        )
    }

    /// `NAME_TOO_LONG`: the name cannot carry the output suffixes within 255 bytes (contract section 14).
    public static func nameTooLong(bytes: Int) -> FileRejection {
        let limit = DropFileName.maxInputBytes
        return FileRejection(
            code: .nameTooLong,
            line: nil,
            sentence: LocalizedSentence(
                ptBR: "O nome do arquivo tem \(bytes) bytes; o limite é \(limit). Renomeie-o com um nome mais curto.",
                en: "The file name has \(bytes) bytes; the limit is \(limit). Rename it with a shorter name."
            )
        )
    }

    /// `NOT_A_REGULAR_FILE`: a link, pipe, socket or folder in a local drop's folder is never read.
    public static func notARegularFile(kind: String, kindPT: String) -> FileRejection {
        FileRejection(
            code: .notARegularFile,
            line: nil,
            sentence: LocalizedSentence(
                ptBR: "Não é um arquivo comum (\(kindPT)); nada foi lido. Envie o arquivo em si.",
                en: "Not a regular file (\(kind)); nothing was read. Upload the file itself."
            )
        )
    }

    /// `FILE_TOO_LARGE` judged from the listing, before anything is downloaded.
    public static func fileTooLarge(size: Int64, limit: Int) -> FileRejection {
        FileRejection(
            code: .fileTooLarge,
            line: nil,
            sentence: LocalizedSentence(
                ptBR: "O arquivo tem \(size) bytes e passa do limite de \(limit); divida-o em arquivos menores.",
                en: "The file has \(size) bytes, over the limit of \(limit); split it into smaller files."
            )
        )
    }
}
