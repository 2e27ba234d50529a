/// Why one data row was rejected (contract §5). The raw values are stable: clients parse them.
public enum RowReasonCode: String, Sendable, CaseIterable, Codable {
    case missingDestination = "MISSING_DESTINATION"
    case invalidNumber = "INVALID_NUMBER"
    case invalidEmail = "INVALID_EMAIL"
    case unsupportedChannel = "UNSUPPORTED_CHANNEL"
    case missingCorrelationID = "MISSING_CORRELATION_ID"
    case correlationIDTooLong = "CORRELATION_ID_TOO_LONG"
    case missingField = "MISSING_FIELD"
    case emptyMessage = "EMPTY_MESSAGE"
    case messageTooLong = "MESSAGE_TOO_LONG"
    case duplicate = "DUPLICATE"
    case formula = "FORMULA"
    case optedOut = "OPTED_OUT"
    case invalidPriority = "INVALID_PRIORITY"
    case wrongColumnCount = "WRONG_COLUMN_COUNT"
}

/// Why a whole file was rejected (contract §5). The raw values are stable: clients parse them.
public enum FileReasonCode: String, Sendable, CaseIterable, Codable {
    case emptyFile = "EMPTY_FILE"
    case noDataRows = "NO_DATA_ROWS"
    case binaryFile = "BINARY_FILE"
    case unknownLayout = "UNKNOWN_LAYOUT"
    case missingEOF = "MISSING_EOF"
    case columnCountMismatch = "COLUMN_COUNT_MISMATCH"
    case keyColumnEmpty = "KEY_COLUMN_EMPTY"
    case formulaInCell = "FORMULA_IN_CELL"
    case unbalancedQuote = "UNBALANCED_QUOTE"
    case lineTooLong = "LINE_TOO_LONG"
    case fileTooLarge = "FILE_TOO_LARGE"
    case duplicateFile = "DUPLICATE_FILE"
    case unknownPlaceholder = "UNKNOWN_PLACEHOLDER"
    case noValidRows = "NO_VALID_ROWS"
    case nameTooLong = "NAME_TOO_LONG"
    case notARegularFile = "NOT_A_REGULAR_FILE"
    case nothingToCancel = "NOTHING_TO_CANCEL"
}
