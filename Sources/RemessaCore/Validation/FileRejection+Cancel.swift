extension FileRejection {
    /// `NOTHING_TO_CANCEL`: a cancel marker names no unfinished batch of the drop (contract §10).
    public static func nothingToCancel(input: String) -> FileRejection {
        FileRejection(
            code: .nothingToCancel,
            line: nil,
            sentence: LocalizedSentence(
                ptBR: "Nada a cancelar: nenhum envio em andamento do arquivo \(input) nesta pasta.",
                en: "Nothing to cancel: no unfinished batch of file \(input) in this drop."
            )
        )
    }
}
