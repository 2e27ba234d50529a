/// A test gateway that could not be started, reached or understood.
public struct TestGatewayError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
