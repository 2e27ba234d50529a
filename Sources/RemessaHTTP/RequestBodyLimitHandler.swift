import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Bounds what a request body costs the listener, whatever route it is for: the parts past `maxBodySize` bytes
/// (or every part, when `Content-Length` already says more) are dropped here, and the connection is closed once
/// the answer is written, so a client cannot keep one busy by streaming a body forever. The part that crosses
/// the limit is passed on, so a handler reading the body sees it is too large and answers 413. Dropped parts
/// do not count as activity: the idle timeout still applies.
final class RequestBodyLimitHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let maxBodySize: Int
    private var bodyBytes = 0
    private var overLimit = false
    private var answered = false

    init(maxBodySize: Int) {
        self.maxBodySize = maxBodySize
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.bodyBytes = 0
            self.answered = false
            let declared = head.headerFields[.contentLength].flatMap(Int.init)
            self.overLimit = self.overLimit || (declared ?? 0) > self.maxBodySize
        case .body(let buffer):
            guard self.bodyBytes <= self.maxBodySize else { return }
            self.bodyBytes += buffer.readableBytes
            if self.bodyBytes > self.maxBodySize {
                self.overLimit = true
                if self.answered {
                    context.close(promise: nil)
                    return
                }
            }
        case .end:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = self.unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        self.answered = true
        guard self.overLimit else {
            context.write(data, promise: promise)
            return
        }
        context.writeAndFlush(data, promise: promise)
        context.close(promise: nil)
    }
}
