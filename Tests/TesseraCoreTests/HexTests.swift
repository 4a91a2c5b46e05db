import TesseraCore
import Testing

@Suite("Hexadecimal text of bytes")
struct HexTests {
    @Test("lowercase, two digits per byte, as the stored token and content hashes are")
    func knownDigest() {
        #expect([0x00, 0x0f, 0xa0, 0xff].hexString == "000fa0ff")
        #expect(Array(UInt8(0)...UInt8(255)).hexString.count == 512)
        #expect(Array(UInt8(0)...UInt8(255)).hexString.hasSuffix("fcfdfeff"))
        #expect([UInt8]().hexString == "")
    }
}
