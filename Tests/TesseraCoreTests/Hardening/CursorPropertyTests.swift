import Foundation
import PropertyBased
import Testing

@testable import TesseraCore

/// Whatever text arrives as an offset, decoding answers a cursor this server signed for this
/// listing or Airtable's LIST_RECORDS_ITERATOR_NOT_AVAILABLE.
@Suite("Cursor properties")
struct CursorPropertyTests {
    private let seal = CursorSeal(secret: "property secret")
    static let alphabet: [Character] = Array("itrAZaz09-_.=+/{}\":,-é")

    @Test func randomTextIsRefused() async {
        let seal = self.seal
        await propertyCheck(count: 3000, input: Gen.element(of: Self.alphabet).array(of: 0...120)) { characters in
            let text = String(characters.compactMap { $0 })
            let error = #expect(throws: TesseraError.self) { try ListCursor.decode(text, tableID: "tblA", queryHash: "q", seal: seal) }
            #expect(error?.code == .iteratorNotAvailable)
        }
    }

    @Test func anyChangeToARealCursorIsRefused() async {
        let seal = self.seal
        let real = ListCursor(tableID: "tblA", afterAutoNumber: 40, skip: nil, returned: 40, queryHash: "q").encoded(with: seal)
        let bytes = Array(real.utf8)
        await propertyCheck(count: 2000, input: Gen.int(in: 0...(bytes.count - 1)), Gen.element(of: Array("AZaz09-_.".utf8))) { index, byte in
            guard let byte, byte != bytes[index] else { return }
            var changed = bytes
            changed[index] = byte
            #expect(throws: TesseraError.self) {
                try ListCursor.decode(String(decoding: changed, as: UTF8.self), tableID: "tblA", queryHash: "q", seal: seal)
            }
        }
    }
}
