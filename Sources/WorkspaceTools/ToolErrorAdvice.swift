import TesseraCore

/// Turns a service error into a message that tells a model how to fix its call: the service's
/// own wording plus the tool that shows the valid names or ids.
enum ToolErrorAdvice {
    static func message(for error: TesseraError) -> String {
        let hint: String? = switch error.type {
        case "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND":
            "Check the baseId: list_bases shows the bases this token can reach."
        case "TABLE_NOT_FOUND":
            "Check the table: list_tables shows the table names and ids of the base."
        case "UNKNOWN_FIELD_NAME", "VIEW_NAME_NOT_FOUND":
            "describe_table shows the exact field and view names (they are case-sensitive)."
        case "INVALID_FILTER_BY_FORMULA":
            "Write formulas like Airtable: field names in braces, text in double quotes, e.g. AND({Status} = \"Done\", {Points} > 3)."
        case "INVALID_VALUE_FOR_COLUMN", "INVALID_MULTIPLE_CHOICE_OPTIONS":
            "describe_table shows each field's type and select choices; pass typecast: true to convert text values and add missing choices."
        case "LIST_RECORDS_ITERATOR_NOT_AVAILABLE":
            "Pass the cursor only with the same filterByFormula, sort and view; or start again without a cursor."
        case "INVALID_PERMISSIONS":
            "This token is not allowed to do this; ask the user for a token with the needed scope or permission."
        case "DUPLICATE_TABLE_NAME", "DUPLICATE_OR_EMPTY_FIELD_NAME":
            "Choose another name, or use the existing one (describe_table and list_tables show them)."
        case "INVALID_FIELD_TYPE":
            nil
        case "NOT_FOUND" where error.message.contains("record"):
            "Record ids look like rec followed by 14 letters and digits; list_records or search_records find them."
        default:
            nil
        }
        let message = error.message.hasSuffix(".") ? error.message : error.message + "."
        return hint.map { "\(message) \($0)" } ?? message
    }
}
