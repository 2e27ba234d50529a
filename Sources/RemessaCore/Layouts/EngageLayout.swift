/// The Engage import layout: exactly these 13 columns (contract §2).
enum EngageLayout {
    static let columns = [
        "TIPO_DE_REGISTRO", "VALOR_DO_REGISTRO", "MENSAGEM", "NOME_CLIENTE", "CPFCNPJ", "CODCLIENTE", "TAG",
        "CORINGA1", "CORINGA2", "CORINGA3", "CORINGA4", "CORINGA5", "PRIORIDADE",
    ]

    static let phoneChannel = "TELEFONE"
    static let emailChannel = "EMAIL"
}

/// Header aliases of the `base` layout (contract §2), matched after `HeaderName.normalise`.
package enum BaseLayout {
    /// Destination aliases, most specific first: when a file has both `TELEFONE` and `CELULAR`, the mobile
    /// column is the one to text. `remessa optout import` finds its number column by them too.
    package static let destination = [
        "DESTINATION", "DESTINO", "CELULAR", "MSISDN", "NUMERO", "TELEFONE", "FONE", "PHONE", "TO",
    ]
    static let message = ["MENSAGEM", "TEXTO", "MESSAGE", "TEXT", "SMS"]
    /// `correlationId`, `Correlation-ID`, `correlation id`… all normalise to one of these two.
    static let correlation = ["CORRELATIONID", "CORRELATION_ID"]
    static let name = ["NOME", "NOME_CLIENTE", "NAME"]
    static let priority = ["PRIORIDADE", "PRIORITY"]
    static let taxID = ["CPFCNPJ", "CPF_CNPJ", "CPF", "CNPJ"]
}

/// Header of the Sinch TXT layout.
enum SinchLayout {
    static let number = "NUMERO"
    static let text = "TEXTO"
    static let correlation = ["CORRELATIONID", "CORRELATION_ID"]
}
