import Foundation
import TesseraCore
import TesseraTesting
import Testing

/// The audit log: what the services record, who may read it, paging, filters and retention.
@Suite struct AuditLogTests {
    /// The owner's view of their workspace, oldest first.
    private func log(_ world: TestWorld, _ configure: (inout AuditQuery) -> Void = { _ in }) async throws -> [AuditEntry] {
        var query = AuditQuery(workspaceID: world.workspace.id)
        query.ascending = true
        query.limit = 1000
        configure(&query)
        return try await world.services.audit.page(query, cursor: nil, for: world.ownerPrincipal).entries
    }

    @Test func recordsTheActsOfAWorkspace() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let owner = world.ownerPrincipal
        let (base, table) = try await world.makeTasksBase()
        let ref = TableRef(baseID: base.id, table: table.id, by: owner)
        let field = try await world.services.tables.createField(FieldDefinition(name: "Size", type: "number", options: ["precision": 0]), in: ref)
        _ = try await world.services.tables.updateField(field.id, in: ref, name: "Bigness", description: nil, options: nil)
        _ = try await world.services.tables.updateTable(ref, name: "Jobs", description: nil)
        let view = try await world.services.tables.createView(ViewDefinition(json: ["name": "Open"]), in: ref)
        try await world.services.tables.deleteView(view.id, in: ref)
        let (records, _) = try await world.services.records.create([["Name": "a"], ["Name": "b"]], typecast: false, in: ref)
        let (comment, _) = try await world.services.records.createComment(text: "hi", recordID: records[0].id, in: ref)
        try await world.services.records.deleteComment(id: comment.id, recordID: records[0].id, in: ref)
        _ = try await world.services.records.delete(recordIDs: records.map(\.id), in: ref)
        _ = try await world.services.auth.createUser(email: "member@example.com", name: nil, password: "a long password")
        try await world.services.workspaces.setMember(email: "member@example.com", level: .edit, workspaceID: world.workspace.id, by: owner)
        try await world.services.workspaces.setMember(email: "Member@Example.com", level: .read, workspaceID: world.workspace.id, by: owner)
        try await world.services.usage.setMonthlyBudget(25, workspaceID: world.workspace.id, by: .operator)

