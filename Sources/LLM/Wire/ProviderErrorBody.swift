/// The error bodies of all three providers, decoded leniently:
/// OpenAI `{"error":{"message","type","code"}}`, Anthropic
/// `{"type":"error","error":{"type","message","details":{"error_code"}}}`, Ollama `{"error":"…"}`.
struct ProviderErrorBody: Decodable {
    struct Detail: Decodable, Equatable {
        var message: String?
        var type: String?
        var code: String?
        var details: Details?

        struct Details: Decodable, Equatable {
            var errorCode: String?
            enum CodingKeys: String, CodingKey { case errorCode = "error_code" }
        }

        enum CodingKeys: String, CodingKey { case message, type, code, details }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            message = try? container.decodeIfPresent(String.self, forKey: .message)
            type = try? container.decodeIfPresent(String.self, forKey: .type)
            // OpenAI-compatible servers send `code` as a string or a number.
            if let text = try? container.decodeIfPresent(String.self, forKey: .code) {
                code = text
            } else if let number = try? container.decodeIfPresent(Int.self, forKey: .code) {
                code = String(number)
            }
            details = try? container.decodeIfPresent(Details.self, forKey: .details)
        }

        init(message: String) {
            self.message = message
        }
    }

    var error: Detail?

    enum CodingKeys: String, CodingKey { case error }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try? container.decode(String.self, forKey: .error) {
            error = Detail(message: text)
        } else {
            error = try container.decodeIfPresent(Detail.self, forKey: .error)
        }
    }

    /// The most specific machine-readable code the provider gave.
    var providerCode: String? {
        error?.details?.errorCode ?? error?.code ?? error?.type
    }

    /// Codes meaning a spend limit or quota is exhausted: Anthropic signals its spend limit with
    /// a 429 whose `error.details.error_code` is `enforced_spend_limit_reached`; OpenAI with
    /// `insufficient_quota` or the `*_spend_limit_exceeded` / `*_usage_limit_exceeded` codes.
    var isSpendLimit: Bool {
        let codes = [error?.details?.errorCode, error?.code, error?.type].compactMap { $0 }
        return codes.contains { code in
            code == "enforced_spend_limit_reached" || code == "insufficient_quota"
                || code == "credit_balance_exhausted" || code.hasSuffix("_spend_limit_exceeded")
                || code.hasSuffix("_usage_limit_exceeded")
        }
    }
}
