/// What a line of a client's opt-out upload asks for (contract §11): `ADD`/`INCLUIR` or `REMOVE`/`EXCLUIR`.
public enum OptOutUploadAction: String, Sendable, Hashable, CaseIterable {
    case add
    case remove

    /// The action a cell names, compared after ``HeaderName/normalise(_:)`` (so case and accents do not matter);
    /// an empty cell is `add`, the default. `nil` when the cell names no action.
    public init?(cell: String) {
        switch HeaderName.normalise(cell) {
        case "", "ADD", "INCLUIR": self = .add
        case "REMOVE", "EXCLUIR": self = .remove
        default: return nil
        }
    }
}

/// Why one line of an opt-out upload was not applied. The raw values are stable: clients parse them.
public enum OptOutLineReason: String, Sendable, Hashable, CaseIterable {
    /// The number cell is empty (the line has an action, or other cells, but no number).
    case missingDestination = "MISSING_DESTINATION"
    /// The number breaks a rule of contract §3 under the drop's country-code settings.
    case invalidNumber = "INVALID_NUMBER"
    /// The action cell is neither `ADD`/`INCLUIR` nor `REMOVE`/`EXCLUIR`.
    case unknownAction = "UNKNOWN_ACTION"

    /// The sentence for ``unknownAction``.
    static let unknownActionSentence = LocalizedSentence(
        ptBR: "Ação desconhecida: use INCLUIR (ou ADD) para bloquear o número, EXCLUIR (ou REMOVE) para liberá-lo.",
        en: "Unknown action: use ADD (or INCLUIR) to block the number, REMOVE (or EXCLUIR) to unblock it."
    )
}

/// One data line of an opt-out upload, judged: the change to make, or why none is made.
public struct OptOutUploadLine: Sendable, Hashable {
    /// The verdict on the line.
    public enum Verdict: Sendable, Hashable {
        /// Apply `action` to the E.164 number in ``OptOutUploadLine/number``.
        case apply(OptOutUploadAction)
        /// Change nothing, with a stable code and a sentence for the client.
        case reject(OptOutLineReason, LocalizedSentence)
    }

    /// The file line the data starts on (1-based, header included).
    public var line: Int
    /// The E.164 digits of the number when it is valid, otherwise the cell as written (trimmed).
    public var number: String
    /// `add` or `remove`, or the cell as written when it names no action.
    public var action: String
    public var verdict: Verdict

    public init(line: Int, number: String, action: String, verdict: Verdict) {
        self.line = line
        self.number = number
        self.action = action
        self.verdict = verdict
    }

    /// The change the line makes, `nil` for a rejected line.
    public var change: OptOutUploadAction? {
        if case .apply(let action) = verdict { return action }
        return nil
    }
}

/// What an opt-out upload held as a whole.
public struct OptOutUploadSummary: Sendable, Hashable {
    public var encoding: TextEncoding = .utf8
    /// The delimiter detected, as a byte (`;` `,` TAB `|`).
    public var delimiter: UInt8 = UInt8(ascii: ";")
    /// The header's name of the number column; `nil` for a file of bare numbers.
    public var numberColumn: String?
    /// The header's name of the action column, when there is one.
    public var actionColumn: String?
    /// Data lines (blank lines are not counted).
    public var lines = 0
    public var applied = 0
    public var rejected = 0
    /// Why the file is rejected as a whole (nothing of it is applied), if it is.
    public var fileError: FileRejection?

    public init() {}
}
