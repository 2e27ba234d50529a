/// A literal part of a template, and the tidy-up of the seam a blank placeholder leaves before it.
struct TemplateLiteral: Sendable {
    let text: String
    /// Where the text starts once leading spaces are skipped.
    private let afterSpaces: String.Index
    /// Where the text starts once leading spaces and punctuation are skipped.
    private let afterSeparators: String.Index
    /// Where the text starts once leading spaces, punctuation and line breaks are skipped.
    private let afterSeparatorsAndBreaks: String.Index

    init(_ text: String) {
        self.text = text
        afterSpaces = text.utf8.firstIndex { $0 != Self.space } ?? text.endIndex
        afterSeparators = text.utf8.firstIndex { $0 != Self.space && !Self.isPunctuation($0) } ?? text.endIndex
        afterSeparatorsAndBreaks =
            text.utf8.firstIndex { $0 != Self.space && !Self.isPunctuation($0) && !Self.isLineBreak($0) }
            ?? text.endIndex
    }

    /// Appends the literal to `output` right after a placeholder that rendered blank.
    func append(afterBlank output: inout String) {
        guard let last = output.utf8.last else {
            // Nothing before the blank: `@Nome, oi` → `oi`, and no leading line break either.
            output.append(contentsOf: text[afterSeparatorsAndBreaks...])
            return
        }
        guard !Self.isLineBreak(last) else {
            // Nothing before the blank on this line.
            output.append(contentsOf: text[afterSeparators...])
            return
        }
        guard last == Self.space, let first = text.utf8.first else {
            output.append(text)
            return
        }
        if first == Self.space {
            // `Olá @Nome @Sobrenome` → `Olá @Sobrenome`, not two spaces.
            output.append(contentsOf: text[afterSpaces...])
        } else if Self.isPunctuation(first) {
            // `Olá @Nome, oi` → `Olá, oi`; `Olá, @Nome!` → `Olá!`.
            Self.dropTrailingSpaces(of: &output)
            if let end = output.utf8.last, Self.isSeparator(end) { output.removeLast() }
            output.append(text)
        } else if Self.isLineBreak(first) {
            Self.dropTrailingSpaces(of: &output)
            output.append(text)
        } else {
            output.append(text)
        }
    }

    /// Tidies the end of a message whose last placeholder rendered blank: `Obrigado, @Nome` → `Obrigado`.
    static func tidyEnd(of output: inout String) {
        dropTrailingSpaces(of: &output)
        if let end = output.utf8.last, isSeparator(end) {
            output.removeLast()
            dropTrailingSpaces(of: &output)
        }
    }

    private static func dropTrailingSpaces(of output: inout String) {
        while output.utf8.last == space { output.removeLast() }
    }

    private static let space = UInt8(ascii: " ")

    private static func isPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"),
            UInt8(ascii: "?"):
            true
        default: false
        }
    }

    /// Punctuation that only separates, and dangles when what follows it is gone.
    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ":")
    }

    private static func isLineBreak(_ byte: UInt8) -> Bool {
        byte == 0x0A || byte == 0x0D
    }
}
