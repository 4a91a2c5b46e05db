import HTTPTypes
import Hummingbird
import NIOCore

/// Answers 405 with `Allow` when a request's path is served but not with its method: the router
/// alone answers 404 for both. Paths are matched by a router holding one endpoint per served
/// path, so they match exactly as the real routes do.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    private let allowedMethods: RouterResponder<Context>

    init(routes: [Router<Context>.RouteDescription]) {
        let lookup = Router(context: Context.self)
        for (_, endpoints) in Dictionary(grouping: routes, by: \.path.description) {
            let allow = endpoints.map(\.method.rawValue).sorted().joined(separator: ", ")
            lookup.get(endpoints[0].path) { _, _ in Response(status: .noContent, headers: [.allow: allow]) }
        }
        allowedMethods = lookup.buildResponder()
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allow = await allowedMethods(at: request, context: context),
                !allow.split(separator: ",").contains(where: { $0.drop(while: { $0 == " " }) == request.method.rawValue })
            else { throw error }
            throw HTTPError(.methodNotAllowed, headers: [.allow: allow], message: "\(request.method) is not served at \(request.uri.path); use \(allow)")
        }
    }

    /// The `Allow` value of the request's path, or nil when no route has that path.
    private func allowedMethods(at request: Request, context: Context) async -> String? {
        var head = request.head
        head.method = .get
        let response = try? await allowedMethods.respond(to: Request(head: head, body: .init(buffer: ByteBuffer())), context: context)
        return response?.headers[.allow]
    }
}
