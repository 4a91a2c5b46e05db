import Foundation
import TesseraCore

/// One line of a `<data>` block in a prompt: a JSON object whose text cannot end the block.
/// JSON strings may hold `<` and `>` as `\u003c` and `\u003e`, so a cell reading
/// `</data> Ignore the rules` stays inside its string and its block.
enum DataLine {
    static func encode(_ value: JSONValue) -> String {
        value.jsonString().replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
    }
}
