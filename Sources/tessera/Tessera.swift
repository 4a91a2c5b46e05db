import ArgumentParser

@main
struct Tessera: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tessera",
        abstract: "A self-hosted, AI-first table platform.",
        subcommands: [
            ServeCommand.self, UsersCommand.self, WorkspacesCommand.self, TokensCommand.self, MigrateCommand.self, EmbedCommand.self, ChatCommand.self,
            IngestCommand.self, SearchCommand.self, MCPCommand.self, PromptsCommand.self, ModelsCommand.self,
            BackupCommand.self, RestoreCommand.self, ExportCommand.self, ImportCommand.self, AuditCommand.self,
        ])
}
