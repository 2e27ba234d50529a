import ArgumentParser
import RemessaCore
import RemessaDrops

/// One run of `remessa check`: streams the file through the validator, writes the result file, keeps what
/// the report shows.
struct CheckRun: ~Copyable {
    let input: FileInput
    let fileName: String
    let options: ValidationOptions
    let resultPath: String?
    let bom: Bool
    let locale: ReasonLocale

    /// Rejected rows shown in the text report.
    static let rejectionsShown = 20

    consuming func run() throws -> CheckReport {
        let writer: BufferedFileWriter?
        do {
            writer = try resultPath.map { try BufferedFileWriter(path: $0) }
        } catch {
            printError("remessa check: \(error)")
            throw ExitCode(73)  // EX_CANTCREAT
        }
        try writer?.write(ResultFile.header(bom: bom))

        var validator = FileValidator(fileName: fileName, options: options)
        // Without a result file only the counts and the first rejected rows are shown.
        validator.reportsAcceptedRows = writer != nil
        var firstRejections: [RowOutcome] = []
        var progress = ProgressBar(total: input.size)
        let locale = locale
        let emit: (RowOutcome) throws -> Void = { outcome in
            if outcome.rejection != nil, firstRejections.count < Self.rejectionsShown {
                firstRejections.append(outcome)
            }
            try writer?.write { ResultFile.appendLine(outcome, locale: locale, to: &$0) }
        }
        do {
            try input.forEachChunk { chunk in
                try validator.feed(chunk, emit: emit)
                progress?.update(done: validator.bytesFed)
            }
        } catch let error as FileInput.OpenError {
            printError("remessa check: \(error)")
            throw ExitCode(66)
        }
        let summary = try validator.finish(emit: emit)
        progress?.finish()

        if let writer {
            if !summary.isAccepted {
                try writer.discard()
                try writer.write(ErrorFile.render(summary.fileErrors, locale: locale, bom: bom))
            }
            try writer.commit()
        }
        return CheckReport(path: input.path, summary: summary, firstRejections: firstRejections, locale: locale)
    }
}
