import RemessaCore

/// Validates a local file into its result file: one line per row as the validator reads it or, when the file is
/// rejected as a whole, the error file in its place, durable on return. `remessa check --result` and the daemon's
/// ingestion both write their result files through it.
package enum ResultFileRun {
    /// Streams `input` through `validator`, writing to `result` (nothing is written without one). `row` sees
    /// each row's outcome and returns the message id its result line shows (the daemon's stored message);
    /// `progress` gets the bytes read so far.
    package static func validate(
        _ input: borrowing FileInput,
        with validator: inout FileValidator,
        into result: BufferedFileWriter?,
        bom: Bool,
        locale: ReasonLocale,
        row: (RowOutcome) throws -> Int64?,
        progress: (Int) -> Void = { _ in }
    ) throws -> FileSummary {
        try result?.write(ResultFile.header(bom: bom))
        func emit(_ outcome: RowOutcome) throws {
            let messageID = try row(outcome)
            try result?.write { ResultFile.appendLine(outcome, messageID: messageID, locale: locale, to: &$0) }
        }
        try input.forEachChunk { chunk in
            try validator.feed(chunk, emit: emit)
            progress(validator.bytesFed)
        }
        let summary = try validator.finish(emit: emit)
        if let result {
            if !summary.isAccepted {
                try result.discard()
                try result.write(ErrorFile.render(summary, locale: locale, bom: bom))
            }
            try result.commit()
        }
        return summary
    }
}
