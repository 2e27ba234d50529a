/// A reason the gateway cannot start.
struct GatewayError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
