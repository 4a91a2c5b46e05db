import Foundation
import TesseraTesting
import Testing

@testable import TesseraCore

/// Offsets and page cursors are signed by the server: a hand-made, tampered, replayed or stale
/// one answers Airtable's 422, never a trap or another listing's records.
@Suite("Signed cursors")
struct CursorTests {
    private let seal = CursorSeal(secret: "test secret")

    @Test("the cursor that used to trap the server (unsigned base64 JSON, negative returned) is refused")
    func handMadeCursorIsRefused() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (base, table) = try await world.makeTasksBase()
        _ = try await world.services.records.create(
            (0..<3).map { ["Name": .string("r\($0)")] }, typecast: false,
            in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        var query = ListRecordsQuery()
        query.maxRecords = 2
        let forged = #"{"tableID":"\#(table.id)","afterAutoNumber":0,"returned":-9223372036854775807,"queryHash":"\#(ListCursor.queryHash(query))"}"#
        query.offset = "itr" + Data(forged.utf8).base64EncodedString()
        let error = await #expect(throws: TesseraError.self) {
            _ = try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        #expect(error?.code == .iteratorNotAvailable)
        #expect(error?.kind == .invalidRequest)
    }

    @Test("a real offset pages on; the same offset with one character changed is refused")
    func tamperedCursorIsRefused() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (base, _) = try await world.makeTasksBase()
        _ = try await world.services.records.create(
            (0..<5).map { ["Name": .string("r\($0)")] }, typecast: false,
            in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        var query = ListRecordsQuery()
        query.pageSize = 2
        let first = try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        let offset = try #require(first.offset)
        query.offset = offset
        let second = try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        #expect(second.records.count == 2)
        #expect(Set(second.records.map(\.id)).isDisjoint(with: first.records.map(\.id)))

        var bytes = Array(offset.utf8)
        bytes[bytes.count / 3] = bytes[bytes.count / 3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        query.offset = String(decoding: bytes, as: UTF8.self)
        let error = await #expect(throws: TesseraError.self) {
            _ = try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        #expect(error?.code == .iteratorNotAvailable)
    }

    @Test("an offset is bound to its table and query")
    func cursorIsBoundToItsListing() throws {
        let cursor = ListCursor(tableID: "tblAAAAAAAAAAAAAA", afterAutoNumber: 7, skip: nil, returned: 7, queryHash: "q1")
        let text = cursor.encoded(with: seal)
        #expect(try ListCursor.decode(text, tableID: "tblAAAAAAAAAAAAAA", queryHash: "q1", seal: seal) == cursor)
        #expect(throws: TesseraError.self) { try ListCursor.decode(text, tableID: "tblBBBBBBBBBBBBBB", queryHash: "q1", seal: seal) }
        #expect(throws: TesseraError.self) { try ListCursor.decode(text, tableID: "tblAAAAAAAAAAAAAA", queryHash: "q2", seal: seal) }
        #expect(throws: TesseraError.self) {
            try ListCursor.decode(text, tableID: "tblAAAAAAAAAAAAAA", queryHash: "q1", seal: CursorSeal(secret: "another server"))
        }
    }

    @Test("an offset older than its lifetime is stale")
    func staleCursorIsRefused() throws {
        let issued = Date(timeIntervalSince1970: 1_800_000_000)
        let text = ListCursor(tableID: "tblAAAAAAAAAAAAAA", afterAutoNumber: 1, skip: nil, returned: 1, queryHash: "q", issued: issued).encoded(with: seal)
        #expect(throws: Never.self) {
            try ListCursor.decode(text, tableID: "tblAAAAAAAAAAAAAA", queryHash: "q", seal: seal, now: issued.addingTimeInterval(60))
        }
        let error = #expect(throws: TesseraError.self) {
            try ListCursor.decode(text, tableID: "tblAAAAAAAAAAAAAA", queryHash: "q", seal: seal, now: issued.addingTimeInterval(ListCursor.lifetime + 1))
        }
        #expect(error?.message.contains("expired") == true)
    }

    @Test(
        "signed payloads with insane counts are refused too",
        arguments: [
            #"{"tableID":"t","returned":-1,"queryHash":"q","issued":0}"#,
            #"{"tableID":"t","returned":0,"skip":-5,"queryHash":"q","issued":0}"#,
            #"{"tableID":"t","returned":0,"afterAutoNumber":-1,"queryHash":"q","issued":0}"#,
            #"{"tableID":"t","returned":1e300,"queryHash":"q","issued":0}"#,
            #"not json"#,
        ])
    func signedButInsane(_ payload: String) {
        let text = seal.seal(Data(payload.utf8), purpose: ListCursor.purpose)
        #expect(throws: TesseraError.self) { try ListCursor.decode(text, tableID: "t", queryHash: "q", seal: seal, now: Date(timeIntervalSince1970: 10)) }
    }

    @Test("a seal opens only what it sealed, for the same purpose")
    func sealPurposes() {
        let text = seal.seal(Data("12".utf8), purpose: "a")
        #expect(seal.open(text, purpose: "a") == Data("12".utf8))
        #expect(seal.open(text, purpose: "b") == nil)
        for garbage in ["", ".", "..", "abc", "abc.def", String(repeating: "A", count: 10_000), "€.€", text + "A", "A" + text] {
            #expect(seal.open(garbage, purpose: "a") == nil)
        }
    }

    @Test("comment offsets are signed and bound to their record")
    func commentOffsets() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (base, _) = try await world.makeTasksBase()
        let (records, _) = try await world.services.records.create(
            [["Name": "a"], ["Name": "b"]], typecast: false,
            in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        for index in 0..<3 {
            _ = try await world.services.records.createComment(
                text: "c\(index)", recordID: records[0].id, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        let first = try await world.services.records.comments(
            recordID: records[0].id, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal), pageSize: 2, offset: nil)
        let offset = try #require(first.offset)
        let second = try await world.services.records.comments(
            recordID: records[0].id, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal), pageSize: 2, offset: offset)
        #expect(second.comments.count == 1)
        for bad in ["2", "-1", "99999999999999999999", offset + "x"] {
            await #expect(throws: TesseraError.self) {
                _ = try await world.services.records.comments(
                    recordID: records[0].id, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal), pageSize: 2, offset: bad)
            }
        }
        await #expect(throws: TesseraError.self) {
            _ = try await world.services.records.comments(
                recordID: records[1].id, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal), pageSize: 2, offset: offset)
        }
    }
}
