/// Where a match and its capture groups lie in the text searched.
struct RegexMatch: Sendable {
    /// Group n's bounds are slots 2n and 2n+1; nil where the group took no part in the match.
    let slots: [String.Index?]

    /// The range group `group` matched (0 for the whole match), or nil when it took no part.
    func range(ofGroup group: Int) -> Range<String.Index>? {
        guard group >= 0, 2 * group + 1 < slots.count,
            let lower = slots[2 * group], let upper = slots[2 * group + 1], lower <= upper
        else { return nil }
        return lower..<upper
    }
}
