import Hummingbird
import NIOCore
import TesseraCore

/// Per-request state: Hummingbird's core context plus the authenticated principal.
public struct TesseraRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthenticationMiddleware` on every authenticated route.
    public var principal: Principal?
    /// The peer of the connection (a reverse proxy, when there is one).
    public let remoteAddress: SocketAddress?

    public init(source: Source) {
        coreContext = .init(source: source)
        principal = nil
        remoteAddress = source.channel.remoteAddress
    }

    /// Bodies beyond this answer 413 (Airtable's own limit is in the same range).
    public var maxUploadSize: Int { 2 * 1024 * 1024 }

    /// The table a `/v0/{baseId}/{table}/…` or `…/meta/bases/{baseId}/tables/{table}/…` route
    /// names, and the caller.
    func tableRef() throws -> TableRef {
        TableRef(baseID: try parameters.decoded("baseId"), table: try parameters.decoded("table"), by: try requirePrincipal())
    }

    func requirePrincipal() throws -> Principal {
        guard let principal else { throw TesseraError.unauthenticated() }
        return principal
    }
}
