import Foundation
import RemessaConfig
import RemessaCore
import Testing
import RemessaTesting

@Suite("Drop keys that fill ValidationOptions")
struct ValidationKeysTests {
    @Test("every validation key reaches ValidationOptions")
    func everyKey() throws {
        let configuration = try parse(
            localDrop(
                "loja",
                """
                layout: engage
                countryCode: absent
                defaultCountry: 351
                allowedCountries: [55, 351, 1]
                template: "Olá @Nome"
                transliterate: false
                maxSegments: 3
                onMissingField: blank
                priority: alta
                maxFileSize: 50MB
                include: ["*.CSV", "clientes-*.txt"]
                maxClaimsPerPoll: 2
                readiness: marker
                locale: en
                bom: no
                """
            )
        )
        let drop = try #require(configuration.drops["loja"])
        let options = drop.validation
        #expect(options.layout == .forced(.engage))
        #expect(
            options.phonePolicy
                == PhoneNumberPolicy(countryCode: .absent, defaultCountry: 351, allowedCountries: [55, 351, 1])
        )
        #expect(options.template == "Olá @Nome")
        #expect(!options.transliterate)
        #expect(options.maxSegments == 3)
        #expect(options.onMissingField == .blank)
        #expect(options.defaultPriority == .alta)
        #expect(options.maxFileBytes == 50_000_000)
        #expect(drop.include == ["*.CSV", "clientes-*.txt"])
        #expect(drop.maxClaimsPerPoll == 2)
        #expect(drop.readiness == .marker)
        #expect(drop.locale == .en)
        #expect(!drop.bom)
    }

    @Test(
        "file sizes",
        arguments: [
            ("1048576", 1_048_576 as Int?), ("512KB", 512_000), ("50MB", 50_000_000), ("1GB", 1_000_000_000),
            ("1GiB", 1 << 30), ("64 KiB", 65_536), ("10mib", 10 << 20), ("none", nil), ("unlimited", nil),
        ]
    )
    func sizes(text: String, bytes: Int?) throws {
        let configuration = try parse(localDrop("loja", "maxFileSize: \(text)"))
        #expect(configuration.drops["loja"]?.validation.maxFileBytes == bytes)
    }

    @Test("bad file sizes", arguments: ["0", "50 megabytes", "-1", "1.5GB", "[1]"])
    func badSizes(text: String) throws {
        let error = try #require(failure(localDrop("loja", "maxFileSize: \(text)")))
        #expect(error.issues.map(\.path) == ["drops.loja.maxFileSize"])
    }

    @Test(
        "priorities in either language",
        arguments: [("BAIXA", Priority.baixa), ("low", .baixa), ("Média", .media), ("HIGH", .alta)]
    )
    func priorities(text: String, priority: Priority) throws {
        let configuration = try parse(localDrop("loja", "priority: \(text)"))
        #expect(configuration.drops["loja"]?.validation.defaultPriority == priority)
    }

    @Test("calling codes must be assigned; the allowed list must not be empty")
    func callingCodes() throws {
        let error = try #require(failure(localDrop("loja", "defaultCountry: 0\nallowedCountries: [55, 999, abc]")))
        #expect(
            error.issues.map(\.path) == [
                "drops.loja.defaultCountry", "drops.loja.allowedCountries[1]", "drops.loja.allowedCountries[2]",
            ]
        )
        #expect(error.issues[1].message == "999 is not an assigned country calling code")
        let empty = try #require(failure(localDrop("loja", "allowedCountries: []")))
        #expect(empty.issues.map(\.path) == ["drops.loja.allowedCountries"])
    }

    @Test("maxSegments between 1 and 255, maxClaimsPerPoll at least 1")
    func counts() throws {
        let error = try #require(failure(localDrop("loja", "maxSegments: 256\nmaxClaimsPerPoll: 0")))
        #expect(
            error.description == """
                drops.loja.maxSegments: must be between 1 and 255, found 256
                drops.loja.maxClaimsPerPoll: must be between 1 and 10000, found 0
                """
        )
    }

    @Test("templateFile is read at load, relative to the configuration file")
    func templateFile() throws {
        let directory = try TemporaryDirectory(prefix: "remessa-config-tests")
        defer { directory.remove() }
        try FileManager.default.createDirectory(
            atPath: directory.path + "/templates",
            withIntermediateDirectories: true
        )
        try directory.write("templates/acme.txt", "\u{FEFF}Olá @PrimeiroNome,\nsua loja: @Coringa1\n")
        let path = try directory.write("remessad.yaml", localDrop("loja", "templateFile: templates/acme.txt"))
        let configuration = try RemessaConfiguration.load(path: path, environment: [:])
        let drop = try #require(configuration.drops["loja"])
        #expect(drop.validation.template == "Olá @PrimeiroNome,\nsua loja: @Coringa1")
        #expect(drop.templateFile == directory.path + "/templates/acme.txt")
    }

    @Test("templateFile missing, empty, or together with template")
    func templateFileProblems() throws {
        let directory = try TemporaryDirectory(prefix: "remessa-config-tests")
        defer { directory.remove() }
        let source = directory.path + "/remessad.yaml"
        let missing = try #require(failure(localDrop("loja", "templateFile: nope.txt"), source: source))
        #expect(
            missing.description
                == "drops.loja.templateFile: cannot read \(directory.path)/nope.txt: No such file or directory"
        )
        #expect(missing.codes == [.unreadableFile])
        try directory.write("empty.txt", "\n")
        let empty = try #require(failure(localDrop("loja", "templateFile: empty.txt"), source: source))
        #expect(empty.description == "drops.loja.templateFile: \(directory.path)/empty.txt is empty")
        let both = try #require(failure(localDrop("loja", "template: oi\ntemplateFile: empty.txt"), source: source))
        #expect(both.codes == [.conflictingKeys])
        let blank = try #require(failure(localDrop("loja", "template: \"  \"")))
        #expect(blank.description == "drops.loja.template: must not be empty")
    }

    @Test("YAML merge keys share settings between drops; explicit keys win")
    func mergeKeys() throws {
        let configuration = try parse(
            """
            drops:
              a: &common
                transport: local
                path: /srv/a
                maxSegments: 2
                ttl: 1h
              b:
                <<: *common
                path: /srv/b
                ttl: 2h
            """
        )
        let b = try #require(configuration.drops["b"])
        #expect(b.path == "/srv/b")
        #expect(b.validation.maxSegments == 2)
        #expect(b.ttl == .seconds(7200))
        #expect(b.transport == .local)
    }
}
