/// The whole-file answers to a campaign file (contract §10), each telling the client what to fix.
extension FileRejection {
    /// `INVALID_CAMPAIGN` naming `key` (or the file as a whole when `key` is nil).
    public static func invalidCampaign(key: String?, problemPT: String, problem: String) -> FileRejection {
        let wherePT = key.map { "A chave \"\($0)\" do arquivo de campanha " } ?? "O arquivo de campanha "
        let whereEN = key.map { "The campaign file's key \"\($0)\" " } ?? "The campaign file "
        return FileRejection(
            code: .invalidCampaign,
            line: nil,
            field: key,
            sentence: LocalizedSentence(ptBR: wherePT + problemPT, en: whereEN + problem)
        )
    }

    /// Why a campaign's base cannot be used.
    public enum MissingBase: Sendable, Equatable {
        /// No file of that name in `bases/`.
        case absent
        /// It was deleted `baseRetention` after it was first saved.
        case expired
        /// It was rejected as a whole (its error file says why) and moved to `failed/`.
        case rejected
        /// It was still being uploaded or checked when the wait for it ended.
        case notReady
    }

    /// `BASE_NOT_FOUND` for the base named `base`.
    public static func baseNotFound(_ base: String, _ why: MissingBase) -> FileRejection {
        let sentence: LocalizedSentence
        switch why {
        case .absent:
            sentence = LocalizedSentence(
                ptBR: "A base \"\(base)\" não existe na pasta bases/. Envie a base para bases/ antes da campanha.",
                en: "Base \"\(base)\" is not in the bases/ folder. Upload the base to bases/ before the campaign."
            )
        case .expired:
            sentence = LocalizedSentence(
                ptBR: "A base \"\(base)\" expirou e foi apagada de bases/. Envie-a de novo para bases/.",
                en: "Base \"\(base)\" expired and was deleted from bases/. Upload it to bases/ again."
            )
        case .rejected:
            sentence = LocalizedSentence(
                ptBR: "A base \"\(base)\" foi recusada (veja \(base).error.csv) e está em failed/. Corrija e envie-a "
                    + "de novo para bases/.",
                en: "Base \"\(base)\" was rejected (see \(base).error.csv) and is in failed/. Fix it and upload it "
                    + "to bases/ again."
            )
        case .notReady:
            sentence = LocalizedSentence(
                ptBR: "A base \"\(base)\" ainda estava sendo enviada ou conferida quando a espera acabou. Envie a "
                    + "campanha de novo depois de receber \(base).saved.json.",
                en: "Base \"\(base)\" was still being uploaded or checked when the wait ended. Upload the campaign "
                    + "again once \(base).saved.json is out."
            )
        }
        return FileRejection(code: .baseNotFound, line: nil, field: "base", sentence: sentence)
    }

    /// `SENDER_NOT_ALLOWED`: `sender` is not one the drop's route may use.
    public static func senderNotAllowed(_ sender: String, allowed: [String]) -> FileRejection {
        let list = allowed.map { "\"\($0)\"" }.joined(separator: ", ")
        return FileRejection(
            code: .senderNotAllowed,
            line: nil,
            field: "sender",
            sentence: allowed.isEmpty
                ? LocalizedSentence(
                    ptBR: "O remetente \"\(sender)\" não é permitido nesta pasta; retire a chave \"sender\".",
                    en: "Sender \"\(sender)\" is not allowed for this drop; remove the \"sender\" key."
                )
                : LocalizedSentence(
                    ptBR: "O remetente \"\(sender)\" não é permitido nesta pasta; use um destes: \(list).",
                    en: "Sender \"\(sender)\" is not allowed for this drop; use one of: \(list)."
                )
        )
    }

    /// `SCHEDULE_TOO_FAR`: `sendAt` beyond `maxScheduleAhead` (in days, as the sentence shows it).
    public static func sendAtTooFar(_ sendAt: String, limitDays: Int) -> FileRejection {
        FileRejection(
            code: .scheduleTooFar,
            line: nil,
            field: "sendAt",
            sentence: LocalizedSentence(
                ptBR: "\"sendAt\" (\(sendAt)) passa do limite de \(limitDays) dias à frente; escolha uma data mais "
                    + "próxima.",
                en: "\"sendAt\" (\(sendAt)) is more than \(limitDays) days ahead; choose an earlier date."
            )
        )
    }

    /// `SCHEDULE_TOO_FAR`: `sendUntil` before `sendAt` (or before now, without one).
    public static func sendUntilBeforeSendAt(_ sendUntil: String, sendAt: String?) -> FileRejection {
        FileRejection(
            code: .scheduleTooFar,
            line: nil,
            field: "sendUntil",
            sentence: sendAt.map { sendAt in
                LocalizedSentence(
                    ptBR: "\"sendUntil\" (\(sendUntil)) é anterior a \"sendAt\" (\(sendAt)); nada poderia ser enviado.",
                    en: "\"sendUntil\" (\(sendUntil)) is before \"sendAt\" (\(sendAt)); nothing could be sent."
                )
            }
                ?? LocalizedSentence(
                    ptBR: "\"sendUntil\" (\(sendUntil)) já passou; nada poderia ser enviado.",
                    en: "\"sendUntil\" (\(sendUntil)) has passed; nothing could be sent."
                )
        )
    }
}
