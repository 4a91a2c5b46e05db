import Foundation

/// Number-to-text conversions shared by cell rendering and typecasting.
enum NumberText {
    /// Shortest text that reads back as the same number, without a trailing ".0".
    static func plain(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }

    /// Fixed precision with thousands separators, as Airtable's string cell format shows them.
    static func grouped(_ number: Double, precision: Int) -> String {
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.numberStyle = .decimal
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        formatter.groupingSize = 3
        formatter.minimumFractionDigits = precision
        formatter.maximumFractionDigits = precision
        return formatter.string(from: NSNumber(value: number)) ?? plain(number)
    }
}
