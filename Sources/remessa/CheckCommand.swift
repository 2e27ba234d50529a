import ArgumentParser
import Glibc
import RemessaCore
import RemessaDrops

/// `remessa check FILE`: validates a file offline exactly as the daemon would (contract §7).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a client file offline, exactly as the daemon would.",
        discussion: """
            Exit status: 0 file accepted (some rows may be rejected), 65 file rejected (including \
            NO_VALID_ROWS), 64 usage error, 66 input unreadable.
            """
    )

    @Argument(help: "The file to check (with --campaign: the base, found in bases/ beside the inbox if not given).")
    var file: String?

    @Option(help: "Check this campaign file (inbox/<name>.campaign.json) against its base, as the daemon will.")
    var campaign: String?

    @Option(help: "With --campaign: take the drop's settings, route senders and schedule limit from this file.")
    var config: String?

    @Option(help: "With --config: the drop the campaign is for.")
    var drop: String?

    @Option(help: "auto, sinch, engage or base.")
    var layout: String = "auto"

    @Option(help: "auto, present or absent: whether numbers carry their country code.")
    var countryCode: CountryCodeMode = .auto

    @Option(help: "Calling code prefixed to national numbers.")
    var defaultCountry: Int = 55

    @Option(help: "Message template for rows without a message of their own.")
    var template: String?

    @Option(help: "Read the template from this file (UTF-8).")
    var templateFile: String?

    @Flag(help: "Keep accents and other non-GSM characters (UCS-2) instead of transliterating.")
    var noTransliterate = false

    @Option(help: "Longest message accepted, in SMS parts.")
    var maxSegments: Int = 6

    @Option(help: "reject or blank: what a placeholder without a value does.")
    var onMissingField: MissingFieldPolicy = .reject

    @Option(help: "Write the result CSV here (the error CSV when the whole file is rejected).")
    var result: String?

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: "pt-BR or en: language of the reasons.")
    var locale: ReasonLocale = .ptBR

    @Option(help: "Largest file accepted, in bytes.")
    var maxFileSize: Int = 1 << 30

    @Flag(help: "Write the result CSV without the UTF-8 byte order mark.")
    var noBom = false

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        guard file != nil || campaign != nil else { throw ValidationError("give a FILE to check, or --campaign FILE") }
        guard (config == nil) == (drop == nil), config == nil || campaign != nil else {
            throw ValidationError("--config and --drop go together, with --campaign")
        }
        guard LayoutChoice(layout) != nil else {
            throw ValidationError("--layout must be auto, sinch, engage or base, not \(layout)")
        }
        if template != nil, templateFile != nil {
            throw ValidationError("give --template or --template-file, not both")
        }
        guard maxSegments >= 1 else { throw ValidationError("--max-segments must be at least 1") }
        guard (1...999).contains(defaultCountry) else {
            throw ValidationError("--default-country must be a calling code such as 55")
        }
    }

    func run() throws {
        let options = try validationOptions()
        if let campaign {
            return try CampaignCheck(command: self, campaignPath: campaign, options: options).run()
        }
        guard let file else { return }
        let input: FileInput
        do {
            input = try FileInput(path: file)
        } catch {
            printError("remessa check: \(error)")
            throw ExitCode(66)
        }
        let fileName = String(file.split(separator: "/").last ?? Substring(file))
        let report = try CheckRun(
            input: input,
            fileName: fileName,
            options: options,
            resultPath: result,
            bom: !noBom,
            locale: locale
        )
        .run()
        switch format {
        case .json: print(report.json())
        case .text: print(report.text(), terminator: "")
        }
        if !report.summary.isAccepted { throw ExitCode(65) }
    }

    func validationOptions() throws -> ValidationOptions {
        var templateText = template
        if let templateFile {
            do {
                let input = try FileInput(path: templateFile)
                var bytes: [UInt8] = []
                try input.forEachChunk { bytes.append(contentsOf: $0) }
                var text = String(decoding: bytes, as: UTF8.self)
                if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
                while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
                templateText = text
            } catch {
                printError("remessa check: \(error)")
                throw ExitCode(66)
            }
        }
        return ValidationOptions(
            layout: LayoutChoice(layout) ?? .auto,
            phonePolicy: PhoneNumberPolicy(countryCode: countryCode, defaultCountry: defaultCountry),
            template: templateText,
            transliterate: !noTransliterate,
            maxSegments: maxSegments,
            onMissingField: onMissingField,
            maxFileBytes: maxFileSize
        )
    }
}

extension CountryCodeMode: ExpressibleByArgument {}
extension MissingFieldPolicy: ExpressibleByArgument {}
extension ReasonLocale: ExpressibleByArgument {}

func printError(_ message: String) {
    var line = message + "\n"
    line.withUTF8 { bytes in
        _ = write(2, bytes.baseAddress, bytes.count)
    }
}
