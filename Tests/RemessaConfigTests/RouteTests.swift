import Foundation
import RemessaConfig
import Testing
import RemessaTesting

@Suite("Routes (contract sections 8 and 9)")
struct RouteTests {
    @Test("an http route with every key")
    func httpRoute() throws {
        let directory = try TemporaryDirectory(prefix: "remessa-config-tests")
        defer { directory.remove() }
        let token = try directory.write("token", "abc\n")
        let configuration = try parse(
            """
            routes:
              gateway:
                provider: http
                url: https://sms.example.com/v1/messages
                tokenFile: \(token)
                webhookSecret: \(token)
                batch: true
                timeout: 2500ms
                rate: 50
                burst: 10
                maxInFlight: 4
                sender: Loja ACME
            """
        )
        let route = try #require(configuration.routes["gateway"])
        #expect(route.provider == .http)
        #expect(route.url == URL(string: "https://sms.example.com/v1/messages"))
        #expect(route.tokenFile == .file(token))
        #expect(route.webhookSecret == .file(token))
        #expect(route.batch)
        #expect(route.timeout == .milliseconds(2500))
        #expect(route.rate == 50)
        #expect(route.burst == 10)
        #expect(route.maxInFlight == 4)
        #expect(route.sender == "Loja ACME")
        #expect(configuration.routes.count == 1)
    }

    @Test("a kannel route with every key")
    func kannelRoute() throws {
        let credentials = try TemporaryDirectory(prefix: "remessa-config-tests")
        defer { credentials.remove() }
        try credentials.write("kannel", "pw")
        let configuration = try parse(
            """
            routes:
              kannel:
                provider: kannel
                url: http://127.0.0.1:13013/cgi-bin/sendsms
                username: remessa
                passwordFile: credential:kannel
                dlrUrl: http://127.0.0.1:8080
                smsc: vivo
                sender: "29123"
            """,
            environment: ["CREDENTIALS_DIRECTORY": credentials.path]
        )
        let route = try #require(configuration.routes["kannel"])
        #expect(route.provider == .kannel)
        #expect(route.url == URL(string: "http://127.0.0.1:13013/cgi-bin/sendsms"))
        #expect(route.username == "remessa")
        #expect(route.passwordFile == .credential("kannel"))
        #expect(route.dlrURL == URL(string: "http://127.0.0.1:8080"))
        #expect(route.smsc == "vivo")
        #expect(route.sender == "29123")
    }

    @Test("each provider's required keys")
    func requiredKeys() throws {
        let error = try #require(
            failure(
                """
                routes:
                  h:
                    provider: http
                  k:
                    provider: kannel
                """
            )
        )
        #expect(
            error.issues.map(\.path) == [
                "routes.h.url", "routes.h.webhookSecret", "routes.k.url", "routes.k.username", "routes.k.passwordFile",
                "routes.k.dlrUrl",
            ]
        )
        #expect(Set(error.codes) == [.missingKey])
        #expect(
            error.issues[1].message
                == "missing; an http route needs webhookSecret: the key that signs delivery reports (HMAC-SHA256 in "
                + "X-Remessa-Signature)"
        )
        let provider = try #require(failure("routes:\n  r:\n    rate: 5\n"))
        #expect(provider.issues.map(\.path) == ["routes.r.provider"])
        #expect(provider.issues.first?.message.contains("`simulator`, `http` or `kannel`") == true)
    }

    @Test("keys of another provider say which provider they belong to")
    func foreignKeys() throws {
        let error = try #require(
            failure(
                """
                routes:
                  s:
                    provider: simulator
                    url: http://x
                    username: u
                  h:
                    provider: http
                    url: http://x
                    webhookSecret: /dev/null
                    smsc: vivo
                """
            )
        )
        #expect(
            error.description == """
                routes.s.url: unknown key; `url` applies only to `http` and `kannel` routes
                routes.s.username: unknown key; `username` applies only to `http` and `kannel` routes
                routes.h.smsc: unknown key; `smsc` applies only to `kannel` routes
                """
        )
    }

    @Test(
        "inline tokens and passwords are rejected",
        arguments: [("token", "tokenFile"), ("password", "passwordFile")]
    )
    func inlineSecrets(key: String, fileKey: String) throws {
        let error = try #require(
            failure(
                "routes:\n  h:\n    provider: http\n    url: http://x\n    webhookSecret: /dev/null\n    \(key): hunter2\n"
            )
        )
        #expect(error.codes == [.inlineSecret])
        #expect(error.issues.first?.path == "routes.h.\(key)")
        #expect(error.issues.first?.message.contains("`\(fileKey)`") == true)
        #expect(!error.description.contains("hunter2"))
    }

    @Test("throttle numbers must make sense")
    func throttle() throws {
        let error = try #require(
            failure("routes:\n  s:\n    provider: simulator\n    rate: -1\n    burst: 0\n    maxInFlight: many\n")
        )
        #expect(
            error.description == """
                routes.s.rate: must be greater than 0, found -1
                routes.s.burst: must be at least 1, found 0
                routes.s.maxInFlight: expected an integer, found "many"
                """
        )
    }

    @Test("URLs must be http or https with a host")
    func urls() throws {
        let error = try #require(
            failure(
                "routes:\n  h:\n    provider: http\n    url: ftp://example.com\n    webhookSecret: /dev/null\n  k:\n    provider: kannel\n    url: not a url\n    username: u\n    passwordFile: /dev/null\n    dlrUrl: /dlr\n"
            )
        )
        #expect(error.issues.map(\.path) == ["routes.h.url", "routes.k.url", "routes.k.dlrUrl"])
        #expect(Set(error.codes) == [.wrongType])
    }

    @Test("senders: short codes up to 15 digits, alphanumerics up to 11 characters")
    func senders() throws {
        for bad in ["TwelveLetter", "Loja-ACME", "1234567890123456"] {
            let error = try #require(failure("routes:\n  s:\n    provider: simulator\n    sender: \"\(bad)\"\n"))
            #expect(error.issues.map(\.path) == ["routes.s.sender"], "\(bad)")
        }
        let long = try parse("routes:\n  s:\n    provider: simulator\n    sender: \"123456789012345\"\n")
        #expect(long.routes["s"]?.sender == "123456789012345")
    }

    @Test("a near miss among route keys gets a suggestion")
    func suggestion() throws {
        let error = try #require(failure("routes:\n  s:\n    provider: simulator\n    maxInflight: 3\n"))
        #expect(error.description == "routes.s.maxInflight: unknown key; did you mean `maxInFlight`?")
    }

    @Test("a drop naming an existing route among several")
    func routeReference() throws {
        let configuration = try parse(
            """
            routes:
              a: {provider: simulator}
              b: {provider: simulator}
            drops:
              loja: {transport: local, path: /srv/loja, route: b}
            """
        )
        #expect(configuration.drops["loja"]?.route == "b")
        let builtIn = try #require(failure(localDrop("loja", "route: gateway")))
        #expect(
            builtIn.description == "drops.loja.route: no route is called \"gateway\"; the declared routes are `sim`"
        )
    }

    @Test("a broken route does not also make its drops' references fail")
    func brokenRouteStillDeclared() throws {
        let error = try #require(
            failure(
                "routes:\n  h:\n    provider: http\n    webhookSecret: /dev/null\n"
                    + "drops:\n  a: {transport: local, path: /srv/a, route: h}\n"
            )
        )
        #expect(error.issues.map(\.path) == ["routes.h.url"])
    }
}
