import ArgumentParser
import RemessaCore
import RemessaDrops

/// One run of `remessa check`: streams the file through the validator into the result file (``ResultFileRun``, as
/// the daemon does), keeps what the report shows.
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
        var validator = FileValidator(fileName: fileName, options: options)
        // Without a result file only the counts and the first rejected rows are shown.
        validator.reportsAcceptedRows = writer != nil
        var firstRejections: [RowOutcome] = []
        var progress = ProgressBar(total: input.size)
        let summary: FileSummary
        do {
            summary = try ResultFileRun.validate(
                input,
                with: &validator,
                into: writer,
                bom: bom,
                locale: locale,
                row: { outcome in
                    if outcome.rejection != nil, firstRejections.count < Self.rejectionsShown {
                        firstRejections.append(outcome)
                    }
                    return nil
                },
                progress: { progress?.update(done: $0) }
            )
        } catch let error as FileInput.OpenError {
            printError("remessa check: \(error)")
            throw ExitCode(66)
        }
        progress?.finish()
        return CheckReport(path: input.path, summary: summary, firstRejections: firstRejections, locale: locale)
    }
}
