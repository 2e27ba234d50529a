import Foundation
import NIOCore
import PostgresNIO
import RemessaCore
import RemessaStore

/// Carries a file's messages from the ingest's validation thread to a `COPY message FROM STDIN` running on the
/// ingest's connection, and the thread's id reservations to the pool.
///
/// The thread side (``MessageSink``) blocks: it waits for room (at most ``capacity`` chunks in flight) and for
/// each reservation's answer. The async side (``consume(into:reserve:)``) never blocks a thread: it reads the
/// work from an `AsyncStream`. Whichever side ends first, the other is woken: a failed `COPY` fails the thread's
/// next call, and a thread that abandons ends the `COPY` (which then fails, rolling the ingest back).
// @unchecked: `state` is only read and written under `condition`; the rest is immutable or Sendable.
final class PostgresMessageSink: MessageSink, @unchecked Sendable {
    /// What the thread asks of the async side.
    enum Work: Sendable {
        case chunk(MessageChunk)
        case reserve(Int)
    }

    /// The async side stopped because the thread abandoned the ingest.
    struct Abandoned: Error {}

    private struct State {
        var inFlight = 0
        var reservation: Int64?
        var abandoned = false
        /// Set once the async side is done (with `failure` if it failed); nothing waits after that.
        var ended = false
        var failure: (any Error)?
    }

    /// Chunks handed and not yet written at most.
    static let capacity = 8

    let batchID: Int64
    /// `SCHEDULED` until this time (store seconds), or `QUEUED`.
    private let scheduledUntil: Double?
    private let condition = NSCondition()
    private var state = State()
    private let work: AsyncStream<Work>
    private let continuation: AsyncStream<Work>.Continuation

    init(batchID: Int64, scheduledUntil: Date?) {
        self.batchID = batchID
        self.scheduledUntil = scheduledUntil?.storeSeconds
        (self.work, self.continuation) = AsyncStream.makeStream(of: Work.self)
    }

    /// The columns each line of the `COPY` fills, in order.
    static let columns = [
        "id", "batch_id", "line", "destination", "correlation_id", "priority", "text", "encoding", "segments",
        "client_code", "tag", "status", "next_attempt_at",
    ]

    // MARK: The thread's side

    func reserveIDs(_ count: Int) throws -> Int64 {
        condition.lock()
        state.reservation = nil
        condition.unlock()
        continuation.yield(.reserve(count))
        condition.lock()
        defer { condition.unlock() }
        while state.reservation == nil, !state.ended {
            condition.wait()
        }
        if let first = state.reservation { return first }
        throw state.failure ?? Abandoned()
    }

    func hand(_ chunk: MessageChunk) throws {
        condition.lock()
        while state.inFlight >= Self.capacity, !state.ended {
            condition.wait()
        }
        if state.ended {
            condition.unlock()
            throw state.failure ?? Abandoned()
        }
        state.inFlight += 1
        condition.unlock()
        continuation.yield(.chunk(chunk))
    }

    func finish() throws {
        continuation.finish()
        condition.lock()
        defer { condition.unlock() }
        while !state.ended {
            condition.wait()
        }
        if let failure = state.failure { throw failure }
    }

    func abandon() {
        condition.lock()
        state.abandoned = true
        condition.unlock()
        continuation.finish()
        condition.lock()
        defer { condition.unlock() }
        while !state.ended {
            condition.wait()
        }
    }

    // MARK: The async side

    /// Writes every chunk the thread hands into `copy` and answers its reservations with `reserve`, until the
    /// thread finishes (or abandons: then throws ``Abandoned``, which fails the `COPY`).
    func consume(
        into copy: PostgresCopyFromWriter,
        reserve: (Int) async throws -> Int64
    ) async throws {
        do {
            for await item in work {
                if isAbandoned { throw Abandoned() }
                switch item {
                case .chunk(let chunk):
                    try await copy.write(encode(chunk))
                    update { $0.inFlight -= 1 }
                case .reserve(let count):
                    let first = try await reserve(count)
                    update { $0.reservation = first }
                }
            }
            if isAbandoned { throw Abandoned() }
            end(failure: nil)
        } catch {
            end(failure: error)
            throw error
        }
    }

    /// Ends the exchange: the thread's waits return, with `failure` if there is one. The first end counts; the
    /// ingest calls it once more after the `COPY`, in case the `COPY` never started.
    func end(failure: (any Error)?) {
        continuation.finish()
        update { state in
            guard !state.ended else { return }
            state.ended = true
            state.failure = failure
        }
    }

    private var isAbandoned: Bool {
        condition.lock()
        defer { condition.unlock() }
        return state.abandoned
    }

    private func update(_ change: (inout State) -> Void) {
        condition.lock()
        change(&state)
        condition.broadcast()
        condition.unlock()
    }

    // MARK: COPY's text format

    /// `chunk` as lines of `COPY`'s text format: columns split by tabs, `\N` for NULL, and a backslash, tab,
    /// line feed or carriage return inside a value escaped.
    private func encode(_ chunk: MessageChunk) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: chunk.bytes.count + chunk.rows.count * 64)
        let status = scheduledUntil.map { "SCHEDULED\t\($0)" } ?? "QUEUED\t\\N"
        let batch = String(batchID)
        chunk.bytes.withUnsafeBufferPointer { bytes in
            for (offset, row) in chunk.rows.enumerated() {
                buffer.writeString(String(chunk.firstID + Int64(offset)))
                buffer.writeString("\t\(batch)\t\(row.line)\t")
                Self.writeEscaped(bytes, row.destination, into: &buffer)
                buffer.writeInteger(UInt8(ascii: "\t"))
                Self.writeEscaped(bytes, row.correlationID, into: &buffer)
                buffer.writeString("\t\(row.priorityRank)\t")
                Self.writeEscaped(bytes, row.text, into: &buffer)
                buffer.writeString("\t\(row.encoding.rawValue)\t")
                buffer.writeString("\(row.segments)\t")
                Self.writeEscaped(bytes, row.clientCode, into: &buffer)
                buffer.writeInteger(UInt8(ascii: "\t"))
                Self.writeEscaped(bytes, row.tag, into: &buffer)
                buffer.writeString("\t\(status)\n")
            }
        }
        return buffer
    }

    private static func writeEscaped(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ range: Range<Int>?,
        into buffer: inout ByteBuffer
    ) {
        guard let range else {
            buffer.writeString("\\N")
            return
        }
        var start = range.lowerBound
        for index in range {
            let escape: UInt8? =
                switch bytes[index] {
                case UInt8(ascii: "\\"): UInt8(ascii: "\\")
                case UInt8(ascii: "\t"): UInt8(ascii: "t")
                case UInt8(ascii: "\n"): UInt8(ascii: "n")
                case UInt8(ascii: "\r"): UInt8(ascii: "r")
                default: nil
                }
            guard let escape else { continue }
            buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            buffer.writeBytes([UInt8(ascii: "\\"), escape])
            start = index + 1
        }
        buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[start..<range.upperBound]))
    }
}
