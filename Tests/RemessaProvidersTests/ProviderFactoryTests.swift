import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaTesting
import Synchronization
import Testing

@testable import RemessaProviders

@Suite("Provider factory and log hygiene", .timeLimit(.minutes(1)))
struct ProviderFactoryTests {
    @Test("Each provider kind is built with its secrets; the webhooks use the route's webhookSecret")
    func builds() async throws {
        let directory = try TemporaryDirectory.create(prefix: "remessa-providers")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "t0ken\n".write(toFile: "\(directory)/token", atomically: true, encoding: .utf8)
        try "hook-secret\r\n".write(toFile: "\(directory)/hook", atomically: true, encoding: .utf8)
        try "sendsms-pw".write(toFile: "\(directory)/password", atomically: true, encoding: .utf8)
        let environment = ["CREDENTIALS_DIRECTORY": directory]

        let simulator = try Self.make(ProviderSettings(name: "sim"))
        #expect(simulator.provider is SimulatorProvider<ContinuousClock>)
        #expect(simulator.webhooks == nil)
        await simulator.provider.shutdown()

        let http = try Self.make(
            ProviderSettings(
                name: "gw",
                provider: .http,
                url: URL(string: "http://127.0.0.1:9/sms"),
                tokenFile: Self.secret(.credential("token"), environment),
                batch: true,
                webhookSecret: Self.secret(.file("\(directory)/hook"), environment)
            )
        )
        #expect(http.provider.preferredBatchSize == 100)
        let body = Array(#"{"id":"1","status":"DELIVERED"}"#.utf8)
        let signature = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array("hook-secret".utf8)))
            .map { String(format: "%02x", $0) }.joined()
        let request = WebhookRequest(method: "POST", headers: ["x-remessa-signature": signature], body: body)
        #expect(try http.webhooks?.deliveryReports(from: request).first?.status == .delivered)
        await http.provider.shutdown()

        let kannel = try Self.make(
            ProviderSettings(
                name: "kan",
                provider: .kannel,
                url: URL(string: "http://127.0.0.1:9/cgi-bin/sendsms"),
                username: "remessa",
                passwordFile: Self.secret(.credential("password"), environment),
                dlrURL: URL(string: "http://127.0.0.1:8080")
            )
        )
        // Without a webhookSecret the tokens are keyed with the sendsms password.
        let token = KannelTokens.deliveryReport(route: "kan", messageID: 3, secret: "sendsms-pw")
        let report = WebhookRequest(method: "GET", query: ["id": "3", "token": token, "type": "1"])
        #expect(try kannel.webhooks?.deliveryReports(from: report).first?.status == .delivered)
        await kannel.provider.shutdown()
    }

    @Test("A missing key or an unreadable secret is an error naming the route and key")
    func errors() throws {
        let kannel = ProviderSettings(
            name: "kan",
            provider: .kannel,
            url: URL(string: "http://127.0.0.1:9/"),
            username: "u",
            dlrURL: URL(string: "http://127.0.0.1:8080")
        )
        #expect(throws: ProviderError.missingKey("passwordFile", route: "kan")) {
            try Self.make(kannel)
        }
        var unreadable = kannel
        unreadable.passwordFile = Self.secret(.credential("nope"), ["CREDENTIALS_DIRECTORY": "/nonexistent"])
        do {
            _ = try Self.make(unreadable)
            Issue.record("an unreadable secret must fail")
        } catch {
            #expect(error.code == .unreadableSecret)
            #expect(error.description.hasPrefix("routes.kan.passwordFile"))
        }
        #expect(throws: ProviderError.missingKey("url", route: "gw")) {
            try Self.make(ProviderSettings(name: "gw", provider: .http))
        }
    }

    @Test("Logs mask the number and never show the token or password")
    func logHygiene() async throws {
        let logs = LogCapture()
        let logger = logs.logger(label: "test")
        try await withLoopbackServer(HTTPProviderTests.gateway(RequestRecorder())) { port in
            let route = ProviderSettings(
                name: "gw",
                provider: .http,
                url: URL(string: "http://127.0.0.1:\(port)/status/400?body=text")
            )
            let provider = try HTTPProvider(route: route, credentials: .bearer("t0ken-s3cret"), logger: logger)
            _ = await provider.submit([HTTPProviderTests.message(1)])
            await provider.shutdown()
        }
        let kannelRoute = ProviderSettings(
            name: "kan",
            provider: .kannel,
            url: URL(string: "http://127.0.0.1:\(try FreePort.find())/sendsms"),
            username: "u",
            dlrURL: URL(string: "http://127.0.0.1:8080")
        )
        let kannel = try KannelProvider(
            route: kannelRoute,
            credentials: KannelCredentials(username: "u", password: "pa55-s3cret"),
            logger: logger
        )
        _ = await kannel.submit([HTTPProviderTests.message(2)])
        await kannel.shutdown()
        let text = logs.lines.joined(separator: "\n")
        #expect(logs.lines.count >= 2)
        #expect(text.contains("5511*****4321"))
        #expect(!text.contains("5511987654321"))
        #expect(!text.contains("s3cret"))
    }

    static func make(
        _ route: ProviderSettings
    ) throws(ProviderError) -> (provider: any SMSProvider, webhooks: (any ProviderWebhooks)?) {
        try ProviderFactory.make(
            route: route,
            httpClient: HTTPClient.shared,
            sink: { _ in },
            logger: Logger(label: "test")
        )
    }

    /// A secret read as the daemon reads the route's (`ProviderSettings(_:environment:)`).
    static func secret(_ source: SecretSource, _ environment: [String: String]) -> ProviderSecret {
        ProviderSecret { try source.readString(environment: environment) }
    }
}
