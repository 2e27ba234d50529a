extension FileValidator {
    /// Judges one data row and hands its outcome to `emit`. Checks run in a fixed order and the first failure
    /// is the row's reason: columns, formulas, channel, destination, correlation id, priority, message, length,
    /// opt-out, duplicate.
    ///
    /// The opt-out comes after the row's own faults, which the client can fix, and before the duplicate check,
    /// so a suppressed number repeated in the file reads `OPTED_OUT` every time rather than "sent only once".
    mutating func judgeRow(
        _ record: borrowing CSVRecord,
        plan: ColumnPlan,
        emit: (RowOutcome) throws -> Void
    ) throws {
        summary.rows += 1
        let line = record.line
        let strict = plan.layout == .engage
        let count = filledColumnCount(record, expected: plan.columnCount)

        if count < plan.minimumColumnCount || count > plan.columnCount {
            if strict {
                noteFileError(.engageColumnCount(line: line, found: count))
                return
            }
            let hint = plan.message != nil && count > plan.columnCount
            let outcome = rejected(line: line, destination: rawValue(record, plan.destination), plan: plan)
            return try finish(outcome, .wrongColumnCount(found: count, expected: plan.columnCount, hint: hint), emit)
        }

        for column in 0..<min(record.count, plan.columnCount) where FormulaDetector.isFormula(record.bytes(column)) {
            if strict {
                noteFileError(.formulaInCell(line: line, field: plan.name(of: column)))
                return
            }
            let outcome = rejected(line: line, destination: rawValue(record, plan.destination), plan: plan)
            return try finish(outcome, .formula(field: plan.name(of: column)), emit)
        }

        decodeValues(record, plan: plan)
        if strict {
            for column in [plan.channel, plan.destination].compactMap({ $0 }) where isBlank(values[column]) {
                noteFileError(.keyColumnEmpty(line: line, field: plan.name(of: column)))
            }
        }
        // Once the file is condemned, rows are only scanned for more whole-file errors.
        guard summary.fileErrors.isEmpty else { return }

        let rawDestination = trimmed(values[plan.destination])
        let destinationField = plan.name(of: plan.destination)
        var outcome = RowOutcome(
            line: line,
            destination: rawDestination,
            correlationID: nil,
            priority: options.defaultPriority,
            message: nil,
            rejection: nil
        )

        if let channelColumn = plan.channel, let rejection = channelRejection(channelColumn, plan: plan) {
            return try finish(outcome, rejection, emit)
        }

        let number: PhoneNumber
        switch phoneParser.parse(rawDestination) {
        case .success(let parsed):
            number = parsed
            outcome.destination = parsed.digits
        case .failure(.empty):
            return try finish(outcome, .missingDestination(field: destinationField), emit)
        case .failure(let problem):
            return try finish(outcome, .invalidNumber(field: destinationField, problem: problem), emit)
        }

        if let column = plan.correlation {
            let correlation = trimmed(values[column])
            if correlation.isEmpty {
                if plan.layout == .base {
                    return try finish(outcome, .missingCorrelationID(field: plan.name(of: column)), emit)
                }
            } else {
                outcome.correlationID = correlation
                if correlation.count > 64 {
                    let rejection = RowRejection.correlationIDTooLong(
                        field: plan.name(of: column),
                        length: correlation.count
                    )
                    return try finish(outcome, rejection, emit)
                }
            }
        }

        if let column = plan.priority {
            let value = trimmed(values[column])
            if !value.isEmpty {
                guard let priority = Priority(parsing: value) else {
                    return try finish(outcome, .invalidPriority(field: plan.name(of: column), value: value), emit)
                }
                outcome.priority = priority
            }
        }

        let messageField = plan.message.map { plan.name(of: $0) }
        let message: EncodedMessage
        switch messageText(plan: plan) {
        case .text(let text):
            guard !isBlank(text) else { return try finish(outcome, .emptyMessage(field: messageField), emit) }
            message = encoder.encode(text)
        case .rendered(let byteCount, let transliteratedCount):
            if let encoded = encodeRendered(byteCount: byteCount, transliteratedCount: transliteratedCount) {
                message = encoded
            } else {
                let text = trimmed(String(decoding: messageBytes.prefix(byteCount), as: UTF8.self))
                guard !isBlank(text) else { return try finish(outcome, .emptyMessage(field: messageField), emit) }
                message = encoder.encode(text)
            }
        case .rejected(let rejection): return try finish(outcome, rejection, emit)
        }

        if message.segments > options.maxSegments {
            let rejection = RowRejection.messageTooLong(
                field: messageField,
                segments: message.segments,
                limit: options.maxSegments
            )
            return try finish(outcome, rejection, emit)
        }
        if !suppressed.isEmpty, suppressed.contains(number.digits) {
            return try finish(outcome, .optedOut(field: destinationField), emit)
        }
        if let firstLine = duplicates.firstLine(of: number.digits, text: message.text, line: line) {
            return try finish(outcome, .duplicate(field: destinationField, firstLine: firstLine), emit)
        }

        outcome.message = message
        if let column = plan.taxID, case .invalid = TaxID.check(values[column]) {
            outcome.warnings.append(
                RowWarning(
                    code: "INVALID_CPFCNPJ",
                    field: plan.name(of: column),
                    sentence: LocalizedSentence(
                        ptBR: "CPF/CNPJ com dígito verificador inválido (a mensagem será enviada).",
                        en: "CPF/CNPJ check digits do not match (the message is still sent)."
                    )
                )
            )
        }
        summary.count(outcome)
        try emit(outcome)
    }

    // MARK: - Parts of a row

    /// The row's text: its own message column when filled, else the drop's template, with placeholders expanded
    /// into `messageBytes` (untrimmed).
    private mutating func messageText(plan: ColumnPlan) -> RowText {
        var rowTemplate: MessageTemplate?
        var field = "template"
        if let column = plan.message, !isBlank(values[column]) {
            field = plan.name(of: column)
            let own = trimmed(values[column])
            // Sinch's TXT carries final texts; the other layouts' message cells may use placeholders.
            if plan.layout == .sinch || !(own.utf8.contains(UInt8(ascii: "@")) || own.utf8.contains(UInt8(ascii: "{")))
            {
                return .text(own)
            }
            if let compiled = rowTemplates[own] {
                rowTemplate = compiled
            } else {
                do {
                    let compiled = try MessageTemplate.compile(own, catalog: plan.catalog)
                    // Rows often repeat a handful of texts; compiling costs far more than rendering.
                    if rowTemplates.count >= Self.rowTemplateCacheSize { rowTemplates.removeAll(keepingCapacity: true) }
                    rowTemplates[own] = compiled
                    rowTemplate = compiled
                } catch {
                    return .rejected(.unknownPlaceholderInRow(field: field, error: error))
                }
            }
        }
        // Capture the array, not `self`: a closure over `self` copies the whole validator for every row.
        let values = values
        let cell = { (column: Int) in values.indices.contains(column) ? values[column] : "" }
        let (transliterate, onMissing) = (encoder.transliterate, options.onMissingField)
        let rendering: MessageTemplate.ByteRendering?
        if let rowTemplate {
            rendering = rowTemplate.render(
                into: &messageBytes,
                transliterated: &transliteratedBytes,
                transliterate: transliterate,
                field: cell,
                onMissing: onMissing
            )
        } else {
            // Through the optional in place: binding the drop template would copy (retain) each of its arrays.
            rendering = dropTemplate?.render(
                into: &messageBytes,
                transliterated: &transliteratedBytes,
                transliterate: transliterate,
                field: cell,
                onMissing: onMissing
            )
        }
        switch rendering {
        case nil:
            return .text("")
        case .rendered(let byteCount, let transliteratedCount)?:
            return .rendered(byteCount: byteCount, transliteratedCount: transliteratedCount)
        case .missing(let placeholder, let column)?:
            return .rejected(.missingField(field: plan.name(of: column), placeholder: placeholder))
        }
    }

    /// The encoded message in `messageBytes` when it needs no trimming (it starts and ends with a visible ASCII
    /// character, so it is not blank either); `nil` sends the caller to the `String` path.
    private func encodeRendered(byteCount: Int, transliteratedCount: Int?) -> EncodedMessage? {
        messageBytes.withUnsafeBufferPointer { all in
            let bytes = UnsafeBufferPointer(rebasing: all[0..<byteCount])
            guard let first = bytes.first, let last = bytes.last else { return nil }
            guard first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 else { return nil }
            guard let transliteratedCount else { return encoder.encode(utf8: bytes) }
            return transliteratedBytes.withUnsafeBufferPointer { mapped in
                encoder.encode(
                    utf8: bytes,
                    transliterated: UnsafeBufferPointer(rebasing: mapped[0..<transliteratedCount])
                )
            }
        }
    }

    /// Engage rows name their channel: only `TELEFONE` becomes an SMS.
    private func channelRejection(_ column: Int, plan: ColumnPlan) -> RowRejection? {
        let channel = HeaderName.normalise(values[column])
        if channel == EngageLayout.phoneChannel { return nil }
        let field = plan.name(of: column)
        if channel == EngageLayout.emailChannel {
            let address = trimmed(values[plan.destination])
            if !EmailAddress.isPlausible(address) { return .invalidEmail(field: plan.name(of: plan.destination)) }
        }
        return .unsupportedChannel(field: field, channel: trimmed(values[column]))
    }

    private func rejected(line: Int, destination: String, plan: ColumnPlan) -> RowOutcome {
        RowOutcome(
            line: line,
            destination: destination,
            correlationID: nil,
            priority: options.defaultPriority,
            message: nil,
            rejection: nil
        )
    }

    private mutating func finish(
        _ outcome: RowOutcome,
        _ rejection: RowRejection,
        _ emit: (RowOutcome) throws -> Void
    ) throws {
        var outcome = outcome
        outcome.rejection = rejection
        summary.count(outcome)
        try emit(outcome)
    }

    private mutating func noteFileError(_ rejection: FileRejection) {
        if summary.fileErrors.count < options.maxFileErrors { summary.fileErrors.append(rejection) }
    }

    // MARK: - Cells

    /// Columns in the record, not counting empty trailing cells beyond the header (Excel pads rows with `;;`).
    private func filledColumnCount(_ record: borrowing CSVRecord, expected: Int) -> Int {
        var count = record.count
        while count > expected, record.bytes(count - 1).count == 0, !record.isQuoted(count - 1) { count -= 1 }
        return count
    }

    /// Decodes the cells this file's rows read (roles and template placeholders); the others stay "".
    private mutating func decodeValues(_ record: borrowing CSVRecord, plan: ColumnPlan) {
        if values.count != plan.columnCount { values = Array(repeating: "", count: plan.columnCount) }
        let count = min(record.count, plan.columnCount)
        for index in 0..<plan.columnCount where decodedColumns[index] {
            values[index] = index < count ? decoder.string(from: record.bytes(index)) : ""
        }
    }

    private mutating func rawValue(_ record: borrowing CSVRecord, _ column: Int) -> String {
        guard column < record.count else { return "" }
        return trimmed(decoder.string(from: record.bytes(column)))
    }
}

/// A row's message before encoding, or why it has none.
enum RowText {
    /// A final text (the row's own message cell).
    case text(String)
    /// The template's rendering, in the validator's `messageBytes` (and its transliteration in
    /// `transliteratedBytes`, when counted).
    case rendered(byteCount: Int, transliteratedCount: Int?)
    /// The row is rejected before it has a text.
    case rejected(RowRejection)
}

/// True when `text` is empty or only white space (NBSP included).
func isBlank(_ text: String) -> Bool {
    for byte in text.utf8 {
        if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { continue }
        if byte < 0x80 { return false }
        return text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }
    return true
}

/// `text` without leading and trailing white space (NBSP included); no copy when there is none.
func trimmed(_ text: String) -> String {
    guard let first = text.utf8.first, let last = text.utf8.last else { return text }
    let plain: (UInt8) -> Bool = { $0 > 0x20 && $0 < 0x80 }
    if plain(first) && plain(last) { return text }
    let scalars = text.unicodeScalars
    guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[start...end])
}
