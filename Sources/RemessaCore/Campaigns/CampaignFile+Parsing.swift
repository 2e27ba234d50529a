import Foundation

/// Strict reading of a campaign file: a JSON object with only the keys of contract §10, each of its type. Any
/// problem is `INVALID_CAMPAIGN` with a sentence that names the key.
extension CampaignFile {
    /// Reads the bytes of a campaign file (UTF-8, with or without BOM).
    public static func parse(_ bytes: [UInt8]) -> Result<CampaignFile, FileRejection> {
        guard bytes.count <= maxBytes else { return .failure(tooLarge) }
        var content = bytes[...]
        if content.starts(with: [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
        do {
            return .success(try JSONDecoder().decode(Decoded.self, from: Data(content)).campaign)
        } catch let rejection as FileRejection {
            return .failure(rejection)
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            return .failure(
                .invalidCampaign(
                    key: nil,
                    problemPT: "deve ser um objeto JSON: { \"base\": \"clientes.csv\", … }.",
                    problem: "must be a JSON object: { \"base\": \"clientes.csv\", … }."
                )
            )
        } catch {
            return .failure(
                .invalidCampaign(
                    key: nil,
                    problemPT: "não é um JSON válido; confira aspas, vírgulas e chaves.",
                    problem: "is not valid JSON; check its quotes, commas and braces."
                )
            )
        }
    }

    /// `INVALID_CAMPAIGN` for a file over ``maxBytes`` (judged before it is read).
    public static let tooLarge = FileRejection.invalidCampaign(
        key: nil,
        problemPT: "passa de \(maxBytes / 1024) KiB; ele só leva as chaves da campanha.",
        problem: "is larger than \(maxBytes / 1024) KiB; it holds only the campaign's keys."
    )

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes the object key by key, throwing the ``FileRejection`` of the first problem.
    private struct Decoded: Decodable {
        var campaign: CampaignFile

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            let unknown = container.allKeys.map(\.stringValue).filter { !CampaignFile.keys.contains($0) }.sorted()
            if let key = unknown.first {
                let known = CampaignFile.keys.joined(separator: ", ")
                throw FileRejection.invalidCampaign(
                    key: key,
                    problemPT: "não existe; as chaves são: \(known).",
                    problem: "is not known; the keys are: \(known)."
                )
            }
            guard let base = try Self.text("base", in: container) else {
                throw FileRejection.invalidCampaign(
                    key: "base",
                    problemPT: "é obrigatória: o nome de um arquivo da pasta bases/.",
                    problem: "is required: the name of a file in the bases/ folder."
                )
            }
            if base.contains("/") || base.hasPrefix(".") || base.contains("\0") {
                throw FileRejection.invalidCampaign(
                    key: "base",
                    problemPT: "deve ser só o nome de um arquivo da pasta bases/, sem pastas.",
                    problem: "must be just the name of a file in the bases/ folder, without folders."
                )
            }
            campaign = CampaignFile(base: base)
            campaign.template = try Self.text("template", in: container)
            campaign.sender = try Self.text("sender", in: container)
            campaign.sendAt = try Self.date("sendAt", in: container)
            campaign.sendUntil = try Self.date("sendUntil", in: container)
            campaign.priority = try Self.choice(
                "priority",
                in: container,
                allowed: "ALTA, MEDIA, BAIXA",
                Priority.init(parsing:)
            )
            campaign.countryCode = try Self.choice(
                "countryCode",
                in: container,
                allowed: "auto, present, absent",
                CountryCodeMode.init(rawValue:)
            )
            campaign.onMissingField = try Self.choice(
                "onMissingField",
                in: container,
                allowed: "reject, blank",
                MissingFieldPolicy.init(rawValue:)
            )
            campaign.label = try Self.text("label", in: container)
            if container.contains(Key(stringValue: "validateOnly")) {
                do {
                    campaign.validateOnly = try container.decode(Bool.self, forKey: Key(stringValue: "validateOnly"))
                } catch {
                    throw FileRejection.invalidCampaign(
                        key: "validateOnly",
                        problemPT: "deve ser true ou false (sem aspas).",
                        problem: "must be true or false (without quotes)."
                    )
                }
            }
        }

        /// A non-empty string, or nil when the key is absent.
        private static func text(_ name: String, in container: KeyedDecodingContainer<Key>) throws -> String? {
            let key = Key(stringValue: name)
            guard container.contains(key) else { return nil }
            let value: String
            do {
                value = try container.decode(String.self, forKey: key)
            } catch {
                throw FileRejection.invalidCampaign(
                    key: name,
                    problemPT: "deve ser um texto entre aspas.",
                    problem: "must be a text in quotes."
                )
            }
            guard !value.allSatisfy(\.isWhitespace) else {
                throw FileRejection.invalidCampaign(
                    key: name,
                    problemPT: "está vazia; preencha-a ou retire-a.",
                    problem: "is empty; fill it in or remove it."
                )
            }
            return value
        }

        private static func date(_ name: String, in container: KeyedDecodingContainer<Key>) throws -> OffsetDateTime? {
            guard let text = try text(name, in: container) else { return nil }
            switch OffsetDateTime.parse(text) {
            case .success(let date):
                return date
            case .failure(.missingOffset):
                throw FileRejection.invalidCampaign(
                    key: name,
                    problemPT: "(\(text)) não diz o fuso horário; escreva-o no fim, como 2026-12-24T09:00:00-03:00.",
                    problem: "(\(text)) has no UTC offset; end it with one, as in 2026-12-24T09:00:00-03:00."
                )
            case .failure(.malformed):
                throw FileRejection.invalidCampaign(
                    key: name,
                    problemPT: "(\(text)) não é uma data e hora ISO 8601 como 2026-12-24T09:00:00-03:00.",
                    problem: "(\(text)) is not an ISO 8601 date and time such as 2026-12-24T09:00:00-03:00."
                )
            }
        }

        private static func choice<T>(
            _ name: String,
            in container: KeyedDecodingContainer<Key>,
            allowed: String,
            _ make: (String) -> T?
        ) throws -> T? {
            guard let text = try text(name, in: container) else { return nil }
            guard let value = make(text) else {
                throw FileRejection.invalidCampaign(
                    key: name,
                    problemPT: "(\(text)) deve ser um destes: \(allowed).",
                    problem: "(\(text)) must be one of: \(allowed)."
                )
            }
            return value
        }
    }
}
