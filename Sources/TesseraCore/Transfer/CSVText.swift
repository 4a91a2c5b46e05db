import Foundation

/// CSV as RFC 4180 writes it: a cell holding a comma, a quote or a line break is quoted, and
/// its quotes doubled; lines end with CRLF.
public enum CSVText {
    public static func row(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    static func cell(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
