/// What a whole file came to: its shape, its counts, and its whole-file errors if it was rejected.
public struct FileSummary: Sendable, Hashable {
    public var fileName: String
    public var layout: Layout?
    public var encoding: TextEncoding
    /// The field separator found (`;` `,` TAB `|`); `nil` when reading never got that far.
    public var delimiter: UInt8?
    public var startedWithBOM: Bool
    /// The Sinch sub-account named by the file name, for `sinch` files.
    public var subAccount: String?
    /// The header as the client wrote it (empty for headerless files).
    public var columns: [String]
    public var bytes: Int
    /// Data rows: every non-blank line after the header, not counting Sinch's `EOF`.
    public var rows: Int
    public var accepted: Int
    public var rejected: Int
    public var blankLines: Int
    public var reasons: [RowReasonCode: Int]
    /// SMS parts of the accepted messages.
    public var segments: Int
    /// Accepted messages per encoding; an encoding no message used has no entry.
    public var messagesByEncoding: [SMSEncoding: Int] {
        get {
            var counts: [SMSEncoding: Int] = [:]
            if gsm7Messages > 0 { counts[.gsm7] = gsm7Messages }
            if ucs2Messages > 0 { counts[.ucs2] = ucs2Messages }
            return counts
        }
        set {
            gsm7Messages = newValue[.gsm7] ?? 0
            ucs2Messages = newValue[.ucs2] ?? 0
        }
    }
    // Counted in plain integers: a dictionary update per accepted row costs a hash.
    private var gsm7Messages = 0
    private var ucs2Messages = 0
    public var warnings: [String: Int]
    /// Whole-file errors, first one first; empty when the file is accepted.
    public var fileErrors: [FileRejection]
    /// The first rejected rows while none is accepted (at most ``rejectedSampleLimit``): a file with no valid row
    /// is answered by an error file alone, which lists them so that the client learns why (`NO_VALID_ROWS`).
    public private(set) var rejectedSample: [RejectedRow] = []
    public static let rejectedSampleLimit = 100

    /// A rejected row as the error file lists it.
    public struct RejectedRow: Sendable, Hashable {
        public var line: Int
        public var rejection: RowRejection
    }

    /// The whole-file verdict: `nil` when the file is accepted (some rows may still be rejected).
    public var fileError: FileRejection? { fileErrors.first }
    public var isAccepted: Bool { fileErrors.isEmpty }

    init(fileName: String) {
        self.fileName = fileName
        layout = nil
        encoding = .utf8
        delimiter = nil
        startedWithBOM = false
        subAccount = nil
        columns = []
        bytes = 0
        rows = 0
        accepted = 0
        rejected = 0
        blankLines = 0
        reasons = [:]
        segments = 0
        warnings = [:]
        fileErrors = []
    }

    /// Counts an accepted row without its ``RowOutcome`` (a row nobody is handed).
    mutating func countAccepted(segments: Int, encoding: SMSEncoding, warnings: [RowWarning]) {
        if accepted == 0 { rejectedSample = [] }
        accepted += 1
        self.segments += segments
        switch encoding {
        case .gsm7: gsm7Messages += 1
        case .ucs2: ucs2Messages += 1
        }
        for warning in warnings {
            self.warnings[warning.code, default: 0] += 1
        }
    }

    mutating func count(_ outcome: RowOutcome) {
        if let rejection = outcome.rejection {
            rejected += 1
            reasons[rejection.code, default: 0] += 1
            if accepted == 0, rejectedSample.count < Self.rejectedSampleLimit {
                rejectedSample.append(RejectedRow(line: outcome.line, rejection: rejection))
            }
        } else if let message = outcome.message {
            if accepted == 0 { rejectedSample = [] }
            accepted += 1
            segments += message.segments
            switch message.encoding {
            case .gsm7: gsm7Messages += 1
            case .ucs2: ucs2Messages += 1
            }
        }
        for warning in outcome.warnings {
            warnings[warning.code, default: 0] += 1
        }
    }
}
