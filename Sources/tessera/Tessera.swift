import ArgumentParser

@main
struct Tessera: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tessera",
        abstract: "A self-hosted, AI-first table platform.",
        subcommands: [Serve.self, Users.self, Workspaces.self, Tokens.self, Migrate.self, Embed.self, Chat.self, IngestCommand.self, SearchCommand.self, MCPCommand.self])
}
