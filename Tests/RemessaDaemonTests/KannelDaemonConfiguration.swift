import Foundation
import RemessaTesting

/// remessad's configuration for the Kannel tests: route `kan` through `kannel`, its password and webhook secret
/// in files beside the configuration, and the local drop `acme` sending through it.
enum KannelDaemonConfiguration {
    /// Writes the password file and the configuration; `routeExtra` adds route lines (`rate: 500`).
    static func write(
        _ fixture: DaemonFixture,
        kannel: KannelSandbox,
        drop: String,
        listenPort: Int,
        secretFile: String,
        routeExtra: [String] = []
    ) throws {
        let passwordFile = fixture.root + "/kannel-password"
        try (kannel.password + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let extra = routeExtra.map { "    " + $0 + "\n" }.joined()
        _ = try fixture.configuration(
            """
            http:
              listen: 127.0.0.1:\(listenPort)
            routes:
              kan:
                provider: kannel
                url: \(kannel.sendsmsURL.absoluteString)
                username: \(kannel.username)
                passwordFile: \(passwordFile)
                dlrUrl: http://127.0.0.1:\(listenPort)
                webhookSecret: \(secretFile)

            """ + extra + "drops:\n"
                + localDropYAML(
                    "acme",
                    path: drop,
                    extra: """
                            template: "Oi @Nome, sua fatura chegou"
                            route: kan
                            dlrInterval: 1s
                            stateWindows: {}
                        """
                )
        )
    }
}
