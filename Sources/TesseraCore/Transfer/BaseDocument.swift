import Foundation

/// A whole base as `tessera export` writes it and `tessera import` reads it: the schema, every
/// record's writable cells and its comments (docs/base-export-format.md describes the JSON).
/// Computed cells are not part of it; an import computes them again.
public struct BaseDocument: Sendable, Equatable {
    /// Names the kind of document, so that another JSON file is refused by name.
    public static let format = "tessera.base"
    /// Bumped when a reader of an older version could not read the document correctly.
    public static let formatVersion = 1

    public struct TableEntry: Sendable, Equatable {
        /// The schema: fields with their options, views, search fields; `baseID` is the document's.
        public var table: Table
        /// In the table's natural order (autoNumber).
        public var records: [RecordEntry]

        public init(table: Table, records: [RecordEntry]) {
            self.table = table
            self.records = records
        }
    }

    public struct RecordEntry: Sendable, Equatable {
        public var id: String
        public var createdTime: Date
        public var autoNumber: Int
        /// The user id of whoever made the record, when known.
        public var createdBy: String?
        /// Field id → the cell as the Airtable API writes it (select names, record ids,
        /// collaborator objects); writable fields only, empty cells omitted.
        public var cells: [String: JSONValue]
        public var comments: [CommentEntry]

        public init(id: String, createdTime: Date, autoNumber: Int, createdBy: String?, cells: [String: JSONValue], comments: [CommentEntry]) {
            self.id = id
            self.createdTime = createdTime
            self.autoNumber = autoNumber
            self.createdBy = createdBy
            self.cells = cells
            self.comments = comments
        }
    }

    public struct CommentEntry: Sendable, Equatable {
        public var id: String
        public var author: Author
        public var text: String
        public var createdTime: Date
        public var lastUpdatedTime: Date?

        public init(id: String, author: Author, text: String, createdTime: Date, lastUpdatedTime: Date?) {
            self.id = id
            self.author = author
            self.text = text
            self.createdTime = createdTime
            self.lastUpdatedTime = lastUpdatedTime
        }
    }

    /// A person as the document names them: the id of the deployment it came from, and the email
    /// that finds them in another.
    public struct Author: Sendable, Equatable {
        public var id: String
        public var email: String?
        public var name: String?

        public init(id: String, email: String?, name: String?) {
            self.id = id
            self.email = email
            self.name = name
        }
    }

    public var baseID: String
    public var name: String
    public var tables: [TableEntry]

    public init(baseID: String, name: String, tables: [TableEntry]) {
        self.baseID = baseID
        self.name = name
        self.tables = tables
    }

    public var recordCount: Int { tables.reduce(0) { $0 + $1.records.count } }
}

// MARK: - JSON

extension BaseDocument {
    public var json: JSONValue {
        [
            "format": .string(Self.format), "formatVersion": .number(Double(Self.formatVersion)),
            "base": ["id": .string(baseID), "name": .string(name)],
            "tables": .array(tables.map(\.json)),
        ]
    }

    /// Reads a document, checking its shape; the messages say where in the document a problem is.
    public init(json: JSONValue) throws(TesseraError) {
        var reader = DocumentReader(path: "")
        guard case .object = json else { throw reader.invalid("the document is not a JSON object") }
        guard json["format"]?.stringValue == Self.format else {
            throw reader.invalid("this is not a Tessera base export (\"format\" is not \"\(Self.format)\")")
        }
        let version = try reader.wholeNumber(json, "formatVersion")
        guard version <= Self.formatVersion else {
            throw TesseraError(
                .invalidBody,
                "The export has format version \(version), written by a newer Tessera; this one reads version \(Self.formatVersion) and older")
        }
        guard version >= 1 else { throw reader.invalid("formatVersion must be 1 or more") }
        let base = try reader.object(json, "base")
        reader.path = "base"
        baseID = try reader.string(.object(base), "id")
        name = try reader.string(.object(base), "name")
        var tables: [TableEntry] = []
        for (index, item) in try DocumentReader(path: "").array(json, "tables").enumerated() {
            tables.append(try TableEntry(json: item, path: "tables[\(index)]", baseID: baseID))
        }
        self.tables = tables
    }
}

extension BaseDocument.TableEntry {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(table.id), "name": .string(table.name), "primaryFieldId": .string(table.primaryFieldID),
            "fields": .array(
                table.fields.map { field in
                    var object: [String: JSONValue] = ["id": .string(field.id), "name": .string(field.name), "type": .string(field.type.rawValue)]
                    if let description = field.description { object["description"] = .string(description) }
                    if let options = field.options { object["options"] = options }
                    return .object(object)
                }),
            "views": .array(table.views.map(\.json)),
            "records": .array(records.map(\.json)),
        ]
        if let description = table.description { object["description"] = .string(description) }
        if let searchFieldIDs = table.searchFieldIDs { object["searchFieldIds"] = .array(searchFieldIDs.map(JSONValue.string)) }
        return .object(object)
    }

    init(json: JSONValue, path: String, baseID: String) throws(TesseraError) {
        let reader = DocumentReader(path: path)
        let id = try reader.string(json, "id")
        let name = try reader.string(json, "name")
        var fields: [Field] = []
        for (index, item) in try reader.array(json, "fields").enumerated() {
            let fieldReader = DocumentReader(path: "\(path).fields[\(index)]")
            let type = try fieldReader.string(item, "type")
            guard let fieldType = FieldType(rawValue: type) else { throw fieldReader.invalid("unknown field type \"\(type)\"") }
            fields.append(
                Field(
                    id: try fieldReader.string(item, "id"), name: try fieldReader.string(item, "name"), type: fieldType,
                    description: try fieldReader.optionalString(item, "description"), options: item["options"].flatMap { $0.isNull ? nil : $0 }))
        }
        var views: [View] = []
        for (index, item) in try reader.array(json, "views").enumerated() {
            guard let view = View(json: item) else { throw DocumentReader(path: "\(path).views[\(index)]").invalid("a view needs an id and a name") }
            views.append(view)
        }
        var searchFieldIDs: [String]?
        if let value = json["searchFieldIds"], !value.isNull {
            guard let items = value.arrayValue?.compactMap(\.stringValue), items.count == value.arrayValue?.count else {
                throw reader.invalid("searchFieldIds must be an array of field ids")
            }
            searchFieldIDs = items
        }
        table = Table(
            id: id, baseID: baseID, name: name, description: try reader.optionalString(json, "description"),
            primaryFieldID: try reader.string(json, "primaryFieldId"), fields: fields, views: views, searchFieldIDs: searchFieldIDs)
        var records: [BaseDocument.RecordEntry] = []
        for (index, item) in try reader.array(json, "records").enumerated() {
            records.append(try BaseDocument.RecordEntry(json: item, path: "\(path).records[\(index)]"))
        }
        self.records = records
    }
}

