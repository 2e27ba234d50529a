import Foundation
import RemessaConfig
import Testing
import RemessaTesting

@Suite("Secrets come from files or systemd credentials, never inline")
struct SecretTests {
    private func sftpDrop(_ auth: String) -> String {
        """
        drops:
          acme:
            sftp:
              host: sftp.example
              user: acme
              hostKeyFingerprint: "\(testFingerprint)"
        \(auth.split(separator: "\n").map { "      \($0)" }.joined(separator: "\n"))
        """
    }

    @Test("an absolute path to a readable file")
    func fileSecret() throws {
        let directory = try TemporaryDirectory(prefix: "remessa-config-tests")
        defer { directory.remove() }
        let key = try directory.write("acme", "-----BEGIN OPENSSH PRIVATE KEY-----\nxyz\n")
        let configuration = try parse(sftpDrop("privateKey: \(key)"))
        guard case .sftp(let sftp)? = configuration.drops["acme"]?.transport else {
            Issue.record("no sftp drop")
            return
        }
        #expect(sftp.privateKey == .file(key))
        #expect(try sftp.privateKey?.read(environment: [:]) == Array("-----BEGIN OPENSSH PRIVATE KEY-----\nxyz\n".utf8))
    }

    @Test("a systemd credential resolves in $CREDENTIALS_DIRECTORY")
    func credentialSecret() throws {
        let credentials = try TemporaryDirectory(prefix: "remessa-config-tests")
        defer { credentials.remove() }
        try credentials.write("acme-key", "key bytes")
        try credentials.write("acme-pass", "s3cret\n")
        let environment = ["CREDENTIALS_DIRECTORY": credentials.path]
        let configuration = try parse(
            sftpDrop("privateKey: credential:acme-key\npassphraseFile: credential:acme-pass"),
            environment: environment
        )
        guard case .sftp(let sftp)? = configuration.drops["acme"]?.transport else {
            Issue.record("no sftp drop")
            return
        }
        #expect(sftp.privateKey == .credential("acme-key"))
        #expect(sftp.passphrase == .credential("acme-pass"))
        #expect(try sftp.privateKey?.path(environment: environment) == credentials.path + "/acme-key")
        #expect(try sftp.passphrase?.readString(environment: environment) == "s3cret")
        #expect(try sftp.privateKey?.readString(environment: environment) == "key bytes")
    }

