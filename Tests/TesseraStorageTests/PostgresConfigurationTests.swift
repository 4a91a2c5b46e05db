import TesseraCore
import TesseraStorage
import Testing

/// Reading database URLs and failing to connect need no database.
@Suite struct PostgresConfigurationTests {
    @Test func databaseURLsAreReadOrRejectedClearly() throws {
        let configuration = try PostgresConfiguration(url: "postgresql://tessera:s%40cret@db.internal:6543/tessera?sslmode=require")
        #expect(
            configuration == PostgresConfiguration(host: "db.internal", port: 6543, username: "tessera", password: "s@cret", database: "tessera", tls: .require)
        )
        #expect(try PostgresConfiguration(url: "postgres://me@localhost").database == "me")
        for bad in [
            "postgres://localhost/db", "postgres://me:hunter2@/db", "postgres://me:hunter2@h/db?sslmode=sometimes", "postgres://me:hunter2@h/db?timeout=3",
        ] {
            let error = #expect(throws: TesseraError.self) { try PostgresConfiguration(url: bad) }
            #expect(error?.message.contains("hunter2") == false)
        }
    }

    @Test func anUnreachableServerIsAClearError() async throws {
        let configuration = PostgresConfiguration(host: "127.0.0.1", port: 1, username: "postgres", database: "postgres", tls: .disable)
        let error = await #expect(throws: TesseraError.self) { _ = try await PostgresStore.connect(configuration) }
        #expect(error?.kind == .unavailable)
        #expect(error?.message.contains("127.0.0.1:1") == true)
    }
}
