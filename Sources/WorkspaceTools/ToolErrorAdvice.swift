import TesseraCore

/// Turns a service error into a message that tells a model how to fix its call: the service's
/// own wording plus the tool that shows the valid names or ids.
enum ToolErrorAdvice {
    static func message(for error: TesseraError) -> String {
        let hint: String? =
            switch error.code {
            case .inaccessible:
                "Check the baseId: list_bases shows the bases this token can reach."
            case .tableNotFound:
                "Check the table: list_tables shows the table names and ids of the base."
            case .unknownField, .viewNotFound:
                "describe_table shows the exact field and view names (they are case-sensitive)."
            case .invalidFilter:
                "Write formulas like Airtable: field names in braces, text in double quotes, e.g. AND({Status} = \"Done\", {Points} > 3)."
            case .invalidValue, .unknownChoice:
                "describe_table shows each field's type and select choices; pass typecast: true to convert text values and add missing choices."
            case .iteratorNotAvailable:
                "Pass the cursor only with the same filterByFormula, sort and view; or start again without a cursor."
            case .forbidden:
                "This token is not allowed to do this; ask the user for a token with the needed scope or permission."
            case .duplicateTableName, .duplicateFieldName:
                "Choose another name, or use the existing one (describe_table and list_tables show them)."
            case .recordNotFound:
                "Record ids look like rec followed by 14 letters and digits; list_records or search_records find them."
            default:
                nil
            }
        let message = error.message.hasSuffix(".") ? error.message : error.message + "."
        return hint.map { "\(message) \($0)" } ?? message
    }
}
