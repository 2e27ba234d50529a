extension CSVReader {
    /// Runs the state machine over `count` bytes at `bytes`, the next ones of the stream.
    ///
    /// The hot loop: state lives in locals (written back on exit, even when throwing), runs of ordinary bytes
    /// are found eight bytes at a time (`nextStop`) and copied with one `memcpy`-like call, and every length
    /// check is made once per run. Offsets are relative to `bytes` and cannot overflow: they stay within
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
                let end = Self.nextStop(bytes, from: index, count: count, target: delimiter, table, endsUnquoted)
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
                let end = Self.nextStop(bytes, from: index, count: count, target: quote, table, endsQuoted)
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

    /// The offset of the first byte at or after `start` whose class has `stopClass`, or `count`.
    ///
    /// Looks at eight bytes at a time for `target` or anything below 0x0E (CR is 0x0D, LF 0x0A); the
    /// classic "has zero byte" bit trick flags the lowest match exactly. A flagged byte that is not a stop
    /// (a TAB in a `;` file, say) is confirmed with the table and skipped.
    @inline(__always)
    static func nextStop(
        _ bytes: UnsafePointer<UInt8>,
        from start: Int,
        count: Int,
        target: UInt8,
        _ table: UnsafePointer<UInt8>,
        _ stopClass: UInt8
    ) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let targets = ones &* UInt64(target)
        let raw = UnsafeRawPointer(bytes)
        var offset = start
        while offset &+ 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            let matches = word ^ targets
            let hits = ((matches &- ones) & ~matches | (word &- ones &* 0x0E) & ~word) & highs
            if hits == 0 {
                offset &+= 8
                continue
            }
            let candidate = offset &+ hits.trailingZeroBitCount &>> 3
            if table[Int(bytes[candidate])] & stopClass != 0 { return candidate }
            offset = candidate &+ 1
        }
        while offset < count && table[Int(bytes[offset])] & stopClass == 0 {
            offset &+= 1
        }
        return offset
    }
}
