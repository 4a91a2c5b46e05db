import Hummingbird
import LLM
import Logging
import Orchestrator
import TesseraCore

/// Answers every failure under `/v1` in OpenAI's envelope
/// `{"error": {"message", "type", "param", "code"}}`, with the status OpenAI would use, so the
/// official SDKs raise their usual exception classes.
struct OpenAIErrorMiddleware: RouterMiddleware {
    typealias Context = TesseraRequestContext
    /// Only requests whose path starts with this are answered here; nil: every request.
    var pathPrefix: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard pathPrefix.map({ request.uri.path.hasPrefix($0) }) ?? true else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch {
            return Self.response(for: error, context: context)
        }
    }

    static func response(for error: any Error, context: Context) -> Response {
        let failure = OpenAIFailure(error)
        if failure.status == .internalServerError || failure.status == .badGateway {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
        }
        // An HTTPError's headers stay: a 405 names the methods served in `Allow`.
        var headers = (error as? HTTPError)?.headers ?? [:]
        if let seconds = failure.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
        return .json(failure.envelope, status: failure.status, headers: headers)
    }
}

/// An error as OpenAI's API reports it.
struct OpenAIFailure {
    var status: HTTPResponse.Status
    var type: String
    var code: String?
    var param: String?
    var message: String
    var retryAfterSeconds: Int?

    var envelope: JSONValue {
        [
            "error": [
                "message": .string(message), "type": .string(type),
                "param": param.map(JSONValue.string) ?? .null, "code": code.map(JSONValue.string) ?? .null,
            ]
        ]
    }

    init(status: HTTPResponse.Status, type: String, code: String?, param: String? = nil, message: String, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.type = type
        self.code = code
        self.param = param
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    init(_ error: any Error) {
        switch error {
        case let error as OpenAIRequestError:
            self.init(status: .badRequest, type: "invalid_request_error", code: nil, param: error.param, message: error.message)
        case let error as TesseraError:
            self.init(error)
        case let error as LLMError:
            self.init(error)
        case let error as OrchestratorError:
            switch error {
            case .invalidRequest(let message):
                self.init(status: .badRequest, type: "invalid_request_error", code: nil, message: message)
            case .configuration:
                // Which file or setting is wrong is for the operator's log, not the client.
                self.init(
                    status: .internalServerError, type: "server_error", code: nil,
                    message: "The server is not configured to answer this; its log says why")
            }
        case let error as any HTTPResponseError:
            self.init(status: error.status, type: "invalid_request_error", code: nil, message: (error as? HTTPError)?.body ?? error.status.reasonPhrase)
        default:
            self.init(status: .internalServerError, type: "server_error", code: nil, message: "The server failed to handle the request")
        }
    }

    /// OpenAI answers every invalid request 400, where Airtable distinguishes 422.
    private init(_ error: TesseraError) {
        let wire = error.code.wire
        let status: HTTPResponse.Status = error.kind == .invalidRequest ? .badRequest : error.code.status
        self.init(status: status, type: wire.openAI, code: wire.openAICode, message: error.message, retryAfterSeconds: error.retryAfterSeconds)
    }

    /// Provider failures are the upstream's, not the client's: they answer 502 (after the
    /// fallbacks ran out), except what the client can act on.
    private init(_ error: LLMError) {
        switch error.code {
        case .unknownModel, .configuration:
            self.init(status: .notFound, type: "invalid_request_error", code: "model_not_found", param: "model", message: error.message)
        case .invalidRequest:
            self.init(status: .badRequest, type: "invalid_request_error", code: nil, message: error.message)
        case .rateLimited:
            self.init(
                status: .tooManyRequests, type: "rate_limit_error", code: "rate_limit_exceeded", message: error.message,
                retryAfterSeconds: error.retryAfter.map { max(1, Int($0.components.seconds)) })
        default:
            // The provider's own text (hosts, internal messages) stays in the log.
            let status = error.status.map { " (HTTP \($0))" } ?? ""
            self.init(
                status: .badGateway, type: "api_error", code: "upstream_error",
                message: "No model provider could answer: \(error.code.rawValue)\(status)")
        }
    }
}
