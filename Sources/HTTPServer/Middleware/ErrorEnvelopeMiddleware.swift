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
            let message = (error as? HTTPError)?.body ?? error.status.reasonPhrase
            // The error's headers stay: a 405 names the methods served in `Allow`.
            return .json(
                Self.envelope(type: Self.type(of: error.status), message: message), status: error.status,
                headers: (error as? HTTPError)?.headers ?? [:])
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return .json(
                Self.envelope(type: "SERVER_ERROR", message: "The server failed to handle the request (request id \(context.id))"),
                status: .internalServerError)
        }
    }

    static func response(for error: TesseraError) -> Response {
        var headers: HTTPFields = [:]
        if let seconds = error.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
        return .json(envelope(type: error.code.wire.airtable, message: error.message), status: error.code.status, headers: headers)
    }

    private static func type(of status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "NOT_FOUND"
        case .methodNotAllowed: "METHOD_NOT_ALLOWED"
        case .contentTooLarge: "REQUEST_TOO_LARGE"
        default: "INVALID_REQUEST_UNKNOWN"
        }
    }

    static func envelope(type: String, message: String) -> JSONValue {
        ["error": ["type": .string(type), "message": .string(message)]]
    }
}
