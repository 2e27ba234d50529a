extension FileValidator {
    /// Holds a row that passed every check but the duplicate one, and hands the rows over once they are many.
    mutating func hold(_ row: PendingRow, _ emit: (RowOutcome) throws -> Void) throws {
        pendingRows.append(row)
        if pendingRows.count >= pendingRowLimit { try flushPendingRows(emit) }
    }

    /// Makes the held rows' duplicate lookups, then counts each row and hands it to `emit`, in file order.
    ///
    /// The duplicate table outgrows the caches: one lookup per row would wait for memory every row. The slots
    /// of all held rows are touched first, so those waits overlap; the lookups then run in file order, so a
    /// row repeating one held before it still finds it. If `emit` throws, the rows after that one are dropped
    /// uncounted, as if they had never been read.
    mutating func flushPendingRows(_ emit: (RowOutcome) throws -> Void) throws {
        guard !pendingRows.isEmpty else { return }
        defer { pendingRows.removeAll(keepingCapacity: true) }
        for row in pendingRows {
            duplicates.touch(row.probe)
        }
        for row in pendingRows {
            summary.rows += 1
            if let firstLine = duplicates.firstLine(of: row.probe, line: row.line) {
                let outcome = row.outcome(rejection: .duplicate(field: destinationField, firstLine: firstLine))
                summary.count(outcome)
                try emit(outcome)
            } else if row.message != nil {
                let outcome = row.outcome(rejection: nil)
                summary.count(outcome)
                try emit(outcome)
            } else {
                summary.countAccepted(segments: row.segments, encoding: row.encoding, warnings: row.warnings)
            }
        }
    }
}
