/// Everything that decides how a file is read and judged: the drop's configuration, or `remessa check`'s
/// options. The daemon and `remessa check` build the same value, so they judge a file the same way.
public struct ValidationOptions: Sendable, Hashable {
    public var layout: LayoutChoice
    public var phonePolicy: PhoneNumberPolicy
    /// The drop's template: the text of rows without a message of their own.
    public var template: String?
    public var transliterate: Bool
    public var maxSegments: Int
    public var onMissingField: MissingFieldPolicy
    /// Priority of rows without a priority column or value.
    public var defaultPriority: Priority
    /// The longest record accepted (`LINE_TOO_LONG` beyond it); it also bounds the memory a file can take.
    public var maxRecordBytes: Int
    /// The largest file accepted (`FILE_TOO_LARGE` beyond it), or `nil` for no limit.
    public var maxFileBytes: Int?
    /// Whole-file errors collected before giving up listing them (a broken Engage file reports every line).
    public var maxFileErrors: Int

    public init(
        layout: LayoutChoice = .auto,
        phonePolicy: PhoneNumberPolicy = PhoneNumberPolicy(),
        template: String? = nil,
        transliterate: Bool = true,
        maxSegments: Int = 6,
        onMissingField: MissingFieldPolicy = .reject,
        defaultPriority: Priority = .media,
        maxRecordBytes: Int = 64 * 1024,
        maxFileBytes: Int? = 1 << 30,
        maxFileErrors: Int = 1000
    ) {
        self.layout = layout
        self.phonePolicy = phonePolicy
        self.template = template
        self.transliterate = transliterate
        self.maxSegments = maxSegments
        self.onMissingField = onMissingField
        self.defaultPriority = defaultPriority
        self.maxRecordBytes = maxRecordBytes
        self.maxFileBytes = maxFileBytes
        self.maxFileErrors = maxFileErrors
    }
}
