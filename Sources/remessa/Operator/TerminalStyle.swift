import Foundation
import Glibc

/// Colour for a person at a terminal; plain text when stdout is a pipe or a file, or when `NO_COLOR` is set.
struct TerminalStyle {
    let colours: Bool

    /// Decides from stdout and the environment.
    static func forStandardOutput() -> TerminalStyle {
        TerminalStyle(colours: isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
    }

    enum Colour: String {
        case green = "32"
        case yellow = "33"
        case red = "31"
        case dim = "2"
        case bold = "1"
    }

    func paint(_ text: String, _ colour: Colour) -> String {
        colours ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }
}
