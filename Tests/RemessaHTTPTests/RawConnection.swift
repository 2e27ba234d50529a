import NIOCore
import NIOPosix
import Synchronization

/// A plain TCP connection to a listener on 127.0.0.1, for what an HTTP client hides: a connection that sends
/// nothing, half a request, an endless body, and whether and when the server closes it.
final class RawConnection: Sendable {
    private final class Received: Sendable {
        let state = Mutex<(bytes: [UInt8], closed: Bool)>(([], false))
    }

    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let received: Received

        init(_ received: Received) {
            self.received = received
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = self.unwrapInboundIn(data)
            received.state.withLock { $0.bytes.append(contentsOf: buffer.readableBytesView) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            received.state.withLock { $0.closed = true }
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }

    private let channel: any Channel
    private let received: Received

    private init(channel: any Channel, received: Received) {
        self.channel = channel
        self.received = received
    }

    static func open(port: Int) async throws -> RawConnection {
        let received = Received()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(received))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, received: received)
    }

    /// Sends `text` as it is (`\r\n` line ends are the caller's).
    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    /// What came so far, and whether the server closed the connection.
    var state: (text: String, closed: Bool) {
        received.state.withLock { (String(decoding: $0.bytes, as: UTF8.self), $0.closed) }
    }

    /// Waits until `condition` holds for what came and whether the server closed, or `timeout` passes; returns
    /// the state then.
    @discardableResult
    func wait(
        atMost timeout: Duration,
        until condition: (_ text: String, _ closed: Bool) -> Bool
    ) async throws -> (text: String, closed: Bool) {
        let deadline = ContinuousClock.now + timeout
        while true {
            let current = state
            if condition(current.text, current.closed) || ContinuousClock.now >= deadline {
                return current
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func close() async {
        try? await channel.close()
    }
}
