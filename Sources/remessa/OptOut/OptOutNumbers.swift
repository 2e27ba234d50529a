import ArgumentParser
import RemessaCore

/// Numbers typed by an operator, read with the daemon's phone rules (national numbers are Brazilian).
enum OptOutNumbers {
    /// The parser for the list, the same as for opt-out replies: country code 55 for national numbers.
    static let parser = PhoneNumberParser.optOutList

    /// EX_DATAERR: a number is not valid, or an import file holds none.
    static let dataError = ExitCode(65)

    /// The E.164 digits of each of `typed`, in order; the first number that is not valid is printed (masked)
    /// with the parser's sentence and ends the command with status 65.
    static func normalised(_ typed: [String], command: String) throws -> [String] {
        var digits: [String] = []
        for raw in typed {
            switch parser.parse(raw) {
            case .success(let number):
                digits.append(number.digits)
            case .failure(let problem):
                let shown = PersonalDataMask.phone(raw)
                throw OperatorExit.fail(
                    command,
                    "\"\(shown)\" is not a valid number: \(problem.sentence().en)",
                    dataError
                )
            }
        }
        return digits
    }

    /// Each value once, in the order first seen.
    static func unique(_ digits: [String]) -> [String] {
        var seen = Set<String>()
        return digits.filter { seen.insert($0).inserted }
    }
}
