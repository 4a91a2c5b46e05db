/// Restricts a search to some ids. Applied while selecting results, so a filtered search
/// still returns up to k hits when enough vectors pass.
public struct SearchFilter: Sendable {
    enum Rule: Sendable {
        case allowed(Set<UInt64>)
        case predicate(@Sendable (UInt64) -> Bool)
    }

    let rule: Rule

    /// Only these ids may be returned.
    public static func allowing(_ ids: Set<UInt64>) -> SearchFilter {
        SearchFilter(rule: .allowed(ids))
    }

    /// Only ids for which `isIncluded` is true may be returned. It is called from the
    /// searching thread, possibly concurrently for batch searches.
    public static func matching(_ isIncluded: @escaping @Sendable (UInt64) -> Bool) -> SearchFilter {
        SearchFilter(rule: .predicate(isIncluded))
    }

    @inline(__always)
    func allows(_ id: UInt64) -> Bool {
        switch rule {
        case .allowed(let ids): ids.contains(id)
        case .predicate(let isIncluded): isIncluded(id)
        }
    }

    /// The explicit allowed set, when the filter has one (lets indexes scan only those ids).
    var allowedIDs: Set<UInt64>? {
        if case .allowed(let ids) = rule { return ids }
        return nil
    }
}
