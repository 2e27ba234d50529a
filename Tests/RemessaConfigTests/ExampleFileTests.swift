import Foundation
import RemessaConfig
import RemessaCore
import Testing
import RemessaTesting

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
        let credentials = try TemporaryDirectory(prefix: "remessa-config-tests")
        defer { credentials.remove() }
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
        // Every key of the sim route is written out with its default value.
        #expect(
            configuration.routes["sim"]
                == RouteConfiguration(name: "sim", provider: .simulator, rate: 200, burst: 200, maxInFlight: 100)
        )
        #expect(configuration.routes["sim"]?.simulator == SimulatorSettings())
        #expect(configuration.routes["sim"]?.retry == RetrySettings())
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
        #expect(acme.stateWindows.keys.sorted() == ["CE"])
        #expect(acme.stateWindows["CE"]?.holidays.count == 11)
        #expect(acme.stateWindows["CE"]?.timeZone == TimeZone(identifier: "America/Fortaleza"))
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
        #expect(local.stateWindows.keys.sorted() == ["CE"])
        #expect(local.stateWindows["CE"]?.holidays.count == 9)
    }

    @Test("the commented-out gateway and kannel routes load once uncommented")
    func commentedRoutes() throws {
        let credentials = try TemporaryDirectory(prefix: "remessa-config-tests")
        defer { credentials.remove() }
        for name in ["gateway-token", "gateway-password", "gateway-dlr", "kannel-password", "kannel-dlr"] {
            try credentials.write(name, "secret\n")
        }
        let text = try String(contentsOfFile: examplePath, encoding: .utf8)
        var routes = "routes:\n"
        var inBlock = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "  # gateway:" || line == "  # kannel:" {
                inBlock = true
            } else if !line.hasPrefix("  #   ") {
                inBlock = false
            }
            if inBlock {
                routes += "  " + line.dropFirst(4) + "\n"
            }
        }
        let configuration = try RemessaConfiguration.parse(
            yaml: routes,
            source: "/etc/remessa/remessad.yaml",
            environment: ["CREDENTIALS_DIRECTORY": credentials.path]
        )
        #expect(configuration.routes.keys.sorted() == ["gateway", "kannel"])
        let gateway = try #require(configuration.routes["gateway"])
        #expect(gateway.provider == .http)
        #expect(gateway.tokenFile == .credential("gateway-token"))
        #expect(gateway.webhookSecret == .credential("gateway-dlr"))
        #expect(gateway.retry.maxAttempts == 4)
        let kannel = try #require(configuration.routes["kannel"])
        #expect(kannel.provider == .kannel)
        #expect(kannel.webhookSecret == .credential("kannel-dlr"))
        #expect(kannel.smsc == "vivo")
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
