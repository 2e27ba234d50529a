import Foundation
import Testing

@testable import RemessaSFTP

@Suite("SFTP values without a server")
struct SFTPValueTests {
    @Test("Fingerprints parse from what OpenSSH prints, with their key type")
    func fingerprintForms() throws {
        let base64 = "uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"
        let plain = try SFTPHostKeyFingerprint("SHA256:\(base64)")
        #expect(plain.keyType == .ed25519)
        #expect(plain.sha256 == "SHA256:\(base64)")
        #expect(plain.digest.count == 32)
        #expect(try SFTPHostKeyFingerprint("256 SHA256:\(base64) [127.0.0.1]:2222 (ECDSA)").keyType == .ecdsaP256)
        #expect(try SFTPHostKeyFingerprint("384 SHA256:\(base64) host (ECDSA)").keyType == .ecdsaP384)
        #expect(try SFTPHostKeyFingerprint("3072 SHA256:\(base64) host (RSA)").keyType == .rsa)
        #expect(try SFTPHostKeyFingerprint("ecdsa-sha2-nistp521 SHA256:\(base64)").keyType == .ecdsaP521)
        #expect(try SFTPHostKeyFingerprint("256 SHA256:\(base64) host (ED25519)") == plain)
        for bad in ["", "MD5:aa:bb", "SHA256:tooShort", "256 SHA256:\(base64) host (DSA)"] {
            #expect(throws: SFTPError.self) { try SFTPHostKeyFingerprint(bad) }
        }
    }

    @Test("Published names take a suffix before the last extension; temporaries are hidden .part files")
    func publishNaming() {
        let naming = PublishNaming(remotePath: "outbox/clientes.csv.result.csv")
        #expect(naming.candidate(0) == "outbox/clientes.csv.result.csv")
        #expect(naming.candidate(2) == "outbox/clientes.csv.result-2.csv")
        #expect(PublishNaming(remotePath: "README").candidate(1) == "README-1")
        #expect(PublishNaming(remotePath: "/x/.hidden").candidate(1) == "/x/.hidden-1")
        #expect(naming.temporary == "outbox/.clientes.csv.result.csv.remessa.part")
    }

