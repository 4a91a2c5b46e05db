import Foundation

/// Converts cell values between the API's form and the stored form, field type by field type.
///
/// Stored forms: text as string; numbers (duration in seconds, percent as a fraction) as number;
/// checkbox as `true` (unchecked is empty); select choices by choice id (a rename touches only
/// the schema); date as `YYYY-MM-DD`; dateTime as UTC ISO 8601 with milliseconds; links as
/// record ids; collaborators as user ids.
public struct CellCodec: Sendable {
    public let typecast: Bool
    /// Who a collaborator cell may name; nil where the table has no collaborator fields.
    public let collaborators: CollaboratorDirectory?

    public init(typecast: Bool, collaborators: CollaboratorDirectory? = nil) {
        self.typecast = typecast
        self.collaborators = collaborators
    }

    /// The stored form of `value` for `field`, or nil when the value empties the cell.
    /// With typecast, unknown select options are added to `field` (the caller saves the field).
    public func store(_ value: JSONValue, in field: inout Field) throws(TesseraError) -> JSONValue? {
        if field.type.isComputed {
            throw .invalidValue("Field \"\(field.name)\" cannot accept a value because the field is computed")
        }
        if value.isNull { return nil }
        switch field.type {
        case .singleLineText, .multilineText, .richText, .phoneNumber, .url:
            let text = try self.text(value, field)
            return text.isEmpty ? nil : .string(text)
        case .email:
            let text = try self.text(value, field).trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return nil }
            guard Self.looksLikeEmail(text) else {
                throw .invalidValue("Field \"\(field.name)\" cannot accept the value \(value.jsonString()): not an email address")
            }
            return .string(text)
        case .number, .currency, .percent, .duration:
            return try number(value, field).map(JSONValue.number)
        case .rating:
            guard let rating = try number(value, field) else { return nil }
            let maximum = field.options?["max"]?.numberValue ?? 5
            guard rating == rating.rounded(), rating >= 1, rating <= maximum else {
                throw .invalidValue("Field \"\(field.name)\" takes a whole rating from 1 to \(NumberText.plain(maximum)), not \(value.jsonString())")
            }
            return .number(rating)
        case .checkbox:
            return try checkbox(value, field) ? .bool(true) : nil
        case .singleSelect:
            guard let name = try choiceName(value, field) else { return nil }
            return .string(try choiceID(named: name, in: &field))
        case .multipleSelects:
            let names = try choiceNames(value, field)
            var ids: [String] = []
            for name in names {
                let id = try choiceID(named: name, in: &field)
                if !ids.contains(id) { ids.append(id) }
            }
            return ids.isEmpty ? nil : .array(ids.map(JSONValue.string))
        case .date:
            guard let text = try dateText(value, field) else { return nil }
            guard let date = CellDates.parseDay(text) ?? (typecast ? CellDates.parseLoose(text) : nil) else {
                throw .invalidValue("Field \"\(field.name)\" cannot accept the value \(value.jsonString()): expected a date like 2024-05-31")
            }
            return .string(CellDates.formatDay(try supported(date, value, field)))
        case .dateTime:
            guard let text = try dateText(value, field) else { return nil }
            guard let date = CellDates.parseInstant(text) ?? (typecast ? CellDates.parseLoose(text) : nil) else {
                throw .invalidValue(
                    "Field \"\(field.name)\" cannot accept the value \(value.jsonString()): expected an ISO 8601 date-time like 2024-05-31T14:30:00.000Z")
            }
            return .string(CellDates.formatInstant(try supported(date, value, field)))
        case .multipleRecordLinks:
            let links = try self.links(value, field)
            return links.isEmpty ? nil : .array(links)
        case .singleCollaborator:
            return try collaborator(value, field).map { .string($0.id) }
        case .multipleCollaborators:
            let items: [JSONValue]
            switch value {
            case .array(let array): items = array
            default:
                guard typecast else { throw mismatch(value, field, expected: "an array of collaborators") }
                items = [value]
            }
            var ids: [String] = []
            for item in items {
                if let user = try collaborator(item, field), !ids.contains(user.id) { ids.append(user.id) }
            }
            return ids.isEmpty ? nil : .array(ids.map(JSONValue.string))
        case .createdTime, .lastModifiedTime, .autoNumber, .createdBy, .lastModifiedBy, .multipleLookupValues, .rollup, .count, .formula:
            return nil // unreachable: computed fields were refused above
        }
    }

    // MARK: - Links and collaborators

    /// Record ids, in order, once each. With typecast a name that is not an id stays as
    /// `{"name": …}`: the store resolves it to the linked table's record with that primary
    /// value, or a new one, in the write's transaction (as Airtable's typecast does).
    private func links(_ value: JSONValue, _ field: Field) throws(TesseraError) -> [JSONValue] {
        let items: [JSONValue]
        switch value {
        case .array(let array): items = array
        case .string where typecast: items = [value]
        default: throw mismatch(value, field, expected: "an array of record ids")
        }
        var links: [JSONValue] = []
        for item in items {
            let link: JSONValue
            switch item {
            case .string(let id) where TesseraID.isValid(id, .record):
                link = .string(id)
            case .object(let members) where members["id"]?.stringValue.map({ TesseraID.isValid($0, .record) }) == true:
                link = members["id"] ?? .null
            case .string(let name) where typecast:
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { continue }
                link = ["name": .string(trimmed)]
            default:
                throw .invalidValue(
                    "Field \"\(field.name)\" cannot accept the value \(item.jsonString().prefix(80)): links take record ids like recXXXXXXXXXXXXXX\(typecast ? "" : " (or names of records with typecast: true)")"
                )
            }
            if !links.contains(link) { links.append(link) }
        }
        return links
    }

    private func collaborator(_ value: JSONValue, _ field: Field) throws(TesseraError) -> User? {
        if value.isNull { return nil }
        guard let collaborators, let user = collaborators.member(value, typecast: typecast) else {
            throw .invalidValue(
                "Field \"\(field.name)\" cannot accept the value \(value.jsonString().prefix(80)): collaborators are members of this workspace, given as {\"id\": …} or {\"email\": …}"
            )
        }
        return user
    }

    // MARK: - Type conversions

    private func text(_ value: JSONValue, _ field: Field) throws(TesseraError) -> String {
        switch value {
        case .string(let text):
            return text
        case .number(let number) where typecast:
            return NumberText.plain(number)
        case .bool(let flag) where typecast:
            return flag ? "true" : "false"
        case .array(let items) where typecast:
            return items.map { $0.stringValue ?? $0.jsonString() }.joined(separator: ", ")
        default:
            throw mismatch(value, field, expected: "a string")
        }
    }

    private func number(_ value: JSONValue, _ field: Field) throws(TesseraError) -> Double? {
        switch value {
        case .number(let number):
            guard number.isFinite else { throw mismatch(value, field, expected: "a finite number") }
            return number
        case .string(let text) where typecast:
            let cleaned = text.filter { !" ,$€£¥%_".contains($0) }
            if cleaned.isEmpty { return nil }
            guard let number = Double(cleaned), number.isFinite else {
                throw mismatch(value, field, expected: "a number")
            }
            return field.type == .percent && text.contains("%") ? number / 100 : number
        case .bool(let flag) where typecast:
            return flag ? 1 : 0
        default:
            throw mismatch(value, field, expected: "a number")
        }
    }

    /// Airtable's dates are JavaScript's: within 100,000,000 days of 1970.
    private func supported(_ date: Date, _ value: JSONValue, _ field: Field) throws(TesseraError) -> Date {
        guard FormulaCalendar.isSupported(date) else {
            throw .invalidValue("Field \"\(field.name)\" cannot accept the value \(value.jsonString()): the date is out of range")
        }
        return date
    }

    private func checkbox(_ value: JSONValue, _ field: Field) throws(TesseraError) -> Bool {
        switch value {
        case .bool(let flag):
            return flag
        case .string(let text) where typecast:
            return ["true", "yes", "1", "checked", "on", "x", "✓", "✔"].contains(text.lowercased().trimmingCharacters(in: .whitespaces))
        case .number(let number) where typecast:
            return number != 0
        default:
            throw mismatch(value, field, expected: "a boolean")
        }
    }

    private func dateText(_ value: JSONValue, _ field: Field) throws(TesseraError) -> String? {
        guard case .string(let text) = value else {
            throw mismatch(value, field, expected: "a date string")
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    private func choiceName(_ value: JSONValue, _ field: Field) throws(TesseraError) -> String? {
        switch value {
        case .string(let name):
            return name.isEmpty ? nil : name
        case .number(let number) where typecast:
            return NumberText.plain(number)
        default:
            throw mismatch(value, field, expected: "the name of a choice")
        }
    }

    private func choiceNames(_ value: JSONValue, _ field: Field) throws(TesseraError) -> [String] {
        switch value {
        case .array(let items):
            var names: [String] = []
            for item in items {
                guard let name = try choiceName(item, field) else { continue }
                names.append(name)
            }
            return names
        case .string(let text) where typecast:
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        default:
            throw mismatch(value, field, expected: "an array of choice names")
        }
    }

    /// Matches a choice by id or name; with typecast an unknown name becomes a new choice.
    private func choiceID(named name: String, in field: inout Field) throws(TesseraError) -> String {
        let choices = field.choices
        if let choice = choices.first(where: { $0.id == name || $0.name == name }) {
            return choice.id
        }
        guard typecast else {
            throw TesseraError(
                .unknownChoice, "Insufficient permissions to create new select option \"\(name)\" in field \"\(field.name)\"; pass typecast: true to add it")
        }
        let choice = SelectChoice(id: TesseraID.make(.selectChoice), name: name, color: nil)
        var options = field.options?.objectValue ?? [:]
        options["choices"] = .array(choices.map(\.json) + [choice.json])
        field.options = .object(options)
        return choice.id
    }

    private func mismatch(_ value: JSONValue, _ field: Field, expected: String) -> TesseraError {
        .invalidValue(
            "Field \"\(field.name)\" cannot accept the value \(value.jsonString()): it is of type \(field.type.rawValue) and takes \(expected)\(typecast ? "" : " (or pass typecast: true)")"
        )
    }

    private static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && !text.contains(" ")
    }
}
