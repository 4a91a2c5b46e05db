import Foundation
import TesseraCore

extension Orchestrator {
    /// Embeds texts for a caller with the `ai.embeddings` scope, charged to a workspace like chat.
    public func embed(_ texts: [String], model: String, dimensions: Int?, workspaceID: String?, as caller: Principal) async throws -> EmbeddingRouter.Output {
        try caller.require(.aiEmbeddings)
        guard let embeddings else { throw OrchestratorError.configuration("no embedding models are configured") }
        let workspace = try await workspaceToCharge(requested: workspaceID, base: nil, caller: caller)
        try await requireBudget(workspaceID: workspace)
        let output = try await embeddings.embed(texts, model: model, dimensions: dimensions)
        try await services.usage.record(
            UsageEntry(
                workspaceID: workspace, userID: caller.userID, tokenID: caller.tokenID, model: output.model,
                inputTokens: output.inputTokens, outputTokens: 0, costUSD: output.costUSD ?? 0, cached: false, time: Date()))
        return output
    }
}
