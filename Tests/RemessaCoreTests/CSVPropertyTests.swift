import RemessaCore
import Testing

/// SplitMix64: a seeded generator, so a failing case can be replayed from its seed.
private struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// True with probability `percent` / 100.
    mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }

    mutating func pick<T>(_ choices: [T]) -> T {
        choices[below(choices.count)]
    }
}

/// One record as both readers report it.
private struct Record: Equatable, CustomStringConvertible {
    var fields: [[UInt8]]
    var quoted: [Bool]
    var line: Int
    var endLine: Int

    var description: String {
        let shown = fields.map { String(decoding: $0, as: UTF8.self).debugDescription }
        return "\(line)-\(endLine) \(shown) \(quoted)"
    }
}

/// What reading a whole input gives: the records emitted, then the error that stopped it, if any.
private struct Outcome: Equatable, CustomStringConvertible {
    var records: [Record]
    var error: CSVError?

    var description: String { "\(records.map(\.description)) \(error.map { "\($0)" } ?? "ok")" }
}

/// The obvious reader: a plain state machine over the whole input, with lookahead, written from the rules in
/// `CSVReader`'s documentation and sharing no code with it. `rawLengths` holds each record's length in bytes
/// (quotes in, line end out), for checking the limit.
private func referenceRead(_ input: [UInt8], delimiter: UInt8) -> (outcome: Outcome, rawLengths: [Int]) {
    let quote = UInt8(ascii: "\"")
    let cr = UInt8(ascii: "\r")
    let lf = UInt8(ascii: "\n")
    var records: [Record] = []
    var rawLengths: [Int] = []
    var i = input.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var line = 1
    while i < input.count {
        let recordStart = i
        let recordLine = line
        var fields: [[UInt8]] = []
        var quoted: [Bool] = []
        while true {
            var field: [UInt8] = []
            var isQuoted = false
            if i < input.count && input[i] == quote {
                isQuoted = true
                let openLine = line
                i += 1
                while true {
                    guard i < input.count else {
                        rawLengths.append(input.count - recordStart)
                        let error = CSVError.unbalancedQuote(openedOnLine: openLine, maxRecordBytes: 0)
                        return (Outcome(records: records, error: error), rawLengths)
                    }
                    let byte = input[i]
                    if byte == quote {
                        if i + 1 < input.count && input[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    field.append(byte)
                    i += 1
                    if byte == cr {
                        line += 1
                        if i < input.count && input[i] == lf {
                            field.append(lf)
                            i += 1
                        }
                    } else if byte == lf {
                        line += 1
                    }
                }
            }
            // An unquoted field, or what follows a closing quote: literal up to a delimiter or line end.
            while i < input.count && input[i] != delimiter && input[i] != cr && input[i] != lf {
                field.append(input[i])
                i += 1
            }
            fields.append(field)
            quoted.append(isQuoted)
            if i < input.count && input[i] == delimiter {
                i += 1
                continue
            }
            break
        }
        rawLengths.append(i - recordStart)
        records.append(Record(fields: fields, quoted: quoted, line: recordLine, endLine: line))
        if i < input.count {
            i += input[i] == cr && i + 1 < input.count && input[i + 1] == lf ? 2 : 1
            line += 1
        }
    }
    return (Outcome(records: records, error: nil), rawLengths)
}

/// Reads `input` with `CSVReader`, fed in random chunk sizes (sometimes one byte at a time).
private func streamingRead(
    _ input: [UInt8],
    delimiter: UInt8,
    maxRecordBytes: Int = 1 << 16,
    random: inout SplitMix64
) -> Outcome {
    var reader = CSVReader(delimiter: delimiter, maxRecordBytes: maxRecordBytes)
    var records: [Record] = []
    let collect = { (record: borrowing CSVRecord) in
        let fields = (0..<record.count).map { Array(record.bytes($0)) }
        let quoted = (0..<record.count).map { record.isQuoted($0) }
        let blank = fields.count == 1 ? fields[0].isEmpty : fields.allSatisfy(\.isEmpty) && !quoted.contains(true)
        #expect(record.isBlank == blank)
        records.append(Record(fields: fields, quoted: quoted, line: record.line, endLine: record.endLine))
    }
    let maxChunk = random.pick([1, 2, 3, 7, 16, 64, 1 << 20])
    do {
        try input.withUnsafeBytes { all in
            var start = 0
            while start < all.count {
                let end = min(all.count, start + 1 + random.below(maxChunk))
                try reader.feed(UnsafeRawBufferPointer(rebasing: all[start..<end]), collect)
                start = end
            }
        }
        try reader.finish(collect)
        #expect(reader.bytesConsumed == input.count)
        #expect(reader.startedWithBOM == input.starts(with: [0xEF, 0xBB, 0xBF]))
    } catch {
        return Outcome(records: records, error: error as? CSVError)
    }
    return Outcome(records: records, error: nil)
}

/// The same outcome, ignoring the limit an error reports (the reference reader has none).
private func sameOutcome(_ streaming: Outcome, _ reference: Outcome) -> Bool {
    streaming.records == reference.records && streaming.error?.code == reference.error?.code
        && streaming.error?.line == reference.error?.line
}

private let delimiters: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), 0x09, UInt8(ascii: "|")]

