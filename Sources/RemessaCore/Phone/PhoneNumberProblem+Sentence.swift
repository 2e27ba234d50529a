extension PhoneNumberProblem {
    /// What is wrong and how to fix it, in Portuguese and English. Never contains the number itself.
    public func sentence() -> LocalizedSentence {
        switch self {
        case .empty:
            LocalizedSentence(
                ptBR: "O número de telefone está vazio.",
                en: "The phone number is empty."
            )
        case .excelScientificNotation:
            LocalizedSentence(
                ptBR: "O número está em notação científica (como 5,51199E+12): o Excel arredondou e perdeu dígitos. "
                    + "Formate a coluna como Número com 0 casas decimais (ou como Texto) e gere o arquivo de novo.",
                en: "The number is in scientific notation (like 5.51199E+12): Excel rounded it and lost digits. "
                    + "Format the column as Number with 0 decimal places (or as Text) and export the file again."
            )
        case .invalidCharacters(let character?):
            LocalizedSentence(
                ptBR: "O número contém “\(character)”, que não faz parte de um telefone. "
                    + "Use só dígitos, com + opcional no início (espaços, pontos, hífens e parênteses são aceitos).",
                en: "The number contains “\(character)”, which is not part of a phone number. "
                    + "Use digits only, with an optional leading + (spaces, dots, hyphens and parentheses are fine)."
            )
        case .invalidCharacters(nil):
            LocalizedSentence(
                ptBR: "O número contém um caractere invisível ou de controle que não faz parte de um telefone. "
                    + "Use só dígitos, com + opcional no início.",
                en: "The number contains an invisible or control character that is not part of a phone number. "
                    + "Use digits only, with an optional leading +."
            )
        case .tooShort(let count):
            LocalizedSentence(
                ptBR: "O número tem só \(Self.digitsPT(count)), poucos para um telefone. "
                    + "Um celular brasileiro tem DDD + 9 dígitos, como 11 98765-4321.",
                en: "The number has only \(Self.digitsEN(count)), too few for a phone number. "
                    + "A Brazilian mobile has an area code (DDD) + 9 digits, like 11 98765-4321."
            )
        case .tooLong(let count):
            LocalizedSentence(
                ptBR: "O número tem \(Self.digitsPT(count)), mais do que um telefone pode ter "
                    + "(celular brasileiro: 55 + DDD + 9 dígitos; internacional: até 15). "
                    + "Confira se há dígitos a mais, dois números juntos ou um código de país repetido.",
                en: "The number has \(Self.digitsEN(count)), more than a phone number can have "
                    + "(Brazilian mobile: 55 + area code + 9 digits; international: at most 15). "
                    + "Check for extra digits, two numbers run together or a repeated country code."
            )
        case .ambiguousLength(let count):
            LocalizedSentence(
                ptBR: "Com \(Self.digitsPT(count)) e sem + ou 00 no início, não dá para saber se o número é nacional "
                    + "(DDD + número: 10 ou 11 dígitos) ou internacional (55 + DDD + número: 12 ou 13 dígitos). "
                    + "Números de outros países precisam começar com + ou 00.",
                en: "With \(Self.digitsEN(count)) and no leading + or 00, the number is neither national "
                    + "(area code + number: 10 or 11 digits) nor international (55 + area code + number: 12 or 13 "
                    + "digits). Numbers from other countries must start with + or 00."
            )
        case .missingCountryCode:
            LocalizedSentence(
                ptBR: "O número está no formato nacional (começa com 0), mas este envio exige o código do país, "
                    + "como 55 11 98765-4321.",
                en: "The number is in national format (it starts with 0), but this drop requires the country code, "
                    + "like 55 11 98765-4321."
            )
        case .missingAreaCode:
            LocalizedSentence(
                ptBR: "Falta o DDD: o número tem só 8 ou 9 dígitos. Inclua o DDD, como 11 98765-4321.",
                en: "The area code (DDD) is missing: the number has only 8 or 9 digits. "
                    + "Add the area code, like 11 98765-4321."
            )
        case .unknownDDD(let ddd):
            LocalizedSentence(
                ptBR: "O DDD \(Self.twoDigits(ddd)) não existe no Brasil. "
                    + "Confira os dois dígitos do DDD, logo depois do 55 ou do 0 de longa distância.",
                en: "Area code (DDD) \(Self.twoDigits(ddd)) does not exist in Brazil. "
                    + "Check the two area-code digits, right after 55 or the long-distance 0."
            )
        case .landline:
            LocalizedSentence(
                ptBR: "O número é de telefone fixo (8 dígitos começando com 2 a 5 depois do DDD) e não recebe SMS.",
                en: "The number is a landline (8 digits starting with 2 to 5 after the area code) "
                    + "and cannot receive SMS."
            )
        case .missingNinthDigit:
            LocalizedSentence(
                ptBR: "O número parece um celular antigo, sem o nono dígito: tem 8 dígitos depois do DDD. "
                    + "Acrescente 9 na frente, como 11 8765-4321 → 11 98765-4321.",
                en: "The number looks like an old mobile number without the ninth digit: it has 8 digits after the "
                    + "area code. Add a 9 in front, like 11 8765-4321 → 11 98765-4321."
            )
        case .notMobile:
            LocalizedSentence(
                ptBR: "O número não é de celular: depois do DDD, um celular tem 9 dígitos começando com 9.",
                en: "The number is not a mobile number: after the area code, a mobile has 9 digits starting with 9."
            )
        case .unknownCountryCode:
            LocalizedSentence(
                ptBR: "O número não começa com um código de país válido. Confira os dígitos depois do + ou do 00.",
                en: "The number does not start with a valid country code. Check the digits after the + or 00."
            )
        case .countryNotAllowed(let code):
            LocalizedSentence(
                ptBR: "Este envio não aceita números do código de país +\(code).",
                en: "This drop does not accept numbers with country code +\(code)."
            )
        }
    }

    private static func digitsPT(_ count: Int) -> String { count == 1 ? "1 dígito" : "\(count) dígitos" }

    private static func digitsEN(_ count: Int) -> String { count == 1 ? "1 digit" : "\(count) digits" }

    private static func twoDigits(_ value: Int) -> String { value >= 0 && value < 10 ? "0\(value)" : "\(value)" }
}
