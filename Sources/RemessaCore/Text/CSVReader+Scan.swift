extension CSVReader {
    /// Runs the state machine over `count` bytes at `bytes`, the next ones of the stream.
    ///
    /// The hot loop: state lives in locals (written back on exit, even when throwing), runs of ordinary bytes
    /// are found with the byte-class table and copied with one `memcpy`-like call, and every length check is
    /// made once per run. Offsets are relative to `bytes` and cannot overflow: they stay within
    /// `-maxRecordBytes...count`.
    mutating func scan(
        _ bytes: UnsafePointer<UInt8>,
        count: Int,
        _ body: (borrowing CSVRecord) throws -> Void
    ) throws {
        buffer.makeUnique()
        let table = UnsafePointer(classes.table)
        let endsUnquoted = CSVByteClasses.endsUnquoted
        let endsQuoted = CSVByteClasses.endsQuoted
        let delimiter = self.delimiter
        let limit = maxRecordBytes
        let quote = Self.quote
        let carriageReturn = Self.carriageReturn
        let lineFeed = Self.lineFeed

        var buffer = self.buffer
        var state = self.state
        var skipLineFeed = self.skipLineFeed
        var fieldQuoted = self.fieldQuoted
        var line = self.line
        var recordLine = self.recordLine
        var quoteLine = self.quoteLine
        var recordStart = self.recordStart &- position
        var index = 0
        defer {
            self.buffer = buffer
            self.state = state
            self.skipLineFeed = skipLineFeed
            self.fieldQuoted = fieldQuoted
            self.line = line
            self.recordLine = recordLine
            self.quoteLine = quoteLine
            self.recordStart = recordStart &+ position
            position &+= count
        }

        while index < count {
            switch state {
            case .recordStart:
                if skipLineFeed {
                    skipLineFeed = false
                    if bytes[index] == lineFeed {
                        index &+= 1
                        continue
                    }
                }
                recordLine = line
                recordStart = index
                state = .fieldStart

            case .fieldStart:
                if bytes[index] == quote {
                    fieldQuoted = true
                    quoteLine = line
                    state = .quoted
                    index &+= 1
                } else {
                    state = .unquoted
                }

            case .unquoted:
                var end = index
                while end < count && table[Int(bytes[end])] & endsUnquoted == 0 {
                    end &+= 1
                }
                guard end &- recordStart <= limit else {
                    throw CSVError.recordTooLong(startingOnLine: recordLine, maxRecordBytes: limit)
                }
                buffer.append(bytes + index, count: end &- index)
                guard end < count else {
                    index = count
                    break
                }
                let byte = bytes[end]
                index = end &+ 1
                buffer.endField(quoted: fieldQuoted)
                fieldQuoted = false
                if byte == delimiter {
                    // Skips a trip through `.fieldStart` for the common unquoted next field.
                    state = index < count && bytes[index] != quote ? .unquoted : .fieldStart
                    continue
                }
                state = .recordStart
                skipLineFeed = byte == carriageReturn
                try body(buffer.record(line: recordLine, endLine: line))
                buffer.reset()
                line &+= 1

            case .quoted:
                var end = index
                while end < count && table[Int(bytes[end])] & endsQuoted == 0 {
                    end &+= 1
                }
                guard end &- recordStart <= limit else {
                    throw CSVError.unbalancedQuote(openedOnLine: quoteLine, maxRecordBytes: limit)
                }
                buffer.append(bytes + index, count: end &- index)
                guard end < count else {
                    index = count
                    break
                }
                let byte = bytes[end]
                index = end &+ 1
                if byte == quote {
                    state = .quoteInQuoted
                    continue
                }
                guard index &- recordStart <= limit else {
                    throw CSVError.unbalancedQuote(openedOnLine: quoteLine, maxRecordBytes: limit)
                }
                buffer.append(byte)
                line &+= 1
                if byte == carriageReturn {
                    state = .quotedAfterCR
                }

            case .quotedAfterCR:
                state = .quoted
                if bytes[index] == lineFeed {
                    guard index &+ 1 &- recordStart <= limit else {
                        throw CSVError.unbalancedQuote(openedOnLine: quoteLine, maxRecordBytes: limit)
                    }
                    buffer.append(lineFeed)
                    index &+= 1
                }

            case .quoteInQuoted:
                if bytes[index] == quote {
                    guard index &+ 1 &- recordStart <= limit else {
                        throw CSVError.unbalancedQuote(openedOnLine: quoteLine, maxRecordBytes: limit)
                    }
                    buffer.append(quote)
                    index &+= 1
                    state = .quoted
                } else {
                    // The closing quote: a delimiter or line end is handled as after any field; other bytes
                    // are appended literally (see `CSVReader`).
                    state = .unquoted
                }
            }
        }
    }
}