@Suite struct CSVPropertyTests {
    /// Random records rendered as RFC 4180 text read back field for field, by both readers.
    @Test func renderedRecordsReadBack() {
        var random = SplitMix64(state: 0x5EED_CAFE)
        let atoms = ["a", "Z", "9", " ", ";", ",", "\t", "|", "\"", "\r", "\n", "\r\n", "ã", "É", "ç", "€", "👍"]
        for seed in 0..<3000 {
            let delimiter = random.pick(delimiters)
            var expected: [(fields: [[UInt8]], quoted: [Bool])] = []
            var input: [UInt8] = random.chance(20) ? [0xEF, 0xBB, 0xBF] : []
            let recordCount = random.below(12)
            for index in 0..<recordCount {
                var fields: [[UInt8]] = []
                var quoted: [Bool] = []
                var rendered: [UInt8] = []
                for fieldIndex in 0..<(1 + random.below(6)) {
                    let field = Array((0..<random.below(8)).map { _ in random.pick(atoms) }.joined().utf8)
                    let mustQuote = field.contains { [delimiter, 0x22, 0x0D, 0x0A].contains($0) }
                    let quote = mustQuote || random.chance(25)
                    if fieldIndex > 0 { rendered.append(delimiter) }
                    if quote {
                        rendered.append(0x22)
                        for byte in field {
                            rendered += byte == 0x22 ? [0x22, 0x22] : [byte]
                        }
                        rendered.append(0x22)
                    } else {
                        rendered += field
                    }
                    fields.append(field)
                    quoted.append(quote)
                }
                expected.append((fields, quoted))
                input += rendered
                // The last line may go without a line end, unless it is empty (then it would vanish). An empty
                // line after a lone CR cannot end in LF: that would read as one CRLF.
                if index < recordCount - 1 || rendered.isEmpty || random.chance(50) {
                    let afterCR = input.last == 0x0D && rendered.isEmpty
                    input += random.pick(afterCR ? [[0x0D, 0x0A], [0x0D]] : [[0x0A], [0x0D, 0x0A], [0x0D]])
                }
            }

            let reference = referenceRead(input, delimiter: delimiter).outcome
            #expect(reference.error == nil, "seed \(seed)")
            #expect(reference.records.map(\.fields) == expected.map(\.fields), "seed \(seed)")
            #expect(reference.records.map(\.quoted) == expected.map(\.quoted), "seed \(seed)")
            let streaming = streamingRead(input, delimiter: delimiter, random: &random)
            #expect(sameOutcome(streaming, reference), "seed \(seed): \(streaming) != \(reference)")
        }
    }

    /// Random byte soup, malformed quoting included: both readers agree on records, line numbers and errors.
    @Test func byteSoupAgreesWithTheReference() {
        var random = SplitMix64(state: 0xB17E_5009)
        let alphabet: [UInt8] = Array("a;,\t|\"\"\r\n\n ".utf8) + [0xC3, 0xA3, 0xEF, 0xBB, 0xBF]
        for seed in 0..<4000 {
            let delimiter = random.pick(delimiters)
            var input: [UInt8] = random.chance(10) ? [0xEF, 0xBB, 0xBF] : []
            input += (0..<random.below(80)).map { _ in random.pick(alphabet) }
            let reference = referenceRead(input, delimiter: delimiter).outcome
            let streaming = streamingRead(input, delimiter: delimiter, random: &random)
            #expect(sameOutcome(streaming, reference), "seed \(seed) \(input): \(streaming) != \(reference)")
        }
    }

    /// With a small `maxRecordBytes`, records up to the first one over the limit come out, then an error
    /// names that record's lines; chunking changes nothing.
    @Test func recordLimitIsExactAndChunkingDoesNotMatter() {
        var random = SplitMix64(state: 0x11_3175)
        let alphabet: [UInt8] = Array("ab;\"\"\r\n\n".utf8)
        for seed in 0..<3000 {
            let delimiter = UInt8(ascii: ";")
            let limit = 1 + random.below(16)
            let input = (0..<random.below(60)).map { _ in random.pick(alphabet) }
            let (reference, rawLengths) = referenceRead(input, delimiter: delimiter)
            let streaming = streamingRead(input, delimiter: delimiter, maxRecordBytes: limit, random: &random)
            let wholeBuffer = streamingRead(input, delimiter: delimiter, maxRecordBytes: limit, random: &random)
            #expect(streaming == wholeBuffer, "seed \(seed)")

            guard let firstTooLong = rawLengths.firstIndex(where: { $0 > limit }) else {
                #expect(sameOutcome(streaming, reference), "seed \(seed): \(streaming) != \(reference)")
                continue
            }
            #expect(Array(streaming.records) == Array(reference.records.prefix(firstTooLong)), "seed \(seed)")
            guard let error = streaming.error else {
                Issue.record("seed \(seed): no error for a record of \(rawLengths[firstTooLong]) > \(limit) bytes")
                continue
            }
            #expect(error.maxRecordBytes == limit)
            let startLine =
                firstTooLong < reference.records.count
                ? reference.records[firstTooLong].line : (reference.records.last.map { $0.endLine + 1 } ?? 1)
            let endLine = firstTooLong < reference.records.count ? reference.records[firstTooLong].endLine : .max
            if error.code == .recordTooLong {
                #expect(error.line == startLine, "seed \(seed)")
            } else {
                #expect((startLine...endLine).contains(error.line), "seed \(seed)")
            }
        }
    }
}
