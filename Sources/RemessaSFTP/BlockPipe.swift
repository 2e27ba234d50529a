import Foundation

/// A fixed set of byte blocks handed back and forth between the session thread and a helper thread.
///
/// The producer takes an empty block, fills it and puts it in the full queue; the consumer takes full blocks in
/// order and returns them empty. With a fixed number of blocks, memory stays bounded and a slow side makes the
/// other wait. Either side can ``cancel()`` (after an error); the other then sees `nil` and stops.
final class BlockPipe {
    final class Block {
        let bytes: UnsafeMutableRawBufferPointer
        var count = 0
        /// Whether this is the last block of its stripe (see ``StripePlan``); unused by one-session transfers.
        var endsStripe = false

        init(size: Int) {
            self.bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        }

        deinit {
            self.bytes.deallocate()
        }

        /// The filled part.
        var filled: UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: self.bytes[0..<self.count])
        }
    }

    private let condition = NSCondition()
    private var empty: [Block]
    private var full: [Block] = []
    private var fullHead = 0
    private var producerFinished = false
    private var cancelled = false

    init(blockSize: Int, blockCount: Int) {
        self.empty = (0..<blockCount).map { _ in Block(size: blockSize) }
    }

    /// An empty block to fill, waiting for one if needed; `nil` once cancelled.
    func takeEmpty() -> Block? {
        self.condition.lock()
        defer { self.condition.unlock() }
        while self.empty.isEmpty && !self.cancelled {
            self.condition.wait()
        }
        return self.cancelled ? nil : self.empty.removeLast()
    }

    /// Queues a filled block for the consumer.
    func putFull(_ block: Block) {
        self.condition.lock()
        self.full.append(block)
        self.condition.broadcast()
        self.condition.unlock()
    }

    /// Says no more blocks will come.
    func finishProducing() {
        self.condition.lock()
        self.producerFinished = true
        self.condition.broadcast()
        self.condition.unlock()
    }

    /// The next filled block, waiting for one; `nil` once the producer finished and all were taken, or cancelled.
    func takeFull() -> Block? {
        self.condition.lock()
        defer { self.condition.unlock() }
        while self.fullHead == self.full.count && !self.producerFinished && !self.cancelled {
            self.condition.wait()
        }
        guard !self.cancelled, self.fullHead < self.full.count else { return nil }
        let block = self.full[self.fullHead]
        self.fullHead += 1
        if self.fullHead == self.full.count {
            self.full.removeAll(keepingCapacity: true)
            self.fullHead = 0
        }
        return block
    }

    /// Returns a consumed block.
    func putEmpty(_ block: Block) {
        block.count = 0
        block.endsStripe = false
        self.condition.lock()
        self.empty.append(block)
        self.condition.broadcast()
        self.condition.unlock()
    }

    /// Stops both sides: every waiting or later take returns `nil`.
    func cancel() {
        self.condition.lock()
        self.cancelled = true
        self.condition.broadcast()
        self.condition.unlock()
    }
}

// @unchecked because the queues and flags are only touched with `condition` locked, and a block's bytes
// belong to whichever side last took it out of a queue.
extension BlockPipe: @unchecked Sendable {}
