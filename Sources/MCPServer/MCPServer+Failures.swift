import Foundation
import Logging
import MCP
import TesseraCore

extension MCPServer {
    /// Runs a request handler so that the client only ever sees errors meant for it: MCP errors
    /// as they are, service errors by their message, and anything unexpected (storage, I/O) as
    /// an internal error with an incident id, its details in the log rather than on the wire.
    func shielded<Result>(_ method: String, _ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as MCPError {
            throw error
        } catch let error as TesseraError {
            throw MCPError.invalidParams("\(method): \(error.message)")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            let incident = TesseraID.make(.incident)
            logger.error("MCP request failed", metadata: ["method": "\(method)", "incident": "\(incident)", "error": "\(String(reflecting: error))"])
            throw MCPError.internalError("Tessera could not complete \(method); the server logged the cause as \(incident)")
        }
    }
}
