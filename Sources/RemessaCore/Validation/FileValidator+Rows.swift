extension FileValidator {
    /// Judges one data row and hands its outcome to `emit`. Checks run in a fixed order and the first failure
    /// is the row's reason: columns, formulas, channel, destination, correlation id, priority, message, length,
    /// opt-out, duplicate.
    ///
    /// A row that passes all but the last is held for its duplicate lookup (``hold(_:_:)``), and counted when
    /// handed over. Anything else the row does (an outcome, a whole-file error) first hands over the rows
    /// held, so everything happens in file order.
    ///
    /// The opt-out comes after the row's own faults, which the client can fix, and before the duplicate check,
    /// so a suppressed number repeated in the file reads `OPTED_OUT` every time rather than "sent only once".
    mutating func judgeRow(
        _ record: borrowing CSVRecord,
        plan: ColumnPlan,
        emit: (RowOutcome) throws -> Void
    ) throws {
        let line = record.line
        let strict = plan.layout == .engage
        let count = filledColumnCount(record, expected: plan.columnCount)

        if count < plan.minimumColumnCount || count > plan.columnCount {
            if strict {
                try noteFileError(.engageColumnCount(line: line, found: count), emit)
                summary.rows += 1
                return
            }
            let hint = plan.message != nil && count > plan.columnCount
            let outcome = rejected(line: line, destination: rawValue(record, plan.destination), plan: plan)
            return try finish(outcome, .wrongColumnCount(found: count, expected: plan.columnCount, hint: hint), emit)
        }

        for column in 0..<min(record.count, plan.columnCount) where FormulaDetector.isFormula(record.bytes(column)) {
            if strict {
                try noteFileError(.formulaInCell(line: line, field: plan.name(of: column)), emit)
                summary.rows += 1
                return
            }
            let outcome = rejected(line: line, destination: rawValue(record, plan.destination), plan: plan)
            return try finish(outcome, .formula(field: plan.name(of: column)), emit)
        }

        cells.load(record, columnCount: plan.columnCount, read: decodedColumns, decoder: &decoder)
        if strict {
            for column in [plan.channel, plan.destination].compactMap({ $0 }) where isBlank(utf8: cells[column]) {
                try noteFileError(.keyColumnEmpty(line: line, field: plan.name(of: column)), emit)
            }
        }
        // Once the file is condemned, rows are only scanned for more whole-file errors.
        guard summary.fileErrors.isEmpty else {
            summary.rows += 1
            return
        }

        // What the row's outcome will hold, gathered as the checks pass; the `RowOutcome` itself is made only
        // for a row handed to `emit`.
        var correlationID: String?
        var priority = options.defaultPriority
        let outcome = { (destination: String) in
            RowOutcome(
                line: line,
                destination: destination,
                correlationID: correlationID,
                priority: priority,
                message: nil,
                rejection: nil
            )
        }
        // The destination as written, trimmed: kept as bytes, and as text only for a rejected row.
        let destinationCell = cells[plan.destination]
        let writtenDestination = isTrimmedPlain(utf8: destinationCell) ? nil : trimmed(cells.string(plan.destination))
        let rawDestination = { writtenDestination ?? String(decoding: destinationCell, as: UTF8.self) }

        if let channelColumn = plan.channel, let rejection = channelRejection(channelColumn, plan: plan) {
            return try finish(outcome(rawDestination()), rejection, emit)
        }

        let parsed =
            if let writtenDestination {
                phoneParser.parse(writtenDestination)
            } else {
                phoneParser.parse(utf8: destinationCell)
            }
        let number: PhoneNumber
        switch parsed {
        case .success(let parsed):
            number = parsed
        case .failure(.empty):
            let rejection = RowRejection.missingDestination(field: plan.name(of: plan.destination))
            return try finish(outcome(rawDestination()), rejection, emit)
        case .failure(let problem):
            let rejection = RowRejection.invalidNumber(field: plan.name(of: plan.destination), problem: problem)
            return try finish(outcome(rawDestination()), rejection, emit)
        }

        if let column = plan.correlation {
            let correlation = trimmed(cells.string(column))
            if correlation.isEmpty {
                if plan.layout == .base {
                    let rejection = RowRejection.missingCorrelationID(field: plan.name(of: column))
                    return try finish(outcome(number.digits), rejection, emit)
                }
            } else {
                correlationID = correlation
                if correlation.count > 64 {
                    let rejection = RowRejection.correlationIDTooLong(
                        field: plan.name(of: column),
                        length: correlation.count
                    )
                    return try finish(outcome(number.digits), rejection, emit)
                }
            }
        }

        if let column = plan.priority, !isBlank(utf8: cells[column]) {
            let value = trimmed(cells.string(column))
            guard let parsedPriority = Priority(parsing: value) else {
                let rejection = RowRejection.invalidPriority(field: plan.name(of: column), value: value)
                return try finish(outcome(number.digits), rejection, emit)
            }
            priority = parsedPriority
        }

        let messageField = plan.message.map { plan.name(of: $0) }
        let message: RowMessage
        switch messageText(plan: plan) {
        case .text(let text):
            guard !isBlank(text) else {
                return try finish(outcome(number.digits), .emptyMessage(field: messageField), emit)
            }
            message = .encoded(encoder.encode(text))
        case .rendered(let byteCount, let transliteratedCount, let transliteratedExtensions):
            if let buffered = bufferedMessage(
                byteCount: byteCount,
                transliteratedCount: transliteratedCount,
                transliteratedExtensions: transliteratedExtensions
            ) {
                message = .buffered(buffered)
            } else if let encoded = encodeRendered(byteCount: byteCount, transliteratedCount: transliteratedCount) {
                message = .encoded(encoded)
            } else {
                let text = trimmed(String(decoding: messageBytes.prefix(byteCount), as: UTF8.self))
                guard !isBlank(text) else {
                    return try finish(outcome(number.digits), .emptyMessage(field: messageField), emit)
                }
                message = .encoded(encoder.encode(text))
            }
        case .tooLong(let byteCount):
            let rejection = RowRejection.messageTooLong(
                field: messageField,
                byteCount: byteCount,
                limit: options.maxSegments
            )
            return try finish(outcome(number.digits), rejection, emit)
        case .rejected(let rejection): return try finish(outcome(number.digits), rejection, emit)
        }

        if message.segments > options.maxSegments {
            let rejection = RowRejection.messageTooLong(
                field: messageField,
                segments: message.segments,
                limit: options.maxSegments
            )
            return try finish(outcome(number.digits), rejection, emit)
        }
        if !suppressed.isEmpty, suppressed.contains(number.digits) {
            let rejection = RowRejection.optedOut(field: plan.name(of: plan.destination))
            return try finish(outcome(number.digits), rejection, emit)
        }
        let probe = duplicateProbe(of: number, message: message)

        var warnings: [RowWarning] = []
        if let column = plan.taxID, case .invalid = TaxID.check(utf8: cells[column]) {
            warnings.append(
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
        let pending = PendingRow(
            probe: probe,
            line: line,
            destination: number,
            correlationID: correlationID,
            priority: priority,
            encoding: message.encoding,
            segments: message.segments,
            message: reportsAcceptedRows ? encodedMessage(message) : nil,
            warnings: warnings,
            clientCode: optionalCell(plan.clientCode),
            tag: optionalCell(plan.tag)
        )
        try hold(pending, emit)
    }

    // MARK: - Parts of a row

    /// Engage rows name their channel: only `TELEFONE` becomes an SMS.
    private func channelRejection(_ column: Int, plan: ColumnPlan) -> RowRejection? {
        let channel = HeaderName.normalise(cells.string(column))
        if channel == EngageLayout.phoneChannel { return nil }
        let field = plan.name(of: column)
        if channel == EngageLayout.emailChannel {
            let address = trimmed(cells.string(plan.destination))
            if !EmailAddress.isPlausible(address) { return .invalidEmail(field: plan.name(of: plan.destination)) }
        }
        return .unsupportedChannel(field: field, channel: trimmed(cells.string(column)))
    }

    /// A column's trimmed value, or nil when the layout has no such column or the cell is blank.
    private func optionalCell(_ column: Int?) -> String? {
        guard let column, !isBlank(utf8: cells[column]) else { return nil }
        return trimmed(cells.string(column))
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
        try flushPendingRows(emit)
        var outcome = outcome
        outcome.rejection = rejection
        summary.rows += 1
        summary.count(outcome)
        try emit(outcome)
    }

    /// Records a whole-file error, after handing over the rows judged before it.
    private mutating func noteFileError(_ rejection: FileRejection, _ emit: (RowOutcome) throws -> Void) throws {
        try flushPendingRows(emit)
        if summary.fileErrors.count < options.maxFileErrors { summary.fileErrors.append(rejection) }
    }

    // MARK: - Cells

    /// Columns in the record, not counting empty trailing cells beyond the header (Excel pads rows with `;;`).
    private func filledColumnCount(_ record: borrowing CSVRecord, expected: Int) -> Int {
        var count = record.count
        while count > expected, record.bytes(count - 1).count == 0, !record.isQuoted(count - 1) { count -= 1 }
        return count
    }

    private mutating func rawValue(_ record: borrowing CSVRecord, _ column: Int) -> String {
        guard column < record.count else { return "" }
        return trimmed(decoder.string(from: record.bytes(column)))
    }
}

/// True when `text` is empty or only white space (NBSP included).
func isBlank(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { isBlank(utf8: $0) }
}

/// ``isBlank(_:)`` of UTF-8 bytes: ASCII is decided byte by byte, anything else by its scalars.
func isBlank(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for byte in bytes {
        if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { continue }
        if byte < 0x80 { return false }
        return String(decoding: bytes, as: UTF8.self).unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }
    return true
}

/// Whether `bytes` start and end with a visible ASCII character, so ``trimmed(_:)`` would leave them as they are.
@inline(__always)
func isTrimmedPlain(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = bytes.first, let last = bytes.last else { return false }
    return first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80
}

/// `text` without leading and trailing white space (NBSP included); no copy when there is none.
func trimmed(_ text: String) -> String {
    var copy = text
    if text.isEmpty || copy.withUTF8({ isTrimmedPlain(utf8: $0) }) { return text }
    let scalars = text.unicodeScalars
    guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[start...end])
}
