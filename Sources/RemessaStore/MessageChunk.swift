import RemessaCore

/// Consecutive messages, the first with id `firstID`, their texts packed into one buffer so the inserting
/// thread binds them without a copy and frees one allocation per chunk instead of one per message.
package struct MessageChunk: Sendable {
    package struct Row: Sendable {
        package var line: Int
        package var priorityRank: Int
        package var encoding: SMSEncoding
        package var segments: Int
        package var destination: Range<Int>
        package var correlationID: Range<Int>?
        package var text: Range<Int>
        package var clientCode: Range<Int>?
        package var tag: Range<Int>?
    }

    package var firstID: Int64
    package var rows: [Row] = []
    package var bytes: [UInt8] = []

    package init(firstID: Int64, reservingRows count: Int = 0) {
        self.firstID = firstID
        rows.reserveCapacity(count)
        bytes.reserveCapacity(count * 128)
    }

    package mutating func append(_ draft: MessageDraft) {
        rows.append(
            Row(
                line: draft.line,
                priorityRank: draft.priority.rank,
                encoding: draft.encoding,
                segments: draft.segments,
                destination: pack(draft.destination),
                correlationID: draft.correlationID.map { pack($0) },
                text: pack(draft.text),
                clientCode: draft.clientCode.map { pack($0) },
                tag: draft.tag.map { pack($0) }
            )
        )
    }

    private mutating func pack(_ text: String) -> Range<Int> {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        return start..<bytes.count
    }
}

/// Where a ``BatchWriter`` sends a file's messages: a store's inserting thread. The writer assigns ids from the
/// blocks ``reserveIDs(_:)`` gives, hands over full chunks, and ends with ``finish()`` or ``abandon()``; all of
/// it on the ingest's one thread.
package protocol MessageSink: AnyObject, Sendable {
    /// The first of `count` consecutive message ids no other ingest will use; later blocks have higher ids.
    func reserveIDs(_ count: Int) throws -> Int64
    /// Queues `chunk`, waiting while the sink is full; throws the first failed insert.
    func hand(_ chunk: MessageChunk) throws
    /// Waits until every queued chunk is written; throws the first failed insert.
    func finish() throws
    /// Stops without writing what is still queued, and waits.
    func abandon()
}
