/// A failure of the daemon as a whole, with an extensible code.
public struct DaemonError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        public var description: String { name }

        /// The configuration cannot be used as it is.
        public static let configuration = Code(name: "configuration")
        /// A drop failed its probe.
        public static let probe = Code(name: "probe")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
