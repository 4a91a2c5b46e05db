/// A set of scalars: what a bracket expression, a Perl class (`\d`), a POSIX class (`[:alpha:]`) or a
/// Unicode general category (`\p{Lu}`) matches.
struct RegexCharacterClass: Sendable {
    static let maximumCodePoint: UInt32 = 0x10FFFF
    /// Case-insensitive classes up to this many code points get their members' case variants added when
    /// compiled, so that a member reachable only by an inverse mapping (Kelvin sign K → k) still matches.
    private static var caseClosureLimit: Int { 1024 }

    /// Sorted, disjoint, non-adjacent code point ranges.
    private(set) var ranges: [ClosedRange<UInt32>] = []
    /// Members by general category, from `\p{…}`.
    private(set) var categories: Set<Unicode.GeneralCategory> = []
    /// From `\P{…}` inside brackets: each set adds every scalar outside it.
    private(set) var excludedCategories: [Set<Unicode.GeneralCategory>] = []
    private(set) var isNegated = false
    /// `(?i)`: a scalar matches when it or one of its simple case variants is a member.
    private(set) var foldsCase = false

    init(_ ranges: [ClosedRange<UInt32>]) {
        self.ranges = Self.normalized(ranges)
    }

    init(categories: Set<Unicode.GeneralCategory>) {
        self.categories = categories
    }

    /// Collects the items of a bracket expression; `build` sorts and merges the ranges once.
    struct Builder {
        private var ranges: [ClosedRange<UInt32>] = []
        private var categories: Set<Unicode.GeneralCategory> = []
        private var excludedCategories: [Set<Unicode.GeneralCategory>] = []

        mutating func add(_ range: ClosedRange<UInt32>) {
            ranges.append(range)
        }

        /// Adds a Perl, POSIX or Unicode class written inside the brackets.
        mutating func add(_ item: RegexCharacterClass) {
            guard item.isNegated else {
                ranges += item.ranges
                categories.formUnion(item.categories)
                excludedCategories += item.excludedCategories
                return
            }
            // Negated item classes have either ranges (\D, [:^alpha:]) or categories (\P{L}), never both.
            if item.categories.isEmpty {
                ranges += RegexCharacterClass.complement(item.ranges)
            } else {
                excludedCategories.append(item.categories)
            }
        }

        func build(negated: Bool) -> RegexCharacterClass {
            var result = RegexCharacterClass(ranges)
            result.categories = categories
            result.excludedCategories = excludedCategories
            result.isNegated = negated
            return result
        }
    }

    func negated() -> RegexCharacterClass {
        var copy = self
        copy.isNegated.toggle()
        return copy
    }

