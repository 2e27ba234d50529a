import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The helper thread's side of a ``FaultProxy``: its connections and the `poll` loop that moves their bytes.
struct FaultProxyLoop {
    /// Bytes read but not yet written, per direction, before reading pauses.
    static let queueLimit = 32 << 20
    static let chunkSize = 64 << 10

    /// One chunk on its way, with the instant it may be written.
    struct Chunk {
        var bytes: [UInt8]
        var releaseAt: ContinuousClock.Instant
    }

    /// A client and (unless black-holed) its connection to the server.
    final class Connection {
        let client: Int32
        let server: Int32?
        /// Chunks waiting, by direction (`Direction.rawValue`).
        var queues: [[Chunk]] = [[], []]
        var queued = [0, 0]
        /// Whether the side a direction reads from has ended.
        var ended = [false, false]
        var isClosed = false

        init(client: Int32, server: Int32?) {
            self.client = client
            self.server = server
        }

        func source(_ direction: FaultProxy.Direction) -> Int32? { direction == .toServer ? self.client : self.server }
        func destination(_ direction: FaultProxy.Direction) -> Int32? {
            direction == .toServer ? self.server : self.client
        }

        func close() {
            guard !self.isClosed else { return }
            self.isClosed = true
            Glibc.close(self.client)
            if let server = self.server { Glibc.close(server) }
        }
    }

    let proxy: FaultProxy
    var connections: [Connection] = []

    init(proxy: FaultProxy) {
        self.proxy = proxy
    }

    mutating func run() {
        while true {
            let control = self.proxy.control.withLock { control in
                let snapshot = control
                control.cutRequested = false
                return snapshot
            }
            if control.stopRequested {
                self.cutAll()
                return
            }
            if control.cutRequested {
                self.cutAll()
            }
            self.connections.removeAll { $0.isClosed }
            self.pollOnce(control)
        }
    }

    mutating func cutAll() {
        if !self.connections.isEmpty {
            self.proxy.control.withLock { $0.cuts += 1 }
        }
        for connection in self.connections { connection.close() }
        self.connections = []
    }

    /// One `poll` round: accept, read what may be read, write what is due.
    mutating func pollOnce(_ control: FaultProxy.Control) {
        let now = ContinuousClock.now
        var descriptors = [
            pollfd(fd: self.proxy.listener, events: Int16(POLLIN), revents: 0),
            pollfd(fd: self.proxy.wake.read, events: Int16(POLLIN), revents: 0),
        ]
        var timeout = Duration.seconds(1)
        var slots: [(Connection, FaultProxy.Direction, isSource: Bool)] = []
        for connection in self.connections {
            for direction in [FaultProxy.Direction.toServer, .toClient] {
                let index = direction.rawValue
                if control.mode != .stall, !connection.ended[index], connection.queued[index] < Self.queueLimit,
                    let source = connection.source(direction)
                {
                    descriptors.append(pollfd(fd: source, events: Int16(POLLIN), revents: 0))
                    slots.append((connection, direction, true))
                }
                if control.mode == .forward, let head = connection.queues[index].first,
                    let destination = connection.destination(direction)
                {
                    if head.releaseAt <= now {
                        descriptors.append(pollfd(fd: destination, events: Int16(POLLOUT), revents: 0))
                        slots.append((connection, direction, false))
                    } else {
                        timeout = min(timeout, head.releaseAt - now)
                    }
                }
            }
        }
        // Rounded up, so a chunk due in 0.4 ms is not polled for in a busy loop.
        let parts = timeout.components
        let milliseconds = Int32(clamping: max(0, parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000 + 1))
        guard poll(&descriptors, nfds_t(descriptors.count), milliseconds) > 0 else { return }
        if descriptors[1].revents != 0 {
            var drain = [UInt8](repeating: 0, count: 256)
            while Glibc.read(self.proxy.wake.read, &drain, drain.count) > 0 {}
        }
        if descriptors[0].revents & Int16(POLLIN) != 0 {
            self.accept(control)
        }
        for (slot, descriptor) in zip(slots, descriptors.dropFirst(2)) where descriptor.revents != 0 {
            let (connection, direction, isSource) = slot
            guard !connection.isClosed else { continue }
            if isSource {
                self.receive(connection, direction, control)
            } else if !self.deliver(connection, direction) {
                return  // A cut closed every connection: the slots are stale.
            }
        }
    }