    @Test("a credential without $CREDENTIALS_DIRECTORY is an error at load and at read")
    func credentialWithoutDirectory() throws {
        let error = try #require(failure(sftpDrop("privateKey: credential:acme-key")))
        #expect(error.codes == [.missingSecret])
        #expect(error.issues.first?.path == "drops.acme.sftp.privateKey")
        #expect(error.issues.first?.message.contains("needs $CREDENTIALS_DIRECTORY, which is not set") == true)
        #expect(throws: SecretError.self) {
            try SecretSource.credential("acme-key").read(environment: [:])
        }
        do {
            _ = try SecretSource.credential("acme-key").read(environment: ["CREDENTIALS_DIRECTORY": ""])
        } catch {
            #expect(error.code == .credentialsDirectoryUnset)
            #expect(error.description.contains("credential:acme-key"))
        }
    }

    @Test("missing secret files are reported with their path, every one of them")
    func missingSecretFiles() throws {
        let credentials = try TemporaryDirectory(prefix: "remessa-config-tests")
        defer { credentials.remove() }
        let error = try #require(
            failure(
                sftpDrop(
                    "privateKey: /nonexistent/acme\npassphraseFile: credential:nope\npasswordFile: \(credentials.path)"
                ),
                environment: ["CREDENTIALS_DIRECTORY": credentials.path]
            )
        )
        #expect(
            error.description == """
                drops.acme.sftp.privateKey: cannot read /nonexistent/acme: No such file or directory
                drops.acme.sftp.passphraseFile: cannot read credential:nope (\(credentials.path)/nope): No such file or directory
                drops.acme.sftp.passwordFile: cannot read \(credentials.path): it is a directory
                """
        )
        #expect(Set(error.codes) == [.missingSecret])
    }

    @Test("inline secrets are rejected and never echoed", arguments: ["password", "passphrase"])
    func inlineSFTPSecret(key: String) throws {
        let error = try #require(failure(sftpDrop("passwordFile: /dev/null\n\(key): hunter2")))
        #expect(error.codes == [.inlineSecret])
        #expect(error.issues.first?.path == "drops.acme.sftp.\(key)")
        #expect(error.issues.first?.message.contains("`\(key)File`") == true)
        #expect(!error.description.contains("hunter2"))
        #expect(!String(reflecting: error).contains("hunter2"))
    }

    @Test("an inline password at the drop level points at sftp.passwordFile")
    func inlineAtDropLevel() throws {
        let error = try #require(failure(localDrop("loja", "password: hunter2")))
        #expect(error.codes == [.inlineSecret])
        #expect(error.issues.first?.message.contains("`sftp.passwordFile`") == true)
        #expect(!error.description.contains("hunter2"))
    }

    @Test("a relative value in a secret key is refused without being quoted (it may be the secret)")
    func relativeSecret() throws {
        let error = try #require(failure(sftpDrop("passwordFile: hunter2")))
        #expect(error.codes == [.invalidValue])
        #expect(error.issues.first?.path == "drops.acme.sftp.passwordFile")
        #expect(!error.description.contains("hunter2"))
        let badName = try #require(failure(sftpDrop("passwordFile: credential:a/b")))
        #expect(badName.description.contains("`credential:NAME`, NAME without `/`"))
    }

    @Test("knownHosts must exist; its path is in the message")
    func knownHosts() throws {
        let error = try #require(
            failure(
                """
                drops:
                  acme:
                    sftp: {host: h, user: u, passwordFile: /dev/null, knownHosts: /nonexistent/known_hosts}
                """
            )
        )
        #expect(error.codes == [.missingFile])
        #expect(
            error.description
                == "drops.acme.sftp.knownHosts: cannot read /nonexistent/known_hosts: No such file or directory"
        )
        let directory = try TemporaryDirectory(prefix: "remessa-config-tests")
        defer { directory.remove() }
        let file = try directory.write("known_hosts", "[127.0.0.1]:2222 ssh-ed25519 AAAA\n")
        let configuration = try parse(
            "drops:\n  acme:\n    sftp: {host: h, user: u, passwordFile: /dev/null, knownHosts: \(file)}\n"
        )
        guard case .sftp(let sftp)? = configuration.drops["acme"]?.transport else {
            Issue.record("no sftp drop")
            return
        }
        #expect(sftp.knownHosts == file)
    }

    @Test("readString trims exactly one trailing line break and refuses non-UTF-8")
    func readString() throws {
        let directory = try TemporaryDirectory(prefix: "remessa-config-tests")
        defer { directory.remove() }
        #expect(try SecretSource.file(try directory.write("a", "token\n\n")).readString(environment: [:]) == "token\n")
        #expect(try SecretSource.file(try directory.write("b", "token\r\n")).readString(environment: [:]) == "token")
        #expect(try SecretSource.file(try directory.write("c", "token")).readString(environment: [:]) == "token")
        let binary = directory.path + "/d"
        try Data([0xC3, 0x28]).write(to: URL(fileURLWithPath: binary))
        #expect(try SecretSource.file(binary).read(environment: [:]) == [0xC3, 0x28])
        do {
            _ = try SecretSource.file(binary).readString(environment: [:])
            Issue.record("non-UTF-8 secret read as text")
        } catch {
            #expect(error.code == .notText)
        }
    }

    @Test("a read error names the file and never its content")
    func readErrorDescription() throws {
        do {
            _ = try SecretSource.file("/nonexistent/secret").read(environment: [:])
            Issue.record("read a missing file")
        } catch {
            #expect(error.code == .unreadable)
            #expect(error.description == "cannot read /nonexistent/secret: No such file or directory")
        }
        #expect(SecretSource.credential("k").description == "credential:k")
    }

    @Test("secret contents never appear in a configuration error")
    func noContentInErrors() throws {
        let credentials = try TemporaryDirectory(prefix: "remessa-config-tests")
        defer { credentials.remove() }
        try credentials.write("acme-key", "TOP-SECRET-KEY-MATERIAL")
        let error = try #require(
            failure(
                sftpDrop("privateKey: credential:acme-key\nport: 0"),
                environment: ["CREDENTIALS_DIRECTORY": credentials.path]
            )
        )
        #expect(error.issues.map(\.path) == ["drops.acme.sftp.port"])
        #expect(!error.description.contains("TOP-SECRET"))
    }
}
