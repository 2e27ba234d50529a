import Foundation
import RemessaConfig
import RemessaCore
import Testing

@Suite("systemd/remessad.example.yaml")
struct ExampleFileTests {
    /// The example, found from this file's real location (the test folder may be reached through a symlink).
    private var examplePath: String {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("systemd/remessad.example.yaml").path
    }

    @Test("the example loads with its credentials in place, and says what it shows")
    func loads() throws {
        let credentials = try TemporaryDirectory()
        try credentials.write("acme-key", "-----BEGIN OPENSSH PRIVATE KEY-----\n")
        try credentials.write("acme-key-passphrase", "passphrase\n")
        let configuration = try RemessaConfiguration.load(
            path: examplePath,
            environment: ["CREDENTIALS_DIRECTORY": credentials.path]
        )
        #expect(configuration.state.path == "/var/lib/remessa")
        #expect(configuration.http.host == "127.0.0.1")
        #expect(configuration.http.port == 8080)
        #expect(configuration.routes.keys.sorted() == ["sim"])
        #expect(
            configuration.routes["sim"]
                == RouteConfiguration(name: "sim", provider: .simulator, rate: 200, burst: 200, maxInFlight: 100)
        )
        #expect(configuration.drops.keys.sorted() == ["acme", "loja-local"])

        let acme = try #require(configuration.drops["acme"])
        guard case .sftp(let sftp) = acme.transport else {
            Issue.record("acme is not an sftp drop")
            return
        }
        #expect(sftp.privateKey == .credential("acme-key"))
        #expect(sftp.passphrase == .credential("acme-key-passphrase"))
        #expect(sftp.hostKeyFingerprint?.hasPrefix("SHA256:") == true)
        #expect(acme.route == "sim")
        #expect(acme.sendWindow?.days.count == 6)
        #expect(acme.holidays.count == 11)
        #expect(acme.validation.template == "Olá @PrimeiroNome, sua loja mais próxima: @Coringa1")
        #expect(acme.validation.maxFileBytes == 1 << 30)

        let local = try #require(configuration.drops["loja-local"])
        #expect(local.transport == .local)
        #expect(local.path == "/srv/drops/loja-local")
        #expect(local.readiness == .marker)
        #expect(local.validation.layout == .forced(.sinch))
        #expect(local.validation.maxFileBytes == 50_000_000)
        #expect(local.locale == .en)
        #expect(local.sendWindow == nil)
    }

    @Test("without its credentials the example names both missing secrets")
    func missingCredentials() throws {
        do {
            _ = try RemessaConfiguration.load(path: examplePath, environment: [:])
            Issue.record("the example loaded without CREDENTIALS_DIRECTORY")
        } catch {
            #expect(error.issues.map(\.path) == ["drops.acme.sftp.privateKey", "drops.acme.sftp.passphraseFile"])
            #expect(Set(error.codes) == [.missingSecret])
        }
    }
}