    /// The class for `(?i)`: small classes also get their members' case variants.
    func foldingCase() -> RegexCharacterClass {
        var copy = self
        copy.foldsCase = true
        guard ranges.reduce(0, { $0 + $1.count }) <= Self.caseClosureLimit else { return copy }
        var added: [ClosedRange<UInt32>] = []
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                added += RegexCaseFolding.variants(of: scalar).map { $0.value...$0.value }
            }
        }
        copy.ranges = Self.normalized(ranges + added)
        return copy
    }

    // MARK: Matching

    /// Whether the class matches `scalar`, ignoring case folding.
    func matches(_ scalar: Unicode.Scalar) -> Bool {
        contains(scalar) != isNegated
    }

    /// Whether the class matches a scalar given with its case variants (first the scalar itself).
    func matches(anyOf variants: [Unicode.Scalar]) -> Bool {
        variants.contains { contains($0) } != isNegated
    }

    /// Membership before negation.
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        if rangesContain(scalar.value) { return true }
        guard !categories.isEmpty || !excludedCategories.isEmpty else { return false }
        let category = scalar.properties.generalCategory
        return categories.contains(category) || excludedCategories.contains { !$0.contains(category) }
    }

    private func rangesContain(_ value: UInt32) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            let range = ranges[middle]
            if value < range.lowerBound {
                high = middle
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }

    // MARK: Range arithmetic

    private static func normalized(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var merged: [ClosedRange<UInt32>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound.addingReportingOverflow(1).partialValue {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    private static func complement(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in normalized(ranges) {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            guard range.upperBound < maximumCodePoint else { return result }
            next = range.upperBound + 1
        }
        result.append(next...maximumCodePoint)
        return result
    }
}

// MARK: Named classes

extension RegexCharacterClass {
    /// `\d`
    static let digit = RegexCharacterClass([0x30...0x39])
    /// `\s`: RE2's Perl space is `[\t\n\f\r ]`, without `\v`.
    static let space = RegexCharacterClass([0x09...0x0A, 0x0C...0x0D, 0x20...0x20])
    /// `\w`: ASCII letters, digits and underscore, as in RE2.
    static let word = RegexCharacterClass([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])

    /// The class of a Perl escape letter (`d D s S w W`), or nil for other letters.
    static func perl(_ letter: Unicode.Scalar) -> RegexCharacterClass? {
        switch letter {
        case "d": digit
        case "D": digit.negated()
        case "s": space
        case "S": space.negated()
        case "w": word
        case "W": word.negated()
        default: nil
        }
    }

    /// The ASCII class of a POSIX name as written in `[[:name:]]`.
    static func posix(_ name: String) -> RegexCharacterClass? {
        let ranges: [ClosedRange<UInt32>]
        switch name {
        case "alnum": ranges = [0x30...0x39, 0x41...0x5A, 0x61...0x7A]
        case "alpha": ranges = [0x41...0x5A, 0x61...0x7A]
        case "ascii": ranges = [0x00...0x7F]
        case "blank": ranges = [0x09...0x09, 0x20...0x20]
        case "cntrl": ranges = [0x00...0x1F, 0x7F...0x7F]
        case "digit": ranges = [0x30...0x39]
        case "graph": ranges = [0x21...0x7E]
        case "lower": ranges = [0x61...0x7A]
        case "print": ranges = [0x20...0x7E]
        case "punct": ranges = [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]
        case "space": ranges = [0x09...0x0D, 0x20...0x20]
        case "upper": ranges = [0x41...0x5A]
        case "word": ranges = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
        case "xdigit": ranges = [0x30...0x39, 0x41...0x46, 0x61...0x66]
        default: return nil
        }
        return RegexCharacterClass(ranges)
    }

    /// The class of a Unicode general category name as written in `\p{Lu}` or `\pL`, or `Any`.
    /// RE2 also knows script names (`\p{Greek}`); Swift's scalar properties carry no script, so those are refused.
    static func unicode(_ name: String) -> RegexCharacterClass? {
        if name == "Any" { return RegexCharacterClass([0...maximumCodePoint]) }
        let categories: Set<Unicode.GeneralCategory>
        switch name {
        case "L": categories = [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]
        case "Lu": categories = [.uppercaseLetter]
        case "Ll": categories = [.lowercaseLetter]
        case "Lt": categories = [.titlecaseLetter]
        case "Lm": categories = [.modifierLetter]
        case "Lo": categories = [.otherLetter]
        case "M": categories = [.nonspacingMark, .spacingMark, .enclosingMark]
        case "Mn": categories = [.nonspacingMark]
        case "Mc": categories = [.spacingMark]
        case "Me": categories = [.enclosingMark]
        case "N": categories = [.decimalNumber, .letterNumber, .otherNumber]
        case "Nd": categories = [.decimalNumber]
        case "Nl": categories = [.letterNumber]
        case "No": categories = [.otherNumber]
        case "P":
            categories = [
                .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                .initialPunctuation, .finalPunctuation, .otherPunctuation,
            ]
        case "Pc": categories = [.connectorPunctuation]
        case "Pd": categories = [.dashPunctuation]
        case "Ps": categories = [.openPunctuation]
        case "Pe": categories = [.closePunctuation]
        case "Pi": categories = [.initialPunctuation]
        case "Pf": categories = [.finalPunctuation]
        case "Po": categories = [.otherPunctuation]
        case "S": categories = [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol]
        case "Sm": categories = [.mathSymbol]
        case "Sc": categories = [.currencySymbol]
        case "Sk": categories = [.modifierSymbol]
        case "So": categories = [.otherSymbol]
        case "Z": categories = [.spaceSeparator, .lineSeparator, .paragraphSeparator]
        case "Zs": categories = [.spaceSeparator]
        case "Zl": categories = [.lineSeparator]
        case "Zp": categories = [.paragraphSeparator]
        // RE2's C leaves out unassigned code points (Cn).
        case "C": categories = [.control, .format, .surrogate, .privateUse]
        case "Cc": categories = [.control]
        case "Cf": categories = [.format]
        case "Cs": categories = [.surrogate]
        case "Co": categories = [.privateUse]
        default: return nil
        }
        return RegexCharacterClass(categories: categories)
    }
}
