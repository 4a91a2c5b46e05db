import Foundation
import MCP

/// The opaque cursor of MCP's list methods: where the next page starts.
enum PageCursor {
    private static let prefix = "tsr1:"

    static func page<T>(_ items: [T], cursor: String?, size: Int, method: String) throws(MCPError) -> (items: [T], next: String?) {
        let start = try offset(cursor, method: method)
        guard start <= items.count else { throw MCPError.invalidParams("\(method): the cursor is past the end of the list; start again without one") }
        let end = min(items.count, start + size)
        return (Array(items[start..<end]), end < items.count ? encode(end) : nil)
    }

    static func encode(_ offset: Int) -> String {
        Data("\(prefix)\(offset)".utf8).base64EncodedString()
    }

    private static func offset(_ cursor: String?, method: String) throws(MCPError) -> Int {
        guard let cursor else { return 0 }
        guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8), text.hasPrefix(prefix),
              let offset = Int(text.dropFirst(prefix.count)), offset >= 0
        else { throw MCPError.invalidParams("\(method): unknown cursor; pass the nextCursor of the previous page") }
        return offset
    }
}
