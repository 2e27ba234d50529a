import Foundation
import RemessaCore

/// One client's drop: how to reach its folders, how to read its files, and when to send.
///
/// `init`'s defaults are the YAML defaults.
public struct DropConfiguration: Sendable, Equatable {
    public var name: String
    public var transport: DropTransportConfiguration
    /// The drop's root: on the server (default: the login directory) or a local directory.
    public var path: String?
    public var folders: DropFolders
    /// Globs matched case-insensitively against file names in the inbox.
    public var include: [String]
    public var pollInterval: Duration
    public var readiness: Readiness
    public var stableFor: Duration
    /// How many files one poll claims at most.
    public var maxClaimsPerPoll: Int
    /// Layout, phone policy, template, transliteration, segments, missing fields, priority and file size.
    public var validation: ValidationOptions
    /// The file `validation.template` was read from (`templateFile`), for messages; `nil` when inline or absent.
    public var templateFile: String?
    /// The route the drop's messages leave by.
    public var route: String
    /// When messages may be sent; `nil` for any time.
    public var sendWindow: SendWindow?
    /// When messages to a Brazilian state (UF, found from the DDD) may be sent, besides `sendWindow`.
    /// By default Ceará's legal window (``SendSchedule/legalStateWindows``); empty when the operator has
    /// turned the built-in windows off with `stateWindows: {}`.
    public var stateWindows: [String: SendWindow]
    public var ttl: Duration
    public var dlrInterval: Duration
    public var dlrTimeout: Duration
    public var dedupeWindow: Duration
    public var locale: ReasonLocale
    /// Whether output CSVs start with a UTF-8 BOM (for Excel).
    public var bom: Bool
    /// Whether the final file carries each message's text (`reportText`, contract §11).
    public var reportText: Bool = true
    /// How long the drop's messages, originals and outbox files are kept (contract §12).
    public var retention = RetentionSettings()
    /// Where the drop's notices go (`notify:`); nil: no notices.
    public var notify: NotifyConfiguration?
    /// Saved bases, campaign files and Sinch sub-accounts (contract §10).
    public var campaigns = CampaignSettings()
    /// The shared opt-out lists the drop subscribes to, besides its own (contract section 11).
    public var optOutLists: [String] = ["global"]
    /// How long after a message was sent a reply from its number is attributed to it.
    public var replyWindow: Duration = .seconds(7 * 24 * 3600)

    /// The days the send window stays closed, in order; empty without a send window.
    public var holidays: [CalendarDate] {
        sendWindow?.holidays.sorted() ?? []
    }

    /// `sendWindow` and `stateWindows` together, ready for per-message checks. Build it once and keep it.
    public var schedule: SendSchedule {
        SendSchedule(window: sendWindow, stateWindows: stateWindows)
    }

    public init(
        name: String,
        transport: DropTransportConfiguration,
        path: String? = nil,
        folders: DropFolders = DropFolders(),
        include: [String] = ["*.csv", "*.txt"],
        pollInterval: Duration = .seconds(5),
        readiness: Readiness = .stable,
        stableFor: Duration = .seconds(10),
        maxClaimsPerPoll: Int = 10,
        validation: ValidationOptions = ValidationOptions(),
        route: String = "sim",
        ttl: Duration = .seconds(24 * 3600),
        dlrInterval: Duration = .seconds(60),
        dlrTimeout: Duration = .seconds(72 * 3600),
        dedupeWindow: Duration = .seconds(7 * 24 * 3600),
        locale: ReasonLocale = .ptBR,
        bom: Bool = true,
        templateFile: String? = nil,
        sendWindow: SendWindow? = nil,
        stateWindows: [String: SendWindow] = SendSchedule.legalStateWindows
    ) {
        self.name = name
        self.transport = transport
        self.path = path
        self.folders = folders
        self.include = include
        self.pollInterval = pollInterval
        self.readiness = readiness
        self.stableFor = stableFor
        self.maxClaimsPerPoll = maxClaimsPerPoll
        self.validation = validation
        self.route = route
        self.ttl = ttl
        self.dlrInterval = dlrInterval
        self.dlrTimeout = dlrTimeout
        self.dedupeWindow = dedupeWindow
        self.locale = locale
        self.bom = bom
        self.templateFile = templateFile
        self.sendWindow = sendWindow
        self.stateWindows = stateWindows
    }

    /// When a file counts as completely uploaded (contract section 1).
    public enum Readiness: String, Sendable, Equatable {
        /// Size and mtime unchanged across observations at least `stableFor` apart.
        case stable
        /// A companion `<name>.ok` exists.
        case marker
    }
}
