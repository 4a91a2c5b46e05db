import Foundation
import Testing

@testable import MCPServer

@Suite("Line splitter")
struct LineSplitterTests {
    @Test("cuts at newlines, keeps partial lines for the next read")
    func splits() {
        var splitter = LineSplitter(maxLineBytes: 100)
        #expect(splitter.append(ArraySlice("ab\ncd".utf8)) == [.line(Data("ab".utf8))])
        #expect(splitter.append(ArraySlice("e\n\nf".utf8)) == [.line(Data("cde".utf8)), .line(Data())])
        #expect(splitter.finish() == .line(Data("f".utf8)))
        #expect(splitter.finish() == nil)
    }

    @Test("an overlong line is dropped whole and reported once, then reading goes on")
    func overlong() {
        var splitter = LineSplitter(maxLineBytes: 4)
        #expect(splitter.append(ArraySlice("abcdefgh".utf8)) == [])
        #expect(splitter.append(ArraySlice("ij\nok\n".utf8)) == [.overlong, .line(Data("ok".utf8))])
        #expect(splitter.append(ArraySlice("abcde\n".utf8)) == [.overlong])
    }
}