        let entries = try await log(world)
        #expect(
            entries.map(\.action) == [
                .userCreated, .workspaceCreated, .baseCreated, .fieldCreated, .fieldUpdated, .tableUpdated, .viewCreated, .viewDeleted,
                // The member's account entries show once they are a member.
                .commentDeleted, .recordsDeleted, .userCreated, .memberChanged, .memberChanged, .budgetChanged,
            ])
        #expect(entries.map(\.id) == entries.map(\.id).sorted())
        let byAction = Dictionary(entries.map { ($0.action, $0) }, uniquingKeysWith: { _, last in last })
        #expect(byAction[.userCreated]?.actor == .operator)
        #expect(byAction[.baseCreated]?.actor == .user(id: world.owner.id, tokenID: nil))
        #expect(byAction[.baseCreated]?.baseID == base.id)
        #expect(byAction[.fieldUpdated]?.payload["previousName"] == "Size")
        #expect(byAction[.fieldUpdated]?.payload["name"] == "Bigness")
        #expect(byAction[.tableUpdated]?.payload["previousName"] == "Tasks")
        #expect(byAction[.recordsDeleted]?.payload["recordIds"] == .array(records.map { .string($0.id) }))
        #expect(byAction[.memberChanged]?.payload["level"] == "read")
        #expect(byAction[.memberChanged]?.payload["previousLevel"] == "edit")
        #expect(byAction[.budgetChanged]?.payload["monthlyUsd"] == 25)
        #expect(byAction[.budgetChanged]?.payload["previousMonthlyUsd"] == .null)
        // No cell values in the log: only ids and names of the schema.
        #expect(!entries.contains { $0.payload.values.contains("a") })
    }

    @Test func loginsAndTokensShowInTheWorkspacesOfTheirAccount() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (stranger, strangerWorkspace) = try await world.makeStranger()
        _ = try await world.services.auth.login(email: "owner@example.com", password: "correct horse battery", ipAddress: "10.0.0.7")
        await #expect(throws: TesseraError.self) {
            _ = try await world.services.auth.login(email: "OWNER@example.com", password: "wrong password", ipAddress: "10.0.0.8")
        }
        await #expect(throws: TesseraError.self) {
            _ = try await world.services.auth.login(email: "nobody@example.com", password: "wrong password", ipAddress: "10.0.0.9")
        }
        _ = try await world.services.auth.login(email: "stranger@example.com", password: "another long password")
        let (_, token) = try await world.services.auth.createAccessToken(
            userID: world.owner.id, name: "ci", scopes: [.recordsRead], baseIDs: nil, by: AuditActor(world.ownerPrincipal))
        try await world.services.auth.revokeAccessToken(id: token.id, by: world.ownerPrincipal)
        for unknown in ["patNotATokenAtAll", "nonsense"] {
            let error = await #expect(throws: TesseraError.self) { try await world.services.auth.revokeAccessTokenAsOperator(id: unknown) }
            #expect(error?.kind == .notFound)
        }

        // A refresh token used twice: the second use is a copy, recorded against its account.
        let session = try await world.services.auth.login(email: "owner@example.com", password: "correct horse battery", ipAddress: "10.0.0.7")
        _ = try await world.services.auth.refresh(refreshToken: session.refreshToken)
        await #expect(throws: TesseraError.self) { _ = try await world.services.auth.refresh(refreshToken: session.refreshToken, ipAddress: "10.6.6.6") }

        let actions: Set<AuditAction> = [.loginSucceeded, .loginFailed, .tokenCreated, .tokenRevoked, .refreshTokenReused]
        let mine = try await log(world) { $0.actions = actions }
        #expect(mine.map(\.action) == [.loginSucceeded, .loginFailed, .tokenCreated, .tokenRevoked, .loginSucceeded, .refreshTokenReused])
        #expect(mine.map(\.ipAddress) == ["10.0.0.7", "10.0.0.8", nil, nil, "10.0.0.7", "10.6.6.6"])
        #expect(mine.last?.actor == .anonymous)
        #expect(mine[1].actor == .anonymous)
        #expect(mine.allSatisfy { $0.accountID == world.owner.id })
        #expect(mine[2].payload["scopes"] == ["data.records:read"])

        // The stranger's login is theirs; the unknown email is only in the operator's view.
        let theirs = try await world.services.audit.page(AuditQuery(workspaceID: strangerWorkspace.id), cursor: nil, for: stranger).entries
        #expect(theirs.contains { $0.action == .loginSucceeded && $0.accountID == stranger.userID })
        #expect(!theirs.contains { $0.accountID == world.owner.id })
        var everything = AuditQuery(workspaceID: nil)
        everything.actions = [.loginFailed]
        let failures = try await world.services.audit.page(everything, cursor: nil).entries
        #expect(failures.map(\.payload["email"]) == ["nobody@example.com", nil] as [JSONValue?])
    }

    @Test func onlyOwnersWithAnUnlimitedTokenMayRead() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (base, _) = try await world.makeTasksBase()
        let (stranger, _) = try await world.makeStranger()
        try await world.services.workspaces.setMember(email: "stranger@example.com", level: .create, workspaceID: world.workspace.id, by: world.ownerPrincipal)
        let query = AuditQuery(workspaceID: world.workspace.id)

        let notOwner = await #expect(throws: TesseraError.self) { _ = try await world.services.audit.page(query, cursor: nil, for: stranger) }
        #expect(notOwner?.kind == .forbidden)
        let (_, outsiderWorkspace) = try await world.makeStranger(email: "outsider@example.com")
        let outsider = await #expect(throws: TesseraError.self) {
            _ = try await world.services.audit.page(AuditQuery(workspaceID: outsiderWorkspace.id), cursor: nil, for: world.ownerPrincipal)
        }
        #expect(outsider?.kind == .notFound)

        for (scopes, baseIDs) in [(Set(TokenScope.allCases).subtracting([.auditLogsRead]), nil), (Set(TokenScope.allCases), Set([base.id]))] {
            let (text, _) = try await world.services.auth.createAccessToken(userID: world.owner.id, name: "t", scopes: scopes, baseIDs: baseIDs)
            let principal = try await world.services.auth.authenticate(bearer: text)
            let error = await #expect(throws: TesseraError.self) { _ = try await world.services.audit.page(query, cursor: nil, for: principal) }
            #expect(error?.kind == .forbidden)
        }
        let (text, _) = try await world.services.auth.createAccessToken(userID: world.owner.id, name: "t", scopes: [.auditLogsRead], baseIDs: nil)
        let reader = try await world.services.auth.authenticate(bearer: text)
        #expect(try await !world.services.audit.page(query, cursor: nil, for: reader).entries.isEmpty)
    }

    @Test func pagesWalkEveryEntryOnceInEitherOrder() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (base, table) = try await world.makeTasksBase()
        let ref = TableRef(baseID: base.id, table: table.id, by: world.ownerPrincipal)
        for number in 0..<7 {
            _ = try await world.services.tables.createField(FieldDefinition(name: "F\(number)", type: "number", options: ["precision": 0]), in: ref)
        }
        let all = try await log(world).map(\.id)
        #expect(all.count == 10)
        for ascending in [true, false] {
            var query = AuditQuery(workspaceID: world.workspace.id)
            query.ascending = ascending
            query.limit = 3
            var seen: [Int64] = []
            var cursor: String?
            repeat {
                let page = try await world.services.audit.page(query, cursor: cursor, for: world.ownerPrincipal)
                seen += page.entries.map(\.id)
                cursor = page.next
            } while cursor != nil
            #expect(seen == (ascending ? all : all.reversed()))
        }

        // A cursor is bound to its workspace and order, and cannot be made up.
        var first = AuditQuery(workspaceID: world.workspace.id)
        first.limit = 3
        let next = try #require(try await world.services.audit.page(first, cursor: nil, for: world.ownerPrincipal).next)
        var reversed = first
        reversed.ascending = true
        let (stranger, theirs) = try await world.makeStranger()
        for (query, cursor, principal) in [
            (reversed, next, world.ownerPrincipal), (AuditQuery(workspaceID: theirs.id), next, stranger), (first, next + "x", world.ownerPrincipal),
        ] {
            let error = await #expect(throws: TesseraError.self) { _ = try await world.services.audit.page(query, cursor: cursor, for: principal) }
            #expect(error?.code == .invalidOffset)
        }
    }

    @Test func filtersByActionActorBaseAndTime() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (first, _) = try await world.makeTasksBase(name: "First")
        let (second, _) = try await world.makeTasksBase(name: "Second")
        let (member, _) = try await world.makeStranger(email: "member@example.com")
        try await world.services.workspaces.setMember(email: "member@example.com", level: .create, workspaceID: world.workspace.id, by: world.ownerPrincipal)
        _ = try await world.services.tables.createTable(
            TableDefinition(json: ["name": "More", "fields": [["name": "Name", "type": "singleLineText"]]]), baseID: second.id, by: member)

        #expect(try await log(world) { $0.baseID = first.id }.map(\.action) == [.baseCreated])
        #expect(try await log(world) { $0.baseID = second.id }.map(\.action) == [.baseCreated, .tableCreated])
        #expect(try await log(world) { $0.actorID = member.userID }.map(\.action) == [.tableCreated])
        #expect(try await log(world) { $0.actions = [.memberChanged, .tableCreated] }.map(\.action) == [.memberChanged, .tableCreated])
        #expect(try await log(world) { $0.since = Date().addingTimeInterval(60) }.isEmpty)
        #expect(try await log(world) { $0.until = Date().addingTimeInterval(-60) }.isEmpty)
        #expect(try await log(world) { $0.modelID = second.id }.map(\.action) == [.baseCreated])
    }

    @Test func queryParametersAreCheckedWithClearErrors() throws {
        let good = try AuditQuery(
            workspaceID: "wspX",
            parameters: [
                ("startTime", "2026-01-01T00:00:00Z"), ("endTime", "2026-02-01"), ("eventType", "records.deleted,base.created"),
                ("eventType", "user.loggedIn"), ("pageSize", "7"), ("sortOrder", "ascending"), ("originatingUserId", "usrA"), ("next", "ignored"),
            ])
        #expect(good.actions == [.recordsDeleted, .baseCreated, .loginSucceeded])
        #expect(good.limit == 7 && good.ascending && good.actorID == "usrA")
        #expect(good.since == Date(timeIntervalSince1970: 1_767_225_600))
        for bad in [
            ("eventType", "records.exploded"), ("pageSize", "0"), ("pageSize", "1001"), ("pageSize", "99999999999999999999999"),
            ("startTime", "yesterday"), ("sortOrder", "sideways"), ("filterByFormula", "1"),
        ] {
            let error = #expect(throws: TesseraError.self) { _ = try AuditQuery(workspaceID: "wspX", parameters: [bad]) }
            #expect(error?.kind == .invalidRequest)
        }
    }

    @Test func exportsAndImportsAreRecorded() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (base, table) = try await world.makeTasksBase()
        _ = try await world.services.records.create(
            [["Name": "a"], ["Name": "b"]], typecast: false, in: TableRef(baseID: base.id, table: table.id, by: world.ownerPrincipal))
        let transfer = BaseTransferService(store: world.store)
        let export = try await transfer.export(baseID: base.id, by: world.ownerPrincipal)
        let plan = try await transfer.importBase(export.document, workspaceID: world.workspace.id, by: world.ownerPrincipal)

        let entries = try await log(world) { $0.actions = [.baseExported, .baseCreated] }
        #expect(entries.map(\.action) == [.baseCreated, .baseExported, .baseCreated])
        #expect(entries[1].baseID == base.id && entries[1].payload["records"] == 2)
        #expect(entries[2].baseID == plan.base.id && entries[2].payload["importedFrom"] == .string(base.id))
    }

    @Test func pruningDropsOnlyEntriesPastTheRetention() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let now = Date()
        for days in [400.0, 366, 10] {
            try await world.store.appendAudit(
                AuditEntry(time: now.addingTimeInterval(-days * 86_400), action: .budgetChanged, actor: .operator, workspaceID: world.workspace.id))
        }
        #expect(try await world.services.audit.prune(retentionDays: 365, now: now) == 2)
        let left = try await log(world) { $0.actions = [.budgetChanged] }
        #expect(left.count == 1)
        #expect(abs(left[0].time.timeIntervalSince(now.addingTimeInterval(-10 * 86_400))) < 0.01)
        #expect(try await world.services.audit.prune(retentionDays: 365, now: now) == 0)
    }
}
