import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RemessaTesting
import Synchronization

/// A real HTTP receiver of notices on 127.0.0.1: records every request, checks its signature with the secret,
/// and answers as `answer` says for the n-th request (0-based): a status, or a hang of `hang`.
final class NoticeReceiver: Sendable {
    struct Received: Sendable {
        var id: String?
        var timestamp: String?
        var signature: String?
        var body: String
        var signatureValid: Bool

        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
    }

    enum Answer: Sendable {
        case status(Int)
        case hang(Duration)
    }

    let secret: String
    private let answer: @Sendable (Int) -> Answer
    private let received = Mutex<[Received]>([])

    init(secret: String, answer: @escaping @Sendable (Int) -> Answer = { _ in .status(200) }) {
        self.secret = secret
        self.answer = answer
    }

    var requests: [Received] { received.withLock { $0 } }

    /// Runs the receiver (on `port`, or an ephemeral one) for the duration of `body`.
    func run<Result: Sendable>(port: Int = 0, _ body: @Sendable (Int) async throws -> Result) async throws -> Result {
        let router = Router()
        router.post("/hook") { [self] request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let text = String(buffer: bytes)
            let timestamp = request.headers[HTTPField.Name("X-Remessa-Timestamp")!]
            let signature = request.headers[HTTPField.Name("X-Remessa-Signature")!]
            let expected = timestamp.map { Self.sign("\($0).\(text)", secret: secret) }
            let index = received.withLock { list in
                list.append(
                    Received(
                        id: request.headers[HTTPField.Name("X-Remessa-Event-Id")!],
                        timestamp: timestamp,
                        signature: signature,
                        body: text,
                        signatureValid: expected != nil && expected == signature
                    )
                )
                return list.count - 1
            }
            switch answer(index) {
            case .status(let status):
                return Response(status: HTTPResponse.Status(code: status))
            case .hang(let duration):
                try await Task.sleep(for: duration)
                return Response(status: .ok)
            }
        }
        var logger = Logger(label: "notice-receiver")
        logger.logLevel = .error
        return try await LoopbackService.run(
            { reportPort in
                Application(
                    router: router,
                    configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)),
                    onServerRunning: { reportPort($0.localAddress?.port ?? 0) },
                    logger: logger
                )
            },
            body
        )
    }

    /// Hex HMAC-SHA256, computed here with swift-crypto independently of the daemon's code.
    static func sign(_ text: String, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }
}
