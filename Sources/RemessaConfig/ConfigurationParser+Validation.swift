import RemessaCore
import Yams

/// The drop-level keys that fill RemessaCore's `ValidationOptions` (contract sections 2 to 4).
extension ConfigurationParser {
    /// The options, and the file the template came from when it came from `templateFile`.
    mutating func parseValidation(
        _ map: ConfigMapping,
        default options: ValidationOptions
    ) -> (ValidationOptions, templateFile: String?) {
        var options = options
        options.layout =
            choice(map["layout"], allowed: ["auto", "sinch", "engage", "base"], LayoutChoice.init) ?? options.layout
        options.phonePolicy.countryCode =
            choice(map["countryCode"], allowed: CountryCodeMode.allCases.map(\.rawValue), CountryCodeMode.init)
            ?? options.phonePolicy.countryCode
        options.phonePolicy.defaultCountry = callingCode(map["defaultCountry"]) ?? options.phonePolicy.defaultCountry
        if let allowed = map["allowedCountries"] {
            if let codes = list(allowed, of: "calling codes", { $0.callingCode($1) }) {
                if codes.isEmpty {
                    report(
                        .invalid(
                            at: allowed.path,
                            "must name at least one calling code, such as 55",
                            line: allowed.line
                        )
                    )
                } else {
                    options.phonePolicy.allowedCountries = Set(codes)
                }
            }
        }
        options.transliterate = bool(map["transliterate"]) ?? options.transliterate
        // Concatenated SMS carry the part count in one byte.
        options.maxSegments = integer(map["maxSegments"], in: 1...255) ?? options.maxSegments
        options.onMissingField =
            choice(map["onMissingField"], allowed: MissingFieldPolicy.allCases.map(\.rawValue), MissingFieldPolicy.init)
            ?? options.onMissingField
        options.defaultPriority =
            choice(map["priority"], allowed: Priority.allCases.map(\.rawValue), Priority.init(parsing:))
            ?? options.defaultPriority
        if let size = map["maxFileSize"] {
            if case .scalar(let scalar) = size.node, ["none", "unlimited"].contains(scalar.string.lowercased()) {
                options.maxFileBytes = nil
            } else {
                options.maxFileBytes = byteSize(size) ?? options.maxFileBytes
            }
        }
        var templateFile: String?
        if map["template"] != nil, let fileNode = map["templateFile"] {
            report(
                .conflict(at: fileNode.path, "use either `template` or `templateFile`, not both", line: fileNode.line)
            )
        } else if let inline = map["template"] {
            options.template = nonEmptyString(inline)
        } else if let read = templateText(map["templateFile"]) {
            options.template = read.text
            templateFile = read.path
        }
        return (options, templateFile)
    }

    /// A country calling code in use (55, 1, 351).
    mutating func callingCode(_ node: ConfigNode?) -> Int? {
        guard let node, let code = integer(node, in: 1...999) else {
            return nil
        }
        guard CountryCallingCode.isAssigned(code) else {
            report(.invalid(at: node.path, "\(code) is not an assigned country calling code", line: node.line))
            return nil
        }
        return code
    }
}
