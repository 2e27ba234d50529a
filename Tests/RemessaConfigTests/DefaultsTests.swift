import Foundation
import RemessaConfig
import RemessaCore
import Testing

@Suite("Defaults (contract section 8)")
struct DefaultsTests {
    @Test("an empty file is the built-in sim route, no drops, default state and listener")
    func emptyFile() throws {
        for yaml in ["", "# nothing yet\n", "---\n"] {
            let configuration = try parse(yaml)
            #expect(configuration.state.path == "/var/lib/remessa")
            #expect(configuration.http.host == "127.0.0.1")
            #expect(configuration.http.port == 8080)
            #expect(configuration.drops.isEmpty)
            #expect(configuration.holidays.isEmpty)
            #expect(configuration.routes == ["sim": RouteConfiguration(name: "sim", provider: .simulator)])
        }
    }

    @Test("a drop with only transport and path gets every documented default")
    func dropDefaults() throws {
        let configuration = try parse(localDrop())
        let drop = try #require(configuration.drops["loja"])
        #expect(drop.name == "loja")
        #expect(drop.transport == .local)
        #expect(drop.path == "/srv/drops/loja")
        #expect(
            drop.folders
                == DropFolders(
                    inbox: "inbox",
                    processing: "processing",
                    archive: "archive",
                    failed: "failed",
                    outbox: "outbox",
                    bases: "bases",
                    optout: "optout"
                )
        )
        #expect(drop.include == ["*.csv", "*.txt"])
        #expect(drop.pollInterval == .seconds(5))
        #expect(drop.readiness == .stable)
        #expect(drop.stableFor == .seconds(10))
        #expect(drop.maxClaimsPerPoll == 10)
        #expect(drop.route == "sim")
        #expect(drop.sendWindow == nil)
        #expect(drop.holidays.isEmpty)
        #expect(drop.ttl == .seconds(24 * 3600))
        #expect(drop.dlrInterval == .seconds(60))
        #expect(drop.dlrTimeout == .seconds(72 * 3600))
        #expect(drop.dedupeWindow == .seconds(7 * 24 * 3600))
        #expect(drop.locale == .ptBR)
        #expect(drop.bom)
        #expect(drop.templateFile == nil)

        let validation = drop.validation
        #expect(validation.layout == .auto)
        #expect(validation.phonePolicy.countryCode == .auto)
        #expect(validation.phonePolicy.defaultCountry == 55)
        #expect(validation.phonePolicy.allowedCountries == nil)
        #expect(validation.template == nil)
        #expect(validation.transliterate)
        #expect(validation.maxSegments == 6)
        #expect(validation.onMissingField == .reject)
        #expect(validation.defaultPriority == .media)
        #expect(validation.maxFileBytes == ValidationOptions().maxFileBytes)

        #expect(drop == DropConfiguration(name: "loja", transport: .local, path: "/srv/drops/loja"))
    }

    @Test("the contract's values written out explicitly equal the defaults")
    func explicitDefaultsEqualImplicit() throws {
        let explicit = try parse(
            localDrop(
                "loja",
                """
                folders: {inbox: inbox, processing: processing, archive: archive, failed: failed, outbox: outbox}
                include: ["*.csv", "*.txt"]
                pollInterval: 5s
                readiness: stable
                stableFor: 10s
                maxClaimsPerPoll: 10
                layout: auto
                countryCode: auto
                defaultCountry: 55
                transliterate: true
                maxSegments: 6
                onMissingField: reject
                route: sim
                priority: MEDIA
                ttl: 24h
                dlrInterval: 60s
                dlrTimeout: 72h
                dedupeWindow: 7d
                locale: pt-BR
                bom: true
                """
            )
        )
        let implicit = try parse(localDrop())
        #expect(explicit == implicit)
    }

    @Test("sftp port and timeouts default to 22, 10 s and 30 s")
    func sftpDefaults() throws {
        let configuration = try parse(
            """
            drops:
              acme:
                sftp:
                  host: 127.0.0.1
                  user: acme
                  passwordFile: /dev/null
                  hostKeyFingerprint: "\(testFingerprint)"
            """
        )
        let drop = try #require(configuration.drops["acme"])
        guard case .sftp(let sftp) = drop.transport else {
            Issue.record("expected an sftp transport, got \(drop.transport)")
            return
        }
        #expect(sftp.port == 22)
        #expect(sftp.connectTimeout == .seconds(10))
        #expect(sftp.operationTimeout == .seconds(30))
        #expect(sftp.password == .file("/dev/null"))
        #expect(sftp.privateKey == nil)
        #expect(sftp.knownHosts == nil)
        #expect(sftp.hostKeyFingerprint == testFingerprint)
        #expect(drop.path == nil)
    }

    @Test("a route gets rate 200, burst 200 and 100 in flight; burst follows an explicit rate")
    func routeDefaults() throws {
        let configuration = try parse(
            """
            routes:
              plain:
                provider: simulator
              slow:
                provider: simulator
                rate: 2.5
            """
        )
        let plain = try #require(configuration.routes["plain"])
        #expect(plain.rate == 200)
        #expect(plain.burst == 200)
        #expect(plain.maxInFlight == 100)
        #expect(plain.sender == nil)
        #expect(plain.timeout == .seconds(10))
        #expect(!plain.batch)
        let slow = try #require(configuration.routes["slow"])
        #expect(slow.rate == 2.5)
        #expect(slow.burst == 3)
        #expect(configuration.routes["sim"] == nil)
    }

    @Test("an empty routes section still means the built-in sim route")
    func emptyRoutes() throws {
        let configuration = try parse("routes: {}\n" + localDrop())
        #expect(configuration.routes.keys.sorted() == ["sim"])
        #expect(configuration.drops["loja"]?.route == "sim")
    }

    @Test("a drop takes the only declared route when it names none")
    func onlyRouteIsDefault() throws {
        let configuration = try parse(
            """
            routes:
              gateway:
                provider: simulator
            """ + "\n" + localDrop()
        )
        #expect(configuration.drops["loja"]?.route == "gateway")
    }

    @Test("state path and IPv4, IPv6 and named listeners")
    func stateAndListener() throws {
        let cases: [(String, String, Int)] = [
            ("127.0.0.1:8080", "127.0.0.1", 8080),
            ("0.0.0.0:9000", "0.0.0.0", 9000),
            ("\"[::1]:8081\"", "::1", 8081),
            ("\"[fe80::1%eth0]:1\"", "fe80::1%eth0", 1),
            ("localhost:65535", "localhost", 65535),
        ]
        for (listen, host, port) in cases {
            let configuration = try parse("state:\n  path: /srv/remessa\nhttp:\n  listen: \(listen)\n")
            #expect(configuration.state.path == "/srv/remessa")
            #expect(configuration.http.host == host)
            #expect(configuration.http.port == port)
        }
    }
}
