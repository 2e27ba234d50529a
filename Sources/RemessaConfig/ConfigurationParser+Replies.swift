import RemessaCore

/// A drop's opt-out lists and reply window (contract section 11).
extension ConfigurationParser {
    mutating func parseReplies(_ map: ConfigMapping, into drop: inout DropConfiguration) {
        if let node = map["optOutLists"] {
            drop.optOutLists =
                list(node, of: "list names") { parser, element in
                    guard let name = parser.nonEmptyString(element) else { return nil }
                    guard OptOutListName.isSharedName(name) else {
                        parser.report(
                            .invalid(
                                at: element.path,
                                "a shared opt-out list's name may use only ASCII letters, digits, `_` and `-`",
                                line: element.line
                            )
                        )
                        return nil
                    }
                    return name
                } ?? drop.optOutLists
        }
        drop.replyWindow = duration(map["replyWindow"]) ?? drop.replyWindow
    }
}
