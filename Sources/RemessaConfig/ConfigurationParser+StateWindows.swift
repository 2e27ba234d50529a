/// A drop's `stateWindows:`: send windows by the destination's Brazilian state.
extension ConfigurationParser {
    /// The windows by UF, with `holidays`; the legal windows (`BrazilianStates.legalWindows`) without the key.
    mutating func parseStateWindows(_ map: ConfigMapping, holidays: Set<CalendarDate>) -> [String: SendWindow] {
        guard let node = map["stateWindows"] else {
            return BrazilianStates.legalWindows(holidays: holidays)
        }
        guard let states = mapping(node) else {
            return BrazilianStates.legalWindows(holidays: holidays)
        }
        var windows: [String: SendWindow] = [:]
        for (state, windowNode) in states.entries {
            guard let zone = BrazilianStates.timeZone(of: state) else {
                let hint =
                    BrazilianStates.timeZone(of: state.uppercased()) != nil
                    ? "did you mean `\(state.uppercased())`?"
                    : "a key is a Brazilian state's two capital letters (UF): "
                        + BrazilianStates.all.joined(separator: ", ")
                report(.unknownKey(at: windowNode.path, hint: hint, line: windowNode.line))
                continue
            }
            if let window = parseWindow(windowNode, defaultTimeZone: zone, holidays: holidays) {
                windows[state] = window
            }
        }
        return windows
    }
}
