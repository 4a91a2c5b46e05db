/// An RE2 pattern compiled for matching in time linear in the text: what REGEX_MATCH, REGEX_EXTRACT and
/// REGEX_REPLACE run, so that no tenant's pattern can make matching backtrack exponentially.
struct LinearRegex: Sendable {
    /// How many single searches' worth of steps replacing every match may take. Each search is linear, but
    /// a search that reads far past its match (`x*y|x` on "xxx…") makes replace-all quadratic, in RE2 too;
    /// ordinary patterns stay under 2, so this only stops patterns built to burn CPU.
    static let replacementStepFactor = 16

    let program: RegexProgram

    init(_ pattern: String) throws(RegexError) {
        program = try RegexProgram(pattern: pattern)
    }

    // Each search throws `.stopped` when `shouldContinue` answers false; PikeVM asks it every
    // `PikeVM.checkpointInterval` steps, so a caller's time budget can end a long search.

    /// Whether the pattern matches anywhere in `text`.
    func matches(_ text: String, shouldContinue: () -> Bool = { true }) throws(RegexError) -> Bool {
        var machine = PikeVM(program: program)
        return try machine.hasMatch(in: text.unicodeScalars, from: text.startIndex, shouldContinue: shouldContinue)
    }

    /// The text of the leftmost-first match, or nil when there is none.
    func firstMatch(in text: String, shouldContinue: () -> Bool = { true }) throws(RegexError) -> Substring? {
        var machine = PikeVM(program: program)
        let match = try machine.firstMatch(
            in: text.unicodeScalars, from: text.startIndex, groups: 1,
            shouldContinue: shouldContinue)
        return match?.range(ofGroup: 0).map { text[$0] }
    }

    /// `text` with every non-overlapping match replaced by `template`, the way RE2's GlobalReplace goes:
    /// after a match the search goes on where it ended, and an empty match right there is not taken; one
    /// scalar is copied instead (so replacing "" with "-" in "abc" gives "-a-b-c-").
    /// Throws `.replacementTooCostly` past `replacementStepFactor` searches' worth of steps.
    func replacingMatches(
        in text: String, with template: String,
        shouldContinue: () -> Bool = { true }
    ) throws(RegexError) -> String {
        let template = RegexReplacementTemplate(template, groupCount: program.groupCount)
        let scalars = text.unicodeScalars
        let stepLimit = Self.replacementStepFactor * 2 * program.instructions.count * (scalars.count + 1)
        var machine = PikeVM(program: program)
        var result = ""
        var position = text.startIndex
        var previousMatchEnd: String.Index?
        while let match = try machine.firstMatch(
            in: scalars, from: position, groups: program.groupCount,
            shouldContinue: shouldContinue),
            let range = match.range(ofGroup: 0)
        {
            // Checked between searches: one search adds at most a single search's worth.
            guard machine.steps <= stepLimit else { throw RegexError.replacementTooCostly(steps: stepLimit) }
            result.append(contentsOf: text[position..<range.lowerBound])
            if range.isEmpty, range.lowerBound == previousMatchEnd {
                guard range.lowerBound < text.endIndex else { break }
                let next = scalars.index(after: range.lowerBound)
                result.append(contentsOf: text[range.lowerBound..<next])
                position = next
                continue
            }
            template.expand(match, in: text, into: &result)
            position = range.upperBound
            previousMatchEnd = range.upperBound
        }
        result.append(contentsOf: text[position...])
        return result
    }
}
