import Foundation
import TesseraCore
import TesseraStorage

import class GRDB.DatabaseQueue

/// A fresh store with the services, and one user who owns one workspace: what most tests start
/// from. Each world has its own database: a SQLite file in its directory, or, when
/// `TESSERA_TEST_DATABASE_URL` is set, a PostgreSQL schema of its own.
public struct TestWorld: Sendable {
    public let directory: URL
    public let store: any TesseraStore
    public let services: TesseraServices
    public let owner: User
    public let ownerPrincipal: Principal
    public let workspace: Workspace
    private let postgres: (store: PostgresStore, schema: PostgresTestSchema)?

    /// Cheap bcrypt so tests stay fast; the production cost is set in `AuthService.Configuration`.
    /// `onSQLite` keeps the world on SQLite even when a test database is configured, for tests
    /// of SQLite itself.
    public static func make(accessTokenLifetime: TimeInterval = 900, onSQLite: Bool = false) async throws -> TestWorld {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-test-\(UUID().uuidString)")
        let store: any TesseraStore
        var postgres: (store: PostgresStore, schema: PostgresTestSchema)?
        if !onSQLite, let schema = try await PostgresTestSchema.create() {
            let postgresStore = try await schema.openStore()
            postgres = (postgresStore, schema)
            store = postgresStore
        } else {
            store = try SQLiteStore(dataDirectory: directory.path)
        }
        var configuration = AuthService.Configuration()
        configuration.bcryptCost = 4
        configuration.accessTokenLifetime = accessTokenLifetime
        let services = try await TesseraServices(store: store, auth: configuration)
        let owner = try await services.auth.createUser(email: "owner@example.com", name: "Owner", password: "correct horse battery")
        let workspace = try await services.workspaces.createWorkspace(name: "Main", ownerID: owner.id)
        return TestWorld(
            directory: directory, store: store, services: services, owner: owner,
            ownerPrincipal: .session(userID: owner.id, email: owner.email), workspace: workspace, postgres: postgres)
    }

    /// Another user with a workspace of their own.
    public func makeStranger(email: String = "stranger@example.com") async throws -> (Principal, Workspace) {
        let user = try await services.auth.createUser(email: email, name: nil, password: "another long password")
        let workspace = try await services.workspaces.createWorkspace(name: "Theirs", ownerID: user.id)
        return (.session(userID: user.id, email: user.email), workspace)
    }

    /// A base with one table "Tasks" covering the common field types.
    public func makeTasksBase(name: String = "Project") async throws -> (Base, Table) {
        let definition = TableDefinition(
            name: "Tasks",
            fields: [
                FieldDefinition(name: "Name", type: "singleLineText"),
                FieldDefinition(name: "Notes", type: "multilineText"),
                FieldDefinition(name: "Points", type: "number", options: ["precision": 1]),
                FieldDefinition(name: "Done", type: "checkbox"),
                FieldDefinition(name: "Status", type: "singleSelect", options: ["choices": [["name": "Todo"], ["name": "Doing"], ["name": "Done"]]]),
                FieldDefinition(name: "Tags", type: "multipleSelects", options: ["choices": [["name": "red"], ["name": "blue"]]]),
                FieldDefinition(name: "Due", type: "date"),
                FieldDefinition(name: "Email", type: "email"),
                FieldDefinition(name: "Created", type: "createdTime"),
                FieldDefinition(name: "Number", type: "autoNumber"),
            ])
        let (base, tables) = try await services.workspaces.createBase(name: name, workspaceID: workspace.id, tables: [definition], by: ownerPrincipal)
        return (base, tables[0])
    }

    /// Runs SQL on the world's database beside the store (each statement alone): `sqlite` on
    /// SQLite, `postgres` on its PostgreSQL schema. For tests that reach under the store.
    public func executeSQL(sqlite: [String], postgres: [String]) async throws {
        if let schema = self.postgres?.schema {
            try await schema.execute(postgres)
        } else {
            let database = try DatabaseQueue(path: SQLiteStore.path(inDataDirectory: directory.path))
            try await database.write { db in
                for statement in sqlite { try db.execute(sql: statement) }
            }
        }
    }

    /// Deletes the world's database. A PostgreSQL schema is dropped in the background (this is
    /// called from `defer`, which cannot wait); the throwaway test server goes with the rest.
    public func remove() {
        try? FileManager.default.removeItem(at: directory)
        if let postgres {
            Task {
                await postgres.store.shutdown()
                try? await postgres.schema.drop()
            }
        }
    }
}
