import Foundation
import Hummingbird

/// The address a request comes from, as the key of per-client limits: the connection's peer, or,
/// behind a reverse proxy, the address that proxy saw.
struct ClientAddressReader: Sendable {
    /// Believe `X-Forwarded-For`. Only behind a proxy that sets it: otherwise any client could
    /// give itself a fresh address with every request.
    let trustForwardedFor: Bool

    func address(of request: Request, context: TesseraRequestContext) -> String {
        if trustForwardedFor, let forwarded = Self.lastForwardedAddress(request.headers) {
            return forwarded
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The last entry of the last `X-Forwarded-For`: the one our proxy appended. The entries
    /// before it are whatever the client sent.
    private static func lastForwardedAddress(_ headers: HTTPFields) -> String? {
        guard let header = headers.last(where: { $0.name.canonicalName == "x-forwarded-for" }) else { return nil }
        let address = header.value.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) }
        return address?.isEmpty == false ? address : nil
    }
}
