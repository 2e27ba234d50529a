/// A checker for the Prometheus text exposition format 0.0.4: the grammar of every line, and a `# TYPE` for
/// every sample's family before its samples.
enum ExpositionFormat {
    /// Each line that breaks the format, with the reason; empty when the text is valid.
    static func problems(in text: String) -> [String] {
        var problems: [String] = []
        var types: [String: String] = [:]
        guard text.hasSuffix("\n") else { return ["the text does not end with a line feed"] }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if let match = line.wholeMatch(
                of: /# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)/
            ) {
                let name = String(match.1)
                if types[name] != nil { problems.append("\(line): a second TYPE line") }
                types[name] = String(match.2)
            } else if line.wholeMatch(of: /# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*/) != nil {
                continue
            } else if let match = line.wholeMatch(of: Self.sample) {
                let name = String(match.1)
                if Double(match.3) == nil && !["+Inf", "-Inf", "NaN"].contains(match.3) {
                    problems.append("\(line): the value is not a number")
                }
                if Self.family(of: name, in: types) == nil {
                    problems.append("\(line): no TYPE line before the sample")
                }
            } else {
                problems.append("\(line): not a HELP, TYPE or sample line")
            }
        }
        return problems
    }

    /// `name{label="value",…} value [timestamp]`, label values with `\\`, `\"` and `\n` escapes.
    private nonisolated(unsafe) static let sample =
        /([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\})? (\S+)(?: -?[0-9]+)?/

    private static func family(of name: String, in types: [String: String]) -> String? {
        if let type = types[name] { return type }
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if let type = types[base], type == "histogram" || type == "summary" { return type }
        }
        return nil
    }
}
