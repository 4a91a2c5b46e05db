import Hummingbird
import Logging
import NIOCore
import TesseraCore

/// Answers every failure in Airtable's envelope `{"error": {"type", "message"}}` with the status
/// the error's kind implies. Unexpected errors are logged with the request id and answered 500
/// without internals.
struct ErrorEnvelopeMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as TesseraError {
            return Self.response(for: error)
        } catch let error as any HTTPResponseError {
            let type = error.status == .notFound ? "NOT_FOUND" : (error.status == .contentTooLarge ? "REQUEST_TOO_LARGE" : "INVALID_REQUEST_UNKNOWN")
            let message = (error as? HTTPError)?.body ?? error.status.reasonPhrase
            return .json(Self.envelope(type: type, message: message), status: error.status)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return .json(Self.envelope(type: "SERVER_ERROR", message: "The server failed to handle the request (request id \(context.id))"),
                         status: .internalServerError)
        }
    }

    static func response(for error: TesseraError) -> Response {
        var headers: HTTPFields = [:]
        if let seconds = error.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
        return .json(envelope(type: error.code.wire.airtable, message: error.message), status: error.code.status, headers: headers)
    }

    static func envelope(type: String, message: String) -> JSONValue {
        ["error": ["type": .string(type), "message": .string(message)]]
    }
}