extension BaseDocument.RecordEntry {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "createdTime": .string(CellDates.formatInstant(createdTime)), "autoNumber": .number(Double(autoNumber)),
            "cells": .object(cells), "comments": .array(comments.map(\.json)),
        ]
        if let createdBy { object["createdBy"] = .string(createdBy) }
        return .object(object)
    }

    init(json: JSONValue, path: String) throws(TesseraError) {
        let reader = DocumentReader(path: path)
        id = try reader.string(json, "id")
        createdTime = try reader.instant(json, "createdTime")
        autoNumber = try reader.wholeNumber(json, "autoNumber")
        createdBy = try reader.optionalString(json, "createdBy")
        cells = try reader.object(json, "cells")
        var comments: [BaseDocument.CommentEntry] = []
        for (index, item) in try reader.array(json, "comments", required: false).enumerated() {
            comments.append(try BaseDocument.CommentEntry(json: item, path: "\(path).comments[\(index)]"))
        }
        self.comments = comments
    }
}

extension BaseDocument.CommentEntry {
    var json: JSONValue {
        var authorObject: [String: JSONValue] = ["id": .string(author.id)]
        if let email = author.email { authorObject["email"] = .string(email) }
        if let name = author.name { authorObject["name"] = .string(name) }
        var object: [String: JSONValue] = [
            "id": .string(id), "author": .object(authorObject), "text": .string(text),
            "createdTime": .string(CellDates.formatInstant(createdTime)),
        ]
        if let lastUpdatedTime { object["lastUpdatedTime"] = .string(CellDates.formatInstant(lastUpdatedTime)) }
        return .object(object)
    }

    init(json: JSONValue, path: String) throws(TesseraError) {
        var reader = DocumentReader(path: path)
        id = try reader.string(json, "id")
        text = try reader.string(json, "text")
        createdTime = try reader.instant(json, "createdTime")
        if let value = json["lastUpdatedTime"], !value.isNull {
            lastUpdatedTime = try reader.instant(json, "lastUpdatedTime")
        } else {
            lastUpdatedTime = nil
        }
        let author = try reader.object(json, "author")
        reader.path = "\(path).author"
        self.author = BaseDocument.Author(
            id: try reader.string(.object(author), "id"), email: try reader.optionalString(.object(author), "email"),
            name: try reader.optionalString(.object(author), "name"))
    }
}

/// Reads members of a document, naming the place of a problem (`tables[1].records[3].createdTime`).
private struct DocumentReader {
    var path: String

    func invalid(_ reason: String) -> TesseraError {
        TesseraError(.invalidBody, path.isEmpty ? "Invalid export: \(reason)" : "Invalid export at \(path): \(reason)")
    }

    func string(_ json: JSONValue, _ key: String) throws(TesseraError) -> String {
        guard let value = json[key]?.stringValue else { throw at(key).invalid("a string is required") }
        return value
    }

    func optionalString(_ json: JSONValue, _ key: String) throws(TesseraError) -> String? {
        guard let value = json[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw at(key).invalid("must be a string") }
        return text
    }

    func wholeNumber(_ json: JSONValue, _ key: String) throws(TesseraError) -> Int {
        guard let number = json[key]?.numberValue, let whole = JSONValue.wholeNumber(number), let value = Int(exactly: whole) else {
            throw at(key).invalid("a whole number is required")
        }
        return value
    }

    func instant(_ json: JSONValue, _ key: String) throws(TesseraError) -> Date {
        guard let text = json[key]?.stringValue, let date = CellDates.parseInstant(text) else {
            throw at(key).invalid("an ISO 8601 date-time like 2024-05-31T14:30:00.000Z is required")
        }
        return date
    }

    func object(_ json: JSONValue, _ key: String) throws(TesseraError) -> [String: JSONValue] {
        guard let members = json[key]?.objectValue else { throw at(key).invalid("an object is required") }
        return members
    }

    func array(_ json: JSONValue, _ key: String, required: Bool = true) throws(TesseraError) -> [JSONValue] {
        guard let value = json[key], !value.isNull else {
            if required { throw at(key).invalid("an array is required") }
            return []
        }
        guard let items = value.arrayValue else { throw at(key).invalid("must be an array") }
        return items
    }

    private func at(_ key: String) -> DocumentReader {
        DocumentReader(path: path.isEmpty ? key : "\(path).\(key)")
    }
}
