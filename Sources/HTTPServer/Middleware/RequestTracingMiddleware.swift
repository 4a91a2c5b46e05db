import HTTPTypes
import Hummingbird
import Tracing

/// A server span per request, continuing the caller's trace from its W3C `traceparent`, with
/// the method, route template and status only. Hummingbird's `TracingMiddleware` also records
/// the path and query, which name tables and carry formulas: the user's data, kept out of spans.
struct RequestTracingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var parent = InstrumentationContext.current ?? .topLevel
        InstrumentationSystem.instrument.extract(request.headers, into: &parent, using: HTTPFieldsExtractor())
        let method = request.method.rawValue
        let span = startSpan(method, context: parent, ofKind: .server)
        span.attributes["http.request.method"] = method
        do {
            var response = try await InstrumentationContext.withValue(span.context) { try await next(request, context) }
            Self.finish(span, method: method, route: context.endpointPath, status: Int(response.status.code))
            // Ends once the body is written: a streamed answer is still part of the request.
            let body = response.body
            response.body = ResponseBody(contentLength: body.contentLength) { writer in
                defer { span.end() }
                try await body.write(writer)
            }
            return response
        } catch {
            Self.finish(span, method: method, route: context.endpointPath, status: Int((error as? any HTTPResponseError)?.status.code ?? 500))
            span.end()
            throw error
        }
    }

    private static func finish(_ span: any Span, method: String, route: String?, status: Int) {
        if let route {
            span.operationName = "\(method) \(route)"
            span.attributes["http.route"] = route
        }
        span.attributes["http.response.status_code"] = status
        if status >= 500 { span.setStatus(SpanStatus(code: .error)) }
    }
}

private struct HTTPFieldsExtractor: Extractor {
    func extract(key: String, from fields: HTTPFields) -> String? {
        HTTPField.Name(key).flatMap { fields[$0] }
    }
}
