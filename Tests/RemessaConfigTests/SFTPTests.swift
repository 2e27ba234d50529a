import RemessaConfig
import Testing

@Suite("SFTP and local drops")
struct SFTPTests {
    @Test("a complete sftp drop")
    func complete() throws {
        let configuration = try parse(
            """
            drops:
              acme:
                transport: sftp
                sftp:
                  host: 127.0.0.1
                  port: 2222
                  user: acme
                  passwordFile: /dev/null
                  hostKeyFingerprint: "256 \(testFingerprint) [127.0.0.1]:2222 (ED25519)"
                  connectTimeout: 3s
                  operationTimeout: 1m
                path: /srv/drops/acme
            """
        )
        let drop = try #require(configuration.drops["acme"])
        let expected = SFTPDropConfiguration(
            host: "127.0.0.1",
            port: 2222,
            user: "acme",
            password: .file("/dev/null"),
            hostKeyFingerprint: "256 \(testFingerprint) [127.0.0.1]:2222 (ED25519)",
            connectTimeout: .seconds(3),
            operationTimeout: .seconds(60)
        )
        #expect(drop.transport == .sftp(expected))
        #expect(drop.path == "/srv/drops/acme")
    }

    @Test("without knownHosts or a fingerprint the drop is refused, and the error says there is no way around it")
    func noHostKeyVerification() throws {
        let error = try #require(failure("drops:\n  acme:\n    sftp: {host: h, user: u, passwordFile: /dev/null}\n"))
        #expect(error.codes == [.noHostKeyVerification])
        let issue = try #require(error.issues.first)
        #expect(issue.path == "drops.acme.sftp")
        #expect(issue.message.contains("there is no way to turn verification off"))
        #expect(issue.message.contains("`knownHosts`"))
        #expect(issue.message.contains("`hostKeyFingerprint`"))
    }

    @Test(
        "keys that try to switch verification off are refused with the same message",
        arguments: ["strictHostKeyChecking: false", "insecure: true"]
    )
    func bypassKeys(line: String) throws {
        let error = try #require(
            failure(
                "drops:\n  acme:\n    sftp: {host: h, user: u, passwordFile: /dev/null, hostKeyFingerprint: \"\(testFingerprint)\", \(line)}\n"
            )
        )
        #expect(error.codes == [.unknownKey])
        #expect(error.issues.first?.message.contains("there is no way to turn that off") == true)
    }

    @Test("host, user and a login are required")
    func required() throws {
        let error = try #require(
            failure("drops:\n  acme:\n    sftp:\n      hostKeyFingerprint: \"\(testFingerprint)\"\n")
        )
        #expect(
            error.issues.map(\.path) == ["drops.acme.sftp.host", "drops.acme.sftp.user", "drops.acme.sftp.privateKey"]
        )
        #expect(Set(error.codes) == [.missingKey])
        #expect(error.issues[2].message.contains("`privateKey`"))
        #expect(error.issues[2].message.contains("`passwordFile`"))
    }

    @Test("a passphrase without a key")
    func passphraseWithoutKey() throws {
        let error = try #require(
            failure(
                "drops:\n  a:\n    sftp: {host: h, user: u, passwordFile: /dev/null, passphraseFile: /dev/null, hostKeyFingerprint: \"\(testFingerprint)\"}\n"
            )
        )
        #expect(error.codes == [.conflictingKeys])
        #expect(error.issues.first?.path == "drops.a.sftp.passphraseFile")
    }

    @Test(
        "bad fingerprints",
        arguments: ["MD5:aa:bb", "SHA256:tooshort", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"]
    )
    func badFingerprint(text: String) throws {
        let error = try #require(
            failure(
                "drops:\n  a:\n    sftp: {host: h, user: u, passwordFile: /dev/null, hostKeyFingerprint: \"\(text)\"}\n"
            )
        )
        #expect(error.codes == [.wrongType])
        #expect(error.issues.first?.path == "drops.a.sftp.hostKeyFingerprint")
    }

    @Test("transport defaults to sftp only when an sftp block is there")
    func transportDefault() throws {
        let error = try #require(failure("drops:\n  a:\n    path: /srv/a\n"))
        #expect(error.codes == [.missingKey])
        #expect(error.issues.first?.path == "drops.a.transport")
        #expect(error.issues.first?.message.contains("`transport: sftp`") == true)
        let sftp = try #require(failure("drops:\n  a:\n    transport: sftp\n"))
        #expect(sftp.issues.first?.path == "drops.a.sftp")
        #expect(sftp.codes == [.missingKey])
    }

    @Test("a local drop needs an absolute path and no sftp block")
    func localDrop() throws {
        let missing = try #require(failure("drops:\n  a:\n    transport: local\n"))
        #expect(missing.description == "drops.a.path: missing; a local drop needs the absolute path of its directory")
        let relative = try #require(failure("drops:\n  a:\n    transport: local\n    path: srv/a\n"))
        #expect(relative.description == "drops.a.path: must be an absolute path (starting with /), found \"srv/a\"")
        let both = try #require(
            failure("drops:\n  a:\n    transport: local\n    path: /srv/a\n    sftp: {host: h}\n")
        )
        #expect(both.description == "drops.a.sftp: applies only to drops with `transport: sftp`")
    }

    @Test("an sftp drop's path may be relative to the login directory")
    func relativeRemotePath() throws {
        let configuration = try parse(
            "drops:\n  a:\n    path: drops/a\n    sftp: {host: h, user: u, passwordFile: /dev/null, hostKeyFingerprint: \"\(testFingerprint)\"}\n"
        )
        #expect(configuration.drops["a"]?.path == "drops/a")
    }
}