    @Test("Error descriptions carry code, path, libssh2 message and SFTP status; debug adds the location")
    func errorDescription() {
        let error = SFTPError.libssh2(
            -31,
            message: "SFTP Protocol Error",
            sftpStatus: 3,
            operation: "open",
            path: "inbox/a.csv"
        )
        #expect(error.code == .permissionDenied)
        #expect(
            error.description
                == "SFTP open failed: permission denied (path: inbox/a.csv) [libssh2: SFTP Protocol Error, -31] [SFTP status 3 PERMISSION_DENIED]"
        )
        #expect(error.debugDescription.contains("SFTPErrorTests") == false)
        #expect(error.debugDescription.contains(".swift:"))
        #expect(!error.isTransportError)
        #expect(SFTPError.libssh2(-9, message: nil, sftpStatus: nil, operation: "read", path: nil).code == .timeout)
        #expect(SFTPError.libssh2(-13, message: nil, sftpStatus: nil, operation: "read", path: nil).isTransportError)
        #expect(
            SFTPError.libssh2(-31, message: nil, sftpStatus: 4, operation: "rename", path: nil).code == .serverFailure
        )
    }

    @Test("Credentials never show in descriptions, debug descriptions or mirrors")
    func credentialsRedacted() {
        let password = "s3cr3t-Pa55"
        let configuration = SFTPConfiguration(
            host: "sftp.example",
            username: "acme",
            authentication: .password(password),
            hostKeyVerification: .knownHosts(path: "/etc/remessa/known_hosts")
        )
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in ["\(configuration)", String(reflecting: configuration), dumped] {
            #expect(!text.contains(password))
        }
        let key = SFTPAuthentication.privateKey(path: "/k", passphrase: password)
        var dumpedKey = ""
        dump(key, to: &dumpedKey)
        #expect(!"\(key) \(String(reflecting: key)) \(dumpedKey)".contains(password))
    }

    @Test("Backoff grows, is capped and jittered")
    func backoff() {
        let policy = SFTPReconnectPolicy(initialDelay: .milliseconds(100), maximumDelay: .seconds(1), multiplier: 2)
        var generator = SystemRandomNumberGenerator()
        #expect(policy.delay(afterFailures: 0, using: &generator) == .zero)
        for _ in 0..<20 {
            let first = policy.delay(afterFailures: 1, using: &generator)
            #expect(first >= .milliseconds(80) && first <= .milliseconds(120))
            let third = policy.delay(afterFailures: 3, using: &generator)
            #expect(third >= .milliseconds(320) && third <= .milliseconds(480))
            #expect(policy.delay(afterFailures: 40, using: &generator) <= .seconds(1))
        }
    }

    @Test("Transfer tuning and configuration are validated")
    func validation() {
        var configuration = SFTPConfiguration(
            host: "",
            username: "acme",
            authentication: .password("x"),
            hostKeyVerification: .pinned([])
        )
        #expect(throws: SFTPError.self) { try configuration.validate() }
        configuration.host = "h"
        #expect(throws: SFTPError.self) { try configuration.validate() }
        configuration.hostKeyVerification = .knownHosts(path: "/k")
        #expect(throws: Never.self) { try configuration.validate() }
        configuration.transfer.readBufferSize = 10
        #expect(throws: SFTPError.self) { try configuration.validate() }
    }

    @Test("Striping is validated and used from the threshold up")
    func stripingTuning() throws {
        var tuning = SFTPTransferTuning()
        #expect(throws: Never.self) { try tuning.validate() }
        #expect(tuning.sessions(forSize: UInt64(tuning.parallelThreshold) - 1) == 1)
        #expect(tuning.sessions(forSize: UInt64(tuning.parallelThreshold)) == 2)
        tuning.parallelSessions = 0
        #expect(throws: SFTPError.self) { try tuning.validate() }
        tuning.parallelSessions = 1
        #expect(tuning.sessions(forSize: 1 << 40) == 1)
        tuning.stripeSize = tuning.readBufferSize / 2
        #expect(throws: SFTPError.self) { try tuning.validate() }
        tuning = SFTPTransferTuning(parallelThreshold: 4 << 20, stripeSize: 8 << 20)
        #expect(throws: SFTPError.self) { try tuning.validate() }
    }

    @Test("A stripe plan covers the file once, the last stripe open-ended")
    func stripePlan() {
        let plan = StripePlan(fileSize: 10_000_001, stripeSize: 1_000_000)
        #expect(plan.count == 11)
        #expect(plan.start(of: 0) == 0)
        #expect(plan.end(of: 0) == 1_000_000)
        #expect(plan.start(of: 10) == 10_000_000)
        #expect(plan.end(of: 9) == 10_000_000)
        #expect(plan.end(of: 10) == nil)
        #expect(StripePlan(fileSize: 3_000_000, stripeSize: 1_000_000).count == 3)
        #expect(StripePlan(fileSize: 0, stripeSize: 1_000_000).count == 1)
        #expect(StripePlan(fileSize: 0, stripeSize: 1_000_000).end(of: 0) == nil)
    }

    @Test("Stripes are claimed in order; the owner of each is known, or nobody once all workers left")
    func stripeSchedule() {
        let schedule = StripeSchedule(stripeCount: 3, workers: 2)
        #expect(schedule.claim(by: 1) == 0)
        #expect(schedule.claim(by: 0) == 1)
        #expect(schedule.owner(of: 0) == 1)
        #expect(schedule.owner(of: 1) == 0)
        #expect(schedule.claim(by: 1) == 2)
        #expect(schedule.claim(by: 0) == nil)
        #expect(schedule.owner(of: 2) == 1)

        let deserted = StripeSchedule(stripeCount: 2, workers: 2)
        #expect(deserted.claim(by: 0) == 0)
        deserted.leave()
        deserted.leave(unavailable: true)
        #expect(deserted.owner(of: 1) == nil)
        #expect(deserted.unavailableWorkers == 1)

        let cancelled = StripeSchedule(stripeCount: 2, workers: 1)
        #expect(cancelled.claim(by: 0) == 0)
        cancelled.cancel()
        #expect(cancelled.owner(of: 0) == nil)
        #expect(cancelled.claim(by: 0) == nil)
    }

    @Test("The local side waits for a stripe to be claimed by another thread")
    func stripeScheduleWaits() async {
        let schedule = StripeSchedule(stripeCount: 2, workers: 1)
        async let owner = Task.detached { schedule.owner(of: 1) }.value
        try? await Task.sleep(for: .milliseconds(20))
        #expect(schedule.claim(by: 0) == 0)
        #expect(schedule.claim(by: 0) == 1)
        #expect(await owner == 0)
    }
}
