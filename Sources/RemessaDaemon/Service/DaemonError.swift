/// Why the daemon cannot start, in a sentence for the operator.
struct DaemonError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
