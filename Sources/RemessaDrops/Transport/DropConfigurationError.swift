/// A drop configuration a transport cannot be built from: no way to log in, or no way to check the server's key.
/// The configuration parser refuses both first; this stops a hand-made ``RemessaConfig/DropConfiguration`` too.
package struct DropConfigurationError: Error, Sendable, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}
