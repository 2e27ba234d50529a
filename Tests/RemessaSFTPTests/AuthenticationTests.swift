import Foundation
import RemessaSFTP
import RemessaTesting
import Testing

extension SFTPIntegrationTests {
    @Suite("Authentication")
    struct AuthenticationTests {
        @Test(
            "A key the server does not know is refused, and the error says what the server offers",
            .timeLimit(.minutes(1))
        )
        func wrongKey() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            try await TestSupport.withTemporaryDirectory { directory in
                try TestKeys.generate(.ed25519, at: "\(directory)/stranger")
                let log = LogCapture()
                let configuration = sandbox.clientConfiguration(
                    for: user,
                    authentication: .privateKey(path: "\(directory)/stranger")
                )
                let error = await TestSupport.sftpError {
                    try await TestSupport.withClient(configuration, log: log) { try await $0.connect() }
                }
                #expect(error?.code == .authenticationFailed)
                #expect(error?.description.contains("publickey") == true)
                log.expectNoSecrets(TestSupport.keyMaterial("\(directory)/stranger"))
            }
        }

        @Test(
            "Passphrase-protected Ed25519 and ECDSA keys log in; a wrong passphrase is a key error",
            .timeLimit(.minutes(1))
        )
        func passphraseKeys() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            try await TestSupport.withTemporaryDirectory { directory in
                let passphrase = "correct horse battery staple"
                for type in [TestKeys.KeyType.ed25519, .ecdsa] {
                    let key = "\(directory)/\(type.rawValue)"
                    try TestKeys.generate(type, at: key, passphrase: passphrase)
                    try sandbox.authorize(publicKeyAt: "\(key).pub", for: user)
                    let log = LogCapture()
                    let good = sandbox.clientConfiguration(
                        for: user,
                        authentication: .privateKey(path: key, passphrase: passphrase)
                    )
                    try await TestSupport.withClient(good, log: log) { try await $0.connect() }
                    #expect(!"\(good)".contains(passphrase))
                    #expect(!String(reflecting: good.authentication).contains(passphrase))

                    let bad = sandbox.clientConfiguration(
                        for: user,
                        authentication: .privateKey(path: key, passphrase: "wrong \(passphrase)")
                    )
                    let error = await TestSupport.sftpError {
                        try await TestSupport.withClient(bad, log: log) { try await $0.connect() }
                    }
                    #expect(error?.code == .privateKeyUnusable)
                    #expect(error.map { "\($0) \(String(reflecting: $0))" }?.contains(passphrase) == false)
                    log.expectNoSecrets([passphrase] + TestSupport.keyMaterial(key))
                }
            }
        }

        @Test("An RSA key fails against OpenSSH 9 and the error says to use Ed25519", .timeLimit(.minutes(1)))
        func rsaKey() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            try await TestSupport.withTemporaryDirectory { directory in
                let key = "\(directory)/rsa"
                try TestKeys.generate(.rsa, at: key)
                try sandbox.authorize(publicKeyAt: "\(key).pub", for: user)
                let configuration = sandbox.clientConfiguration(for: user, authentication: .privateKey(path: key))
                let error = await TestSupport.sftpError {
                    try await TestSupport.withClient(configuration, log: LogCapture()) { try await $0.connect() }
                }
                #expect(error?.code == .authenticationFailed)
                #expect(error?.description.contains("Ed25519") == true)
            }
        }

        @Test("A missing key file is a key error", .timeLimit(.minutes(1)))
        func missingKey() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let configuration = sandbox.clientConfiguration(
                for: user,
                authentication: .privateKey(path: "/nonexistent/id_ed25519")
            )
            let error = await TestSupport.sftpError {
                try await TestSupport.withClient(configuration, log: LogCapture()) { try await $0.connect() }
            }
            #expect(error?.code == .privateKeyUnusable)
        }

        @Test(
            "Password login works; a wrong password is refused; neither leaks into logs or errors",
            .timeLimit(.minutes(1))
        )
        func password() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.passwordUser)
            let password = try #require(user.password)
            let log = LogCapture()
            let good = sandbox.clientConfiguration(for: user, authentication: .password(password))
            let home = try await TestSupport.withClient(good, log: log) { try await $0.canonicalPath(".") }
            #expect(home == "/drop")
            #expect(!"\(good)".contains(password))
            #expect(!String(reflecting: good).contains(password))

            let wrongPassword = password + "x"
            var bad = sandbox.clientConfiguration(for: user, authentication: .password(wrongPassword))
            bad.reconnect.maximumAttempts = 1
            let error = await TestSupport.sftpError {
                try await TestSupport.withClient(bad, log: log) { try await $0.connect() }
            }
            #expect(error?.code == .authenticationFailed)
            let texts = error.map { ["\($0)", String(reflecting: $0)] } ?? []
            #expect(texts.allSatisfy { !$0.contains(password) && !$0.contains(wrongPassword) })
            log.expectNoSecrets([password, wrongPassword])
        }

        @Test("A key user cannot log in with a password the server does not accept for them", .timeLimit(.minutes(1)))
        func passwordNotOffered() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let configuration = sandbox.clientConfiguration(for: user, authentication: .password("irrelevant"))
            let error = await TestSupport.sftpError {
                try await TestSupport.withClient(configuration, log: LogCapture()) { try await $0.connect() }
            }
            #expect(error?.code == .authenticationFailed)
            #expect(error?.description.contains("does not offer password") == true)
        }
    }
}
