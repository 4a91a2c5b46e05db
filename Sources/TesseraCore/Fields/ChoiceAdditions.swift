/// Select choices a typecast write adds to its table's fields. The store merges them into the
/// fields as they are inside the write's own transaction, so the new choices and the records
/// that use them commit together, and two concurrent typecasts that add the same name end up
/// with one choice (the first writer's) instead of one overwriting the other's.
public struct ChoiceAdditions: Sendable, Equatable {
    /// Field id → choices to add, in the order the write met them.
    public private(set) var byField: [String: [SelectChoice]] = [:]

    public init() {}

    /// The choices `after` holds beyond `before`, field by field (fields matched by id).
    public init(from before: [Field], to after: [Field]) {
        for field in after {
            let known = Set((before.first { $0.id == field.id }?.choices ?? []).map(\.id))
            let added = field.choices.filter { !known.contains($0.id) }
            if !added.isEmpty { byField[field.id] = added }
        }
    }

    public var isEmpty: Bool { byField.isEmpty }

    /// What merging one field's additions into its stored options gives: the options to store
    /// (nil when every name was already there) and the ids this write made that must be read as
    /// the stored choice of the same name instead.
    public struct Merge: Sendable, Equatable {
        public let options: JSONValue?
        public let renamedIDs: [String: String]
    }

    public func merge(fieldID: String, into stored: JSONValue?) -> Merge {
        var options = stored?.objectValue ?? [:]
        var choices = (options["choices"]?.arrayValue ?? []).compactMap(SelectChoice.init(json:))
        var renamed: [String: String] = [:]
        var grew = false
        for choice in byField[fieldID] ?? [] {
            if let existing = choices.first(where: { $0.name == choice.name }) {
                if existing.id != choice.id { renamed[choice.id] = existing.id }
            } else {
                choices.append(choice)
                grew = true
            }
        }
        guard grew else { return Merge(options: nil, renamedIDs: renamed) }
        options["choices"] = .array(choices.map(\.json))
        return Merge(options: .object(options), renamedIDs: renamed)
    }

    /// Cells with choice ids replaced by the stored ids of the same names (see `Merge`);
    /// `renamedIDs` maps field id → (id this write made → stored id).
    public static func renaming(_ cells: [String: JSONValue], _ renamedIDs: [String: [String: String]]) -> [String: JSONValue] {
        var cells = cells
        for (fieldID, renames) in renamedIDs where !renames.isEmpty {
            switch cells[fieldID] {
            case .string(let id)?:
                cells[fieldID] = .string(renames[id] ?? id)
            case .array(let ids)?:
                var seen = Set<String>()
                cells[fieldID] = .array(
                    ids.compactMap { item in
                        guard let id = item.stringValue.map({ renames[$0] ?? $0 }) else { return item }
                        return seen.insert(id).inserted ? .string(id) : nil
                    })
            default:
                break
            }
        }
        return cells
    }
}
