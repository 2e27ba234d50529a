/// Reading the daemon's YAML file (contract section 8).
extension RemessaConfiguration {
    /// Reads and validates the file at `path`.
    ///
    /// `environment` supplies `CREDENTIALS_DIRECTORY` for `credential:` secrets. Secret files, `knownHosts` and
    /// `templateFile` are checked (and the template read) now, so a bad path fails at start, not at first use.
    /// A relative `templateFile` is looked for next to the configuration file.
    public static func load(
        path: String,
        environment: [String: String]
    ) throws(ConfigurationError) -> RemessaConfiguration {
        let bytes: [UInt8]
        switch FileAccess.readAll(path) {
        case .success(let read):
            bytes = read
        case .failure(let failure):
            throw ConfigurationError(source: path, issues: [.cannotRead(path, because: failure.reason)])
        }
        let content = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard let yaml = String(validating: content, as: UTF8.self) else {
            throw ConfigurationError(source: path, issues: [.cannotRead(path, because: "it is not UTF-8 text")])
        }
        return try parse(yaml: yaml, source: path, environment: environment)
    }

    /// Validates YAML text; `source` names it in errors and locates a relative `templateFile`.
    public static func parse(
        yaml: String,
        source: String,
        environment: [String: String]
    ) throws(ConfigurationError) -> RemessaConfiguration {
        var parser = ConfigurationParser(source: source, environment: environment)
        return try parser.parse(yaml: yaml)
    }
}
