import Yams

/// Secrets and other files the configuration names: parsed, then checked on disk at load.
extension ConfigurationParser {
    /// An absolute path or `credential:NAME`, whose file must exist and be readable.
    ///
    /// The value is never quoted back: someone may have pasted the secret itself here.
    mutating func secret(_ node: ConfigNode?) -> SecretSource? {
        guard let node else {
            return nil
        }
        guard case .scalar(let scalar) = node.node, !node.isNull else {
            report(
                .expected(
                    "an absolute path or `credential:NAME`",
                    found: node.isNull ? "nothing" : "a structure",
                    at: node.path,
                    line: node.line
                )
            )
            return nil
        }
        let text = scalar.string.trimmingSpaces()
        let source: SecretSource
        if text.hasPrefix("credential:") {
            let name = String(text.dropFirst("credential:".count))
            guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
                report(
                    .invalid(
                        at: node.path,
                        "a systemd credential is written `credential:NAME`, NAME without `/`",
                        line: node.line
                    )
                )
                return nil
            }
            source = .credential(name)
        } else if text.hasPrefix("/") {
            source = .file(text)
        } else {
            report(
                .invalid(
                    at: node.path,
                    "expected an absolute path to the file holding the secret, or `credential:NAME` for a "
                        + "systemd credential (the value is not shown, in case it is the secret itself)",
                    line: node.line
                )
            )
            return nil
        }
        checkSecret(source, at: node)
        return source
    }

    private mutating func checkSecret(_ source: SecretSource, at node: ConfigNode) {
        let path: String
        do {
            path = try source.path(environment: environment)
        } catch {
            report(
                .unusableSecret(
                    at: node.path,
                    "\(source) needs $CREDENTIALS_DIRECTORY, which is not set; systemd sets it for a unit with "
                        + "LoadCredential= (or use an absolute path)",
                    line: node.line
                )
            )
            return
        }
        if let problem = FileAccess.problemReading(path) {
            let place = path == source.description ? path : "\(source) (\(path))"
            report(.unusableSecret(at: node.path, "cannot read \(place): \(problem)", line: node.line))
        }
    }

    /// An absolute path to a file that must exist and be readable (known_hosts).
    mutating func readableFile(_ node: ConfigNode?) -> String? {
        guard let node, let path = absolutePath(node) else {
            return nil
        }
        if let problem = FileAccess.problemReading(path) {
            report(.unusableFile(at: node.path, "cannot read \(path): \(problem)", line: node.line))
        }
        return path
    }

    /// A template read from a file (relative to the configuration's directory), without one trailing newline.
    mutating func templateText(_ node: ConfigNode?) -> (path: String, text: String)? {
        guard let node, let name = nonEmptyString(node) else {
            return nil
        }
        let path = name.hasPrefix("/") ? name : baseDirectory + "/" + name
        switch FileAccess.readAll(path) {
        case .success(var bytes):
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                bytes.removeFirst(3)
            }
            if bytes.last == UInt8(ascii: "\n") {
                bytes.removeLast()
                if bytes.last == UInt8(ascii: "\r") {
                    bytes.removeLast()
                }
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                report(.invalid(at: node.path, "\(path) is not UTF-8 text", line: node.line))
                return nil
            }
            guard !text.trimmingSpaces().isEmpty else {
                report(.invalid(at: node.path, "\(path) is empty", line: node.line))
                return nil
            }
            return (path, text)
        case .failure(let failure):
            report(.cannotRead(path, because: failure.reason, at: node.path, line: node.line))
            return nil
        }
    }
}
