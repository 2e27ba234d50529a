import ArgumentParser
import Foundation
import RemessaConfig
import RemessaCore
import RemessaDrops
import RemessaStore

/// `remessa check --campaign FILE [BASE]`: a campaign file checked as the daemon checks it (``CampaignFile``,
/// ``CampaignPlan``), then its base validated with the campaign's settings (``CheckRun``, as the daemon's
/// ingest). The drop's settings come from `--config`/`--drop`, or from check's own options (then no sender is
/// refused: the route's list is unknown).
struct CampaignCheck {
    let command: CheckCommand
    let campaignPath: String
    let options: ValidationOptions

    func run() throws {
        var defaults = CampaignPlan.Defaults(
            validation: options,
            routeSender: nil,
            senders: nil,
            maxScheduleAhead: CampaignSettings().maxScheduleAhead.inSeconds
        )
        var (bom, locale) = (!command.noBom, command.locale)
        if let configPath = command.config, let dropName = command.drop {
            let drop = try Self.drop(dropName, in: configPath)
            defaults = drop.campaignDefaults
            (bom, locale) = (drop.bom, drop.locale)
        }
        let name = Self.lastComponent(campaignPath)
        let bytes: [UInt8]
        do {
            bytes = try Self.read(campaignPath)
        } catch {
            printError("remessa check: cannot read \(campaignPath): \(error)")
            throw ExitCode(66)
        }
        let read = CampaignFile.parse(bytes).flatMap { campaign in
            if command.config == nil, let sender = campaign.sender { defaults.senders = [sender] }
            return CampaignPlan.make(
                campaign,
                fileName: name,
                defaults: defaults,
                now: Date().timeIntervalSince1970
            ).map { (campaign, $0) }
        }
        let (campaign, plan): (CampaignFile, CampaignPlan)
        switch read {
        case .failure(let rejection): return try reject(name, rejection, locale: locale)
        case .success(let value): (campaign, plan) = value
        }
        let basePath = command.file ?? Self.basePath(campaign.base, besides: campaignPath)
        guard let basePath, let input = try? FileInput(path: basePath) else {
            return try reject(name, .baseNotFound(campaign.base, .absent), locale: locale)
        }
        let report = try CheckRun(
            input: input,
            fileName: campaign.base,
            options: plan.validation,
            resultPath: command.result,
            bom: bom,
            locale: locale
        ).run()
        switch command.format {
        case .json: print(report.json())
        case .text: print(Self.describe(plan, name: name) + report.text(), terminator: "")
        }
        if !report.summary.isAccepted { throw ExitCode(65) }
    }

    /// The base named by a campaign at `campaignPath`: `bases/<name>` beside its folder (a drop's `inbox/`), else
    /// in its own folder.
    static func basePath(_ base: String, besides campaignPath: String) -> String? {
        let folder = URL(fileURLWithPath: campaignPath).deletingLastPathComponent()
        let candidates = [
            folder.deletingLastPathComponent().appendingPathComponent("bases").appendingPathComponent(base).path,
            folder.appendingPathComponent(base).path,
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    private func reject(_ name: String, _ rejection: FileRejection, locale: ReasonLocale) throws {
        switch command.format {
        case .json:
            let error = JSONValue.object([
                ("code", .string(rejection.code.rawValue)), ("line", rejection.line.map { .int($0) } ?? .null),
                ("field", .optional(rejection.field)), ("message", .string(rejection.sentence.text(in: locale))),
            ])
            print(JSONValue.object([("file", .string(name)), ("fileError", error)]).rendered(), terminator: "")
        case .text:
            print("\(ControlCharacterEscaping.escaped(name)): REJECTED (\(rejection.code.rawValue))")
            print("  \(rejection.sentence.text(in: locale))")
        }
        if let result = command.result {
            let writer = try BufferedFileWriter(path: result)
            try writer.write(ErrorFile.render([rejection], locale: locale, bom: !command.noBom))
            try writer.commit()
        }
        throw ExitCode(65)
    }

    private static func describe(_ plan: CampaignPlan, name: String) -> String {
        func date(_ seconds: Double?) -> String {
            seconds.map { Timestamp.iso8601(Date(timeIntervalSince1970: $0)) } ?? "now"
        }
        var lines = ["\(ControlCharacterEscaping.escaped(name)): campaign \"\(plan.label)\""]
        lines.append(
            "  sendAt \(date(plan.sendAt))  sendUntil \(plan.sendUntil == nil ? "the drop's ttl" : date(plan.sendUntil))"
                + "  sender \(plan.sender ?? "the route's")" + (plan.validateOnly ? "  validateOnly" : "")
        )
        return lines.joined(separator: "\n") + "\n"
    }

    private static func drop(_ name: String, in path: String) throws -> DropConfiguration {
        let configuration: RemessaConfiguration
        do {
            configuration = try RemessaConfiguration.load(path: path, environment: ProcessInfo.processInfo.environment)
        } catch {
            printError("remessa check: the configuration \(path) is not usable:")
            for issue in error.issues { printError("  " + issue.description) }
            throw ExitCode(78)
        }
        guard let drop = configuration.drops[name] else {
            printError("remessa check: no drop \(name) in \(path)")
            throw ExitCode(64)
        }
        return drop
    }

    private static func read(_ path: String) throws -> [UInt8] {
        let input = try FileInput(path: path)
        guard input.size <= CampaignFile.maxBytes else {
            return Array(repeating: 0x20, count: CampaignFile.maxBytes + 1)
        }
        var bytes: [UInt8] = []
        try input.forEachChunk { bytes.append(contentsOf: $0) }
        return bytes
    }

    private static func lastComponent(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}
