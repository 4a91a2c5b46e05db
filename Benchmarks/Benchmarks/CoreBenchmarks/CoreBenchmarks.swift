import Benchmark
import Foundation
import TesseraCore
import TesseraStorage

/// List/filter/sort on a 100k-record table and batch creates, through the record service on
/// SQLite (what every surface calls). The table is built once per run in a temporary directory.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput], timeUnits: .microseconds, maxDuration: .seconds(8), maxIterations: 2_000)

    func listing(_ name: String, _ configure: @escaping @Sendable (inout ListRecordsQuery) -> Void) {
        Benchmark(name) { benchmark in
            let fixture = try await CoreFixture.shared()
            var query = ListRecordsQuery()
            configure(&query)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try await fixture.services.records.list(tableIDOrName: "Items", baseID: fixture.baseID, query: query, by: fixture.principal))
            }
        }
    }

    listing("list 100 of 100k, no filter") { _ in }
    listing("list 100 of 100k, filter {Status} = 'Done'") { $0.filterByFormula = "{Status} = 'Done'" }
    listing("list 100 of 100k, filter {Score} > 900") { $0.filterByFormula = "{Score} > 900" }
    listing("list 100 of 100k, filter AND({Score} > 500, FIND('7', {Name}))") { $0.filterByFormula = "AND({Score} > 500, FIND('7', {Name}))" }
    listing("list 100 of 100k, sort by Score desc") { $0.sort = [.init(field: "Score", ascending: false)] }
    listing("list 100 of 100k, filter {Status} = 'Done', sort by Name") {
        $0.filterByFormula = "{Status} = 'Done'"
        $0.sort = [.init(field: "Name", ascending: true)]
    }

    Benchmark("create 10 records (one API batch)") { benchmark in
        let fixture = try await CoreFixture.shared()
        let batch: [JSONValue] = (0..<10).map { ["Name": .string("new \($0)"), "Score": .number(Double($0)), "Status": "Todo"] }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await fixture.services.records.create(batch, typecast: false, tableIDOrName: "Scratch", baseID: fixture.baseID, by: fixture.principal))
        }
    }
}

/// A base with "Items" (100,000 records) and an empty "Scratch" table for writes.
actor CoreFixture {
    static let recordCount = 100_000
    private static let instance = CoreFixture()
    private var ready: Ready?

    struct Ready: Sendable {
        let services: TesseraServices
        let principal: Principal
        let baseID: String
    }

    static func shared() async throws -> Ready { try await instance.prepare() }

    private func prepare() async throws -> Ready {
        if let ready { return ready }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bench-\(UUID().uuidString)")
        let store = try SQLiteStore(dataDirectory: directory.path)
        var configuration = AuthService.Configuration()
        configuration.bcryptCost = 4
        let services = try await TesseraServices(store: store, auth: configuration)
        let user = try await services.auth.createUser(email: "bench@example.com", name: nil, password: "benchmark password")
        let principal = Principal.session(userID: user.id, email: user.email)
        let workspace = try await services.workspaces.createWorkspace(name: "Bench", ownerID: user.id)
        let fields = [
            FieldDefinition(name: "Name", type: "singleLineText"),
            FieldDefinition(name: "Score", type: "number"),
            FieldDefinition(name: "Status", type: "singleSelect", options: ["choices": [["name": "Todo"], ["name": "Doing"], ["name": "Done"]]]),
            FieldDefinition(name: "Notes", type: "multilineText"),
        ]
        let (base, tables) = try await services.workspaces.createBase(
            name: "Bench", workspaceID: workspace.id,
            tables: [TableDefinition(name: "Items", fields: fields), TableDefinition(name: "Scratch", fields: fields)], by: principal)
        let items = tables[0]
        let ids = Dictionary(uniqueKeysWithValues: items.fields.map { ($0.name, $0.id) })
        let statusIDs = items.field(named: "Status")!.choices.map(\.id)
        var generator = SystemRandomNumberGenerator()
        let start = ContinuousClock.now
        for chunk in stride(from: 0, to: Self.recordCount, by: 1_000) {
            let rows: [[String: JSONValue]] = (chunk..<chunk + 1_000).map { index in
                [ids["Name"]!: .string("item \(index)"), ids["Score"]!: .number(Double(Int.random(in: 0..<1_000, using: &generator))),
                 ids["Status"]!: .string(statusIDs[index % 3]), ids["Notes"]!: .string("Some notes about item \(index) for the benchmark.")]
            }
            _ = try await store.insertRecords(rows, tableID: items.id, baseID: base.id, actorID: user.id)
        }
        FileHandle.standardError.write(Data("fixture: inserted \(Self.recordCount) records in \(ContinuousClock.now - start)\n".utf8))
        let ready = Ready(services: services, principal: principal, baseID: base.id)
        self.ready = ready
        return ready
    }
}
