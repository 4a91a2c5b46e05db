/// Scopes a personal access token may carry: Airtable's names plus Tessera's AI scopes.
public enum TokenScope: String, Sendable, Codable, CaseIterable {
    case recordsRead = "data.records:read"
    case recordsWrite = "data.records:write"
    case commentsRead = "data.recordComments:read"
    case commentsWrite = "data.recordComments:write"
    case schemaRead = "schema.bases:read"
    case schemaWrite = "schema.bases:write"
    case emailRead = "user.email:read"
    case aiChat = "ai.chat"
    case aiEmbeddings = "ai.embeddings"
    /// Reading the audit log of a workspace the user owns.
    case auditLogsRead = "workspace.auditLogs:read"
}
