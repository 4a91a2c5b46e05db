import ArgumentParser
import Foundation
import Logging
import TesseraCore
import TesseraStorage

struct WorkspacesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspaces",
        abstract: "Manage workspaces.", subcommands: [Create.self, AddMember.self, Budget.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a workspace; prints its id.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Workspace name.") var name: String
        @Option(help: "Email of the owner.") var owner: String

        func run() async throws {
            let (_, services) = try await store.openServices(logger: CLILogging.bootstrap(level: .warning))
            let workspace = try await reportingErrors {
                guard let user = try await services.auth.user(email: owner) else { throw CLIError("No user with the email \(owner)") }
                return try await services.workspaces.createWorkspace(name: name, ownerID: user.id)
            }
            print(workspace.id)
        }
    }

    struct AddMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user to a workspace, or change their permission level.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Workspace id (wsp…).") var workspace: String
        @Option(help: "Email of the user to add.") var email: String
        @Option(help: "Permission level: owner, create, edit, comment, read.") var level: String = "edit"

        func run() async throws {
            guard let permission = PermissionLevel(rawValue: level) else {
                throw CLIError("Unknown level \"\(level)\"; use one of owner, create, edit, comment, read")
            }
            let (_, services) = try await store.openServices(logger: CLILogging.bootstrap(level: .warning))
            try await reportingErrors {
                try await services.workspaces.setMemberAsOperator(email: email, level: permission, workspaceID: workspace)
            }
        }
    }

    struct Budget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or set a workspace's monthly AI budget (US dollars; chat and embeddings over it answer 429).")

        @OptionGroup var store: StoreOptions
        @Option(help: "Workspace id (wsp…).") var workspace: String
        @Option(help: "The new monthly budget in US dollars.") var monthlyUsd: Double?
        @Flag(help: "Remove the budget (no limit).") var remove = false

        func validate() throws {
            if remove && monthlyUsd != nil { throw ValidationError("Give either --monthly-usd or --remove, not both") }
            if let monthlyUsd, !(monthlyUsd >= 0 && monthlyUsd.isFinite) { throw ValidationError("--monthly-usd must be a non-negative number") }
        }

        func run() async throws {
            let (database, services) = try await store.openServices(logger: CLILogging.bootstrap(level: .warning))
            let status = try await reportingErrors {
                guard try await database.workspace(id: workspace) != nil else { throw CLIError("No workspace \(workspace)") }
                if remove || monthlyUsd != nil {
                    try await services.usage.setMonthlyBudget(remove ? nil : monthlyUsd, workspaceID: workspace, by: .operator)
                }
                return try await services.usage.status(workspaceID: workspace)
            }
            let budget = status.monthlyBudgetUSD.map { String(format: "$%.2f", $0) } ?? "none"
            print("budget: \(budget) per month, spent this month: \(String(format: "$%.6f", status.spentThisMonthUSD))")
        }
    }
}
