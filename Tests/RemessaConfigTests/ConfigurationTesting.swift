import Foundation
import RemessaConfig

/// The name configurations are parsed under in tests; a relative `templateFile` would be looked for in /etc/remessa.
let testSource = "/etc/remessa/remessad.yaml"

/// Parses `yaml`, expecting success.
func parse(_ yaml: String, environment: [String: String] = [:]) throws(ConfigurationError) -> RemessaConfiguration {
    try RemessaConfiguration.parse(yaml: yaml, source: testSource, environment: environment)
}

/// Parses `yaml`, expecting failure; `nil` when it parsed.
func failure(_ yaml: String, environment: [String: String] = [:], source: String = testSource) -> ConfigurationError? {
    do {
        _ = try RemessaConfiguration.parse(yaml: yaml, source: source, environment: environment)
        return nil
    } catch {
        return error
    }
}

/// A minimal drop block for tests that look at something else; `extra` lines are appended, indented.
func localDrop(_ name: String = "loja", _ extra: String = "") -> String {
    var text = """
        drops:
          \(name):
            transport: local
            path: /srv/drops/\(name)

        """
    for line in extra.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
        text += "    \(line)\n"
    }
    return text
}

/// A valid fingerprint: SHA-256 of nothing, as `ssh-keygen -l` would print it.
let testFingerprint = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"
