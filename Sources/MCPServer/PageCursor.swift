import Foundation
import MCP
import TesseraCore

/// The opaque cursor of MCP's list methods: where the next page starts, signed by the server
/// and bound to the method that made it.
struct PageCursor {
    let seal: CursorSeal

    func page<T>(_ items: [T], cursor: String?, size: Int, method: String) throws(MCPError) -> (items: [T], next: String?) {
        let start = try offset(cursor, method: method)
        guard start <= items.count else { throw MCPError.invalidParams("\(method): the cursor is past the end of the list; start again without one") }
        let end = min(items.count, start + size)
        return (Array(items[start..<end]), end < items.count ? seal.seal(Data(String(end).utf8), purpose: "mcp." + method) : nil)
    }

    private func offset(_ cursor: String?, method: String) throws(MCPError) -> Int {
        guard let cursor else { return 0 }
        guard let payload = seal.open(cursor, purpose: "mcp." + method), let offset = Int(String(decoding: payload, as: UTF8.self)), offset >= 0 else {
            throw MCPError.invalidParams("\(method): unknown cursor; pass the nextCursor of the previous page")
        }
        return offset
    }
}
