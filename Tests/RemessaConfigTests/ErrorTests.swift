import Foundation
import RemessaConfig
import Testing
import RemessaTesting

@Suite("Errors name their path and say what is wrong")
struct ErrorTests {
    @Test("a word where a port goes: the example sentence of the brief")
    func wrongTypePort() throws {
        let error = try #require(
            failure(
                """
                drops:
                  acme:
                    sftp:
                      host: 127.0.0.1
                      port: abc
                      user: acme
                      passwordFile: /dev/null
                      hostKeyFingerprint: "\(testFingerprint)"
                """
            )
        )
        #expect(error.description == "drops.acme.sftp.port: expected an integer, found \"abc\"")
        #expect(error.codes == [.wrongType])
        #expect(error.issues.first?.line == 5)
        #expect(error.source == testSource)
        #expect(
            String(reflecting: error)
                == "/etc/remessa/remessad.yaml:5: drops.acme.sftp.port: expected an integer, found \"abc\""
        )
    }

    @Test("ports outside 1...65535 are out of range")
    func portRange() throws {
        let sftp = try #require(
            failure(
                """
                drops:
                  acme:
                    sftp: {host: h, user: u, port: 70000, passwordFile: /dev/null, hostKeyFingerprint: "\(testFingerprint)"}
                """
            )
        )
        #expect(sftp.description == "drops.acme.sftp.port: must be between 1 and 65535, found 70000")
        let listen = try #require(failure("http:\n  listen: 127.0.0.1:0\n"))
        #expect(listen.codes == [.outOfRange])
        #expect(listen.issues.first?.path == "http.listen")
    }

    @Test("bad listen addresses", arguments: ["8080", "127.0.0.1", "::1:8080", "[::1]8080", ":8080", "host:port"])
    func badListen(text: String) throws {
        let error = try #require(failure("http:\n  listen: \"\(text)\"\n"))
        #expect(error.codes == [.wrongType])
        #expect(error.issues.first?.path == "http.listen")
    }

    @Test("a bad enum value lists the allowed ones")
    func badEnum() throws {
        let error = try #require(failure(localDrop("loja", "layout: excel\nreadiness: done\nonMissingField: skip")))
        #expect(
            error.description == """
                drops.loja.layout: expected one of `auto`, `sinch`, `engage`, `base`, found "excel"
                drops.loja.readiness: expected one of `stable`, `marker`, found "done"
                drops.loja.onMissingField: expected one of `reject`, `blank`, found "skip"
                """
        )
        #expect(error.codes == [.invalidValue, .invalidValue, .invalidValue])
    }

    @Test("more enums: countryCode, priority, locale, transport, provider")
    func moreEnums() throws {
        let error = try #require(
            failure(
                """
                routes:
                  r:
                    provider: smpp
                drops:
                  a:
                    transport: ftp
                    countryCode: maybe
                    priority: URGENTE
                    locale: fr
                """
            )
        )
        #expect(
            error.issues.map(\.path) == [
                "routes.r.provider", "drops.a.transport", "drops.a.countryCode", "drops.a.priority", "drops.a.locale",
            ]
        )
        #expect(error.issues[0].message == "expected one of `simulator`, `http`, `kannel`, found \"smpp\"")
        #expect(error.issues[1].message == "expected one of `sftp`, `local`, found \"ftp\"")
        #expect(error.issues[2].message == "expected one of `auto`, `present`, `absent`, found \"maybe\"")
        #expect(error.issues[3].message == "expected one of `ALTA`, `MEDIA`, `BAIXA`, found \"URGENTE\"")
        #expect(error.issues[4].message == "expected one of `pt-BR`, `en`, found \"fr\"")
    }

    @Test("unknown keys are errors with a suggestion for near misses")
    func unknownKeys() throws {
        let error = try #require(
            failure(
                """
                stat:
                  path: /var/lib/remessa
                drops:
                  loja:
                    transport: local
                    path: /srv/drops/loja
                    stablefor: 10s
                    pollIntervall: 5s
                    stable_for: 3s
                    colour: blue
                    folders: {inbox: in, outbx: out}
                """
            )
        )
        #expect(
            error.description == """
                stat: unknown key; did you mean `state`?
                drops.loja.stablefor: unknown key; did you mean `stableFor`?
                drops.loja.pollIntervall: unknown key; did you mean `pollInterval`?
                drops.loja.stable_for: unknown key; did you mean `stableFor`?
                drops.loja.colour: unknown key
                drops.loja.folders.outbx: unknown key; did you mean `outbox`?
                """
        )
        #expect(Set(error.codes) == [.unknownKey])
        #expect(error.issues.map(\.line) == [1, 7, 8, 9, 10, 11])
    }

    @Test("an sftp key at the drop level says where it belongs")
    func sftpKeyAtDropLevel() throws {
        let error = try #require(failure(localDrop("loja", "host: example.com")))
        #expect(error.description == "drops.loja.host: unknown key; `host` belongs inside the drop's `sftp:` block")
    }

    @Test("all problems are collected, in document order")
    func manyAtOnce() throws {
        let error = try #require(
            failure(
                """
                state:
                  path: relative/dir
                http:
                  listen: nowhere
                routes:
                  a: {provider: simulator, rate: 0}
                  b: {provider: simulator, burst: 0, maxInFlight: -1}
                drops:
                  one:
                    transport: local
                    path: /srv/one
                    route: c
                    maxSegments: 0
                    defaultCountry: 999
                    transliterate: maybe
                    pollInterval: 5
                  two:
                    path: /srv/two
                """
            )
        )
        #expect(
            error.issues.map(\.path) == [
                "state.path", "http.listen", "routes.a.rate", "routes.b.burst", "routes.b.maxInFlight",
                "drops.one.route", "drops.one.maxSegments", "drops.one.defaultCountry", "drops.one.transliterate",
                "drops.one.pollInterval", "drops.two.transport", "drops.two.route",
            ]
        )
        #expect(error.issues.count == 12)
        #expect(error.description.split(separator: "\n").count == 12)
        let lines = error.issues.compactMap(\.line)
        #expect(lines == lines.sorted(), "issues come in document order")
        #expect(error.issues.first { $0.path == "drops.one.route" }?.code == .unknownRoute)
        #expect(
            error.issues.first { $0.path == "drops.one.route" }?.message
                == "no route is called \"c\"; the declared routes are `a`, `b`"
        )
        #expect(
            error.issues.first { $0.path == "drops.two.route" }?.message
                == "missing; there are several routes, so each drop names one: `a`, `b`"
        )
        #expect(error.issues.first { $0.path == "drops.one.maxSegments" }?.code == .outOfRange)
        #expect(
            error.issues.first { $0.path == "drops.one.defaultCountry" }?.message
                == "999 is not an assigned country calling code"
        )
        #expect(error.issues.first { $0.path == "drops.two.transport" }?.code == .missingKey)
    }

    @Test("a YAML syntax error reports line and column")
    func syntaxError() throws {
        let error = try #require(failure("drops:\n  acme:\n    path: /a\n   bad: [1, 2\n"))
        #expect(error.codes == [.syntax])
        let issue = try #require(error.issues.first)
        #expect(issue.path == "")
        #expect(issue.message.hasPrefix("YAML syntax error at line "))
        #expect(issue.line != nil)
        #expect(error.description == issue.message)

        let tab = try #require(failure("drops:\n\tacme: {}\n"))
        #expect(tab.issues.first?.message.hasPrefix("YAML syntax error at line 2, column 1") == true)
    }

    @Test("a duplicated key is an error naming the key and its line")
    func duplicatedKey() throws {
        let error = try #require(failure(localDrop("loja", "ttl: 1h\nttl: 2h")))
        #expect(error.codes == [.syntax])
        #expect(error.issues.first?.message.contains("the key `ttl` appears more than once") == true)
        #expect(error.issues.first?.line == 5)
    }

    @Test("the root and sections must be mappings")
    func shapes() throws {
        let root = try #require(failure("- a\n- b\n"))
        #expect(root.description == "expected a mapping of keys to values, found a list")
        let drops = try #require(failure("drops: acme\n"))
        #expect(drops.description == "drops: expected a mapping of keys to values, found \"acme\"")
        let include = try #require(failure(localDrop("loja", "include: \"*.csv\"")))
        #expect(include.description == "drops.loja.include: expected a list of globs, found \"*.csv\"")
        let element = try #require(failure(localDrop("loja", "include: [\"*.csv\", {a: b}, \"\"]")))
        #expect(element.issues.map(\.path) == ["drops.loja.include[1]", "drops.loja.include[2]"])
        let empty = try #require(failure(localDrop("loja", "include: []")))
        #expect(empty.issues.first?.message == "must name at least one glob, such as \"*.csv\"")
        let nothing = try #require(failure(localDrop("loja", "maxSegments:")))
        #expect(nothing.description == "drops.loja.maxSegments: expected an integer, found nothing")
    }

    @Test("drop and route names are restricted to letters, digits, _ and -")
    func names() throws {
        let error = try #require(failure(localDrop("acme loja")))
        #expect(error.issues.first?.path == "drops.acme loja")
        #expect(error.issues.first?.message == "a drop name may use only ASCII letters, digits, `_` and `-`")
    }

    @Test("folders: relative, no .., all different")
    func folders() throws {
        let error = try #require(failure(localDrop("loja", "folders: {inbox: /abs, archive: ../up, outbox: failed}")))
        #expect(
            error.issues.map(\.path) == [
                "drops.loja.folders.inbox", "drops.loja.folders.archive", "drops.loja.folders",
            ]
        )
        #expect(error.issues.last?.message == "the folders must all be different")
        let nested = try parse(localDrop("loja", "folders: {inbox: in/box, outbox: out}"))
        #expect(nested.drops["loja"]?.folders.inbox == "in/box")
        #expect(nested.drops["loja"]?.folders.outbox == "out")
        #expect(nested.drops["loja"]?.folders.processing == "processing")
        // folders.optout renames the opt-out folder like the others (contract §10), and must differ from them.
        let optout = try parse(localDrop("loja", "folders: {optout: bloqueios}"))
        #expect(optout.drops["loja"]?.folders.optout == "bloqueios")
        let clash = try #require(failure(localDrop("loja", "folders: {optout: inbox}")))
        #expect(clash.issues.map(\.message) == ["the folders must all be different"])
    }

    @Test("a missing or unreadable configuration file")
    func missingFile() throws {
        do {
            _ = try RemessaConfiguration.load(path: "/nonexistent/remessad.yaml", environment: [:])
            Issue.record("loading a missing file succeeded")
        } catch {
            #expect(error.codes == [.unreadableFile])
            #expect(error.description == "cannot read /nonexistent/remessad.yaml: No such file or directory")
        }
        let directory = try TemporaryDirectory(prefix: "remessa-config-tests")
        defer { directory.remove() }
        do {
            _ = try RemessaConfiguration.load(path: directory.path, environment: [:])
            Issue.record("loading a directory succeeded")
        } catch {
            #expect(error.description == "cannot read \(directory.path): it is a directory")
        }
        let binary = directory.path + "/binary.yaml"
        try Data([0x66, 0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: binary))
        do {
            _ = try RemessaConfiguration.load(path: binary, environment: [:])
            Issue.record("loading a binary file succeeded")
        } catch {
            #expect(error.description == "cannot read \(binary): it is not UTF-8 text")
        }
    }

    @Test("load reads a file (BOM and all) and parses it like parse does")
    func loadFile() throws {
        let directory = try TemporaryDirectory(prefix: "remessa-config-tests")
        defer { directory.remove() }
        let path = try directory.write("remessad.yaml", "\u{FEFF}" + localDrop("loja", "ttl: 1h"))
        let loaded = try RemessaConfiguration.load(path: path, environment: [:])
        #expect(loaded.drops["loja"]?.ttl == .seconds(3600))
        #expect(loaded == (try parse(localDrop("loja", "ttl: 1h"))))
    }

    @Test("a long value is shortened in the message")
    func longValue() throws {
        let error = try #require(failure(localDrop("loja", "maxSegments: \(String(repeating: "x", count: 100))")))
        #expect(
            error.description
                == "drops.loja.maxSegments: expected an integer, found \"\(String(repeating: "x", count: 37))...\""
        )
    }
}