    /// Accepts one client; connects it to the server unless black-holing. A refused server closes the client.
    mutating func accept(_ control: FaultProxy.Control) {
        let client = Glibc.accept(self.proxy.listener, nil, nil)
        guard client >= 0 else { return }
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        var server: Int32?
        if control.mode != .blackHole {
            guard let connected = try? LoopbackSocket.connect(port: self.proxy.targetPort, timeout: .seconds(5)) else {
                close(client)
                return
            }
            server = connected
        }
        for fd in [client, server].compactMap({ $0 }) {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        self.connections.append(Connection(client: client, server: server))
    }

    /// Reads a chunk from the source of `direction`; queues it (or drops it when black-holing).
    func receive(_ connection: Connection, _ direction: FaultProxy.Direction, _ control: FaultProxy.Control) {
        guard let source = connection.source(direction) else { return }
        var buffer = [UInt8](repeating: 0, count: Self.chunkSize)
        let count = Glibc.read(source, &buffer, buffer.count)
        if count < 0 {
            if errno != EAGAIN && errno != EINTR { connection.close() }
            return
        }
        let index = direction.rawValue
        if count == 0 {
            connection.ended[index] = true
            if connection.queues[index].isEmpty { self.finish(connection, direction) }
            return
        }
        guard control.mode == .forward else { return }  // Black hole: swallowed.
        buffer.removeSubrange(count...)
        connection.queues[index].append(Chunk(bytes: buffer, releaseAt: .now + control.latency))
        connection.queued[index] += count
    }

    /// Writes the head chunk of `direction`, honouring armed cuts; false if a cut closed every connection.
    mutating func deliver(_ connection: Connection, _ direction: FaultProxy.Direction) -> Bool {
        guard let destination = connection.destination(direction),
            var chunk = connection.queues[direction.rawValue].first
        else { return true }
        let index = direction.rawValue
        let (budget, trigger) = self.proxy.control.withLock { ($0.byteBudget[direction], $0.trigger) }
        if let trigger, trigger.direction == direction, trigger.holds() {
            guard let fault = trigger.fault, fault != .forward else {
                self.cutAll()
                return false
            }
            self.proxy.control.withLock { $0.mode = fault }
            return false  // The next round sees the new mode.
        }
        let allowed = min(chunk.bytes.count, budget ?? Int.max)
        let written = chunk.bytes.withUnsafeBytes {
            Glibc.send(destination, $0.baseAddress, allowed, Int32(MSG_NOSIGNAL))
        }
        if written < 0 {
            if errno != EAGAIN && errno != EINTR { connection.close() }
            return true
        }
        self.proxy.control.withLock { control in
            control.forwarded[direction, default: 0] += written
            if let budget { control.byteBudget[direction] = budget - written }
        }
        if let budget, budget - written <= 0 {
            self.proxy.control.withLock { $0.byteBudget[direction] = nil }
            self.cutAll()
            return false
        }
        connection.queued[index] -= written
        if written == chunk.bytes.count {
            connection.queues[index].removeFirst()
            if connection.queues[index].isEmpty && connection.ended[index] { self.finish(connection, direction) }
        } else {
            chunk.bytes.removeFirst(written)
            connection.queues[index][0] = chunk
        }
        return true
    }

    /// The source of `direction` ended and everything it sent is written: pass the end on; close when both ended.
    func finish(_ connection: Connection, _ direction: FaultProxy.Direction) {
        if let destination = connection.destination(direction) {
            shutdown(destination, Int32(SHUT_WR))
        }
        if connection.ended.allSatisfy({ $0 }) || connection.server == nil {
            connection.close()
        }
    }
}
