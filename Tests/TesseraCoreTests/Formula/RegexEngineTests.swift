import Testing

@testable import TesseraCore

/// A pattern, a text and the leftmost-first match RE2 gives (nil: no match).
struct RegexMatchCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let text: String
    let expected: String?

    init(_ pattern: String, _ text: String, _ expected: String?) {
        self.pattern = pattern
        self.text = text
        self.expected = expected
    }

    var testDescription: String { "/\(pattern)/ on \(text.debugDescription)" }
}

/// A pattern, a text and the text of each group of the first match (nil: the group took no part).
struct RegexGroupsCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let text: String
    let groups: [String?]

    init(_ pattern: String, _ text: String, _ groups: [String?]) {
        self.pattern = pattern
        self.text = text
        self.groups = groups
    }

    var testDescription: String { "/\(pattern)/ on \(text.debugDescription)" }
}

/// A text, a pattern, a replacement template and the result of replacing every match.
struct RegexReplaceCase: Sendable, CustomTestStringConvertible {
    let text: String
    let pattern: String
    let template: String
    let expected: String

    init(_ text: String, _ pattern: String, _ template: String, _ expected: String) {
        self.text = text
        self.pattern = pattern
        self.template = template
        self.expected = expected
    }

    var testDescription: String { "\(text.debugDescription) /\(pattern)/ → \(template.debugDescription)" }
}

@Suite("Regex engine: RE2 syntax and semantics")
struct RegexEngineTests {
    static let matchCases: [RegexMatchCase] = [
        // Literals and escapes
        RegexMatchCase(#"a\.c"#, "abc a.c", "a.c"),
        RegexMatchCase(#"\\"#, #"a\b"#, #"\"#),
        RegexMatchCase(#"a\nb"#, "a\nb", "a\nb"),
        RegexMatchCase(#"\t"#, "a\tb", "\t"),
        RegexMatchCase(#"\x41\x{42}"#, "zABz", "AB"),
        RegexMatchCase(#"\x{1F600}"#, "hi 😀", "😀"),
        RegexMatchCase(#"\101\0"#, "A\0", "A\0"),
        RegexMatchCase(#"\Qa.b*\E+"#, "xa.b**", "a.b**"),
        RegexMatchCase(#"\-\_\ \%"#, "-_ %", "-_ %"),
        RegexMatchCase("a{,2}", "a{,2}", "a{,2}"),
        RegexMatchCase("a{x}", "a{x}", "a{x}"),
        // Dot: one code point, not newline unless (?s)
        RegexMatchCase(".", "\n", nil),
        RegexMatchCase("(?s).", "\n", "\n"),
        RegexMatchCase("a.c", "a😀c", "a😀c"),
        RegexMatchCase("^.$", "e\u{301}", nil),
        RegexMatchCase("^..$", "e\u{301}", "e\u{301}"),
        // Bracket expressions
        RegexMatchCase("[a-c]+", "xxabcabd", "abcab"),
        RegexMatchCase("[^a-c]+", "abcdef", "def"),
        RegexMatchCase("[]a]+", "]a]b", "]a]"),
        RegexMatchCase("[^]a]+", "]a]bc", "bc"),
        RegexMatchCase("[a-]+", "xa-a-b", "a-a-"),
        RegexMatchCase("[a-b-c]+", "ab-cd", "ab-c"),
        RegexMatchCase(#"[\d.]+"#, "v1.25x", "1.25"),
        RegexMatchCase(#"[\]\\]+"#, #"a]\b"#, #"]\"#),
        RegexMatchCase(#"[\x{E9}-\x{EB}]+"#, "café ë", "é"),
        RegexMatchCase(#"[^\n]+"#, "ab\ncd", "ab"),
        RegexMatchCase("[😀-😂]", "x😁", "😁"),
        RegexMatchCase("[[:alpha:]]+", "123abc", "abc"),
        RegexMatchCase("[[:^digit:]]+", "12ab34", "ab"),
        RegexMatchCase("[[:punct:]]+", "ab!?,cd", "!?,"),
        RegexMatchCase("[[:space:]]+", "a \t\nb", " \t\n"),
        RegexMatchCase("[[:xdigit:]]+", "xyzBEEFg", "BEEF"),
        RegexMatchCase("[[:word:][:punct:]]+", "  a_b-c!  ", "a_b-c!"),
        RegexMatchCase("[[:alpha]", "b", nil),
        RegexMatchCase("[[:alpha]", ":", ":"),
        // Perl classes are ASCII, as in RE2
        RegexMatchCase(#"\d+"#, "١٢٣ 123", "123"),
        RegexMatchCase(#"\D+"#, "12ab3", "ab"),
        RegexMatchCase(#"\w+"#, "héllo", "h"),
        RegexMatchCase(#"\W+"#, "ab, cd", ", "),
        RegexMatchCase(#"\s+"#, "a \t b", " \t "),
        RegexMatchCase(#"\S+"#, "  ab ", "ab"),
        RegexMatchCase(#"[\w\s]+"#, "hi there!", "hi there"),
        RegexMatchCase(#"[^\W\d]+"#, "12ab34", "ab"),
        // Unicode general categories
        RegexMatchCase(#"\pL+"#, "123héllo", "héllo"),
        RegexMatchCase(#"\p{Lu}+"#, "abCDe", "CD"),
        RegexMatchCase(#"\PL+"#, "ab12cd", "12"),
        RegexMatchCase(#"\p{^L}+"#, "ab12cd", "12"),
        RegexMatchCase(#"[\p{N}]+"#, "x٣4y", "٣4"),
        RegexMatchCase(#"[^\P{Lu}]+"#, "abCDe", "CD"),
        // Anchors
        RegexMatchCase("^abc", "abc", "abc"),
        RegexMatchCase("^abc", "xabc", nil),
        RegexMatchCase("abc$", "abc\n", nil),
        RegexMatchCase("(?m)^b$", "a\nb\nc", "b"),
        RegexMatchCase("(?m)^", "", ""),
        RegexMatchCase(#"\Aa"#, "a", "a"),
        RegexMatchCase(#"(?m)\Ab"#, "a\nb", nil),
        RegexMatchCase(#"a\z"#, "a\n", nil),
        RegexMatchCase(#"a\z"#, "ba", "a"),
        RegexMatchCase(#"\bfoo\b"#, "a foo b", "foo"),
        RegexMatchCase(#"\bfoo\b"#, "afoo", nil),
        RegexMatchCase(#"\Boo\B"#, "foox", "oo"),
        RegexMatchCase(#"\bé"#, "café", "é"),
        RegexMatchCase("^$", "", ""),
        RegexMatchCase("x*$", "ab", ""),
        // Alternation and groups: leftmost-first
        RegexMatchCase("a|ab", "ab", "a"),
        RegexMatchCase("ab|a", "ab", "ab"),
        RegexMatchCase("(a|ab)(c|bcd)", "abcd", "abcd"),
        RegexMatchCase("b|a", "ab", "a"),
        RegexMatchCase("(?:a|b)+", "abba!", "abba"),
        RegexMatchCase("a|", "b", ""),
        RegexMatchCase("()", "b", ""),
        // A star over a body that can match empty still prefers the body's first alternative.
        RegexMatchCase("(?:|b+)*", "bbb", ""),
        RegexMatchCase("(?:b+|)*", "bbb", "bbb"),
        // Quantifiers, greedy and lazy
        RegexMatchCase("a*", "aaa", "aaa"),
        RegexMatchCase("a*?", "aaa", ""),
        RegexMatchCase("a+?", "aaa", "a"),
        RegexMatchCase("a??b", "ab", "ab"),
        RegexMatchCase("a?", "b", ""),
        RegexMatchCase("a{2}", "aaaa", "aa"),
        RegexMatchCase("a{2,}", "aaaa", "aaaa"),
        RegexMatchCase("a{2,3}", "aaaa", "aaa"),
        RegexMatchCase("a{2,3}?", "aaaa", "aa"),
        RegexMatchCase("a{2,}?", "aaaa", "aa"),
        RegexMatchCase("a{0}b", "ab", "b"),
        RegexMatchCase("a{3}", "aa", nil),
        RegexMatchCase("<.+>", "<a><b>", "<a><b>"),
        RegexMatchCase("<.+?>", "<a><b>", "<a>"),
        RegexMatchCase("(?:ab){2,}", "abababx", "ababab"),
        RegexMatchCase("^*a", "a", "a"),
        // Flags
        RegexMatchCase("(?i)hello", "HeLLo", "HeLLo"),
        RegexMatchCase("(?i:h)ello", "Hello", "Hello"),
        RegexMatchCase("(?i:h)ello", "HELLO", nil),
        RegexMatchCase("a(?i)b", "aB", "aB"),
        RegexMatchCase("a(?i)b", "AB", nil),
        RegexMatchCase("(?i)a(?-i)b", "Ab", "Ab"),
        RegexMatchCase("(?i)a(?-i)b", "AB", nil),
        RegexMatchCase("(a(?i)b)c", "aBc", "aBc"),
        RegexMatchCase("(a(?i)b)c", "aBC", nil),
        RegexMatchCase("(?i)x|y", "Y", "Y"),
        RegexMatchCase("(?i)[a-c]+", "xABCa", "ABCa"),
        RegexMatchCase("(?i)[^a]", "Ab", "b"),
        RegexMatchCase("(?i)[[:upper:]]+", "abC1", "abC"),
        RegexMatchCase(#"(?i)\p{Lu}+"#, "ab1", "ab"),
        RegexMatchCase("(?i)é", "É", "É"),
        RegexMatchCase("(?i)σ", "Σ", "Σ"),
        RegexMatchCase("(?i)k", "\u{212A}", "\u{212A}"),
        RegexMatchCase("(?i)[\u{212A}]", "K", "K"),
        RegexMatchCase("(?i)ǅ", "ǆ", "ǆ"),
        RegexMatchCase("(?i)straße", "STRASSE", nil),
        RegexMatchCase("(?U)a+", "aaa", "a"),
        RegexMatchCase("(?U)a+?", "aaa", "aaa"),
        RegexMatchCase("(?U)(?-U)a+", "aaa", "aaa"),
        RegexMatchCase("(?sm)^a.b$", "x\na\nb", "a\nb"),
        RegexMatchCase("(?s:.)(?-s:.)", "\n\n", nil),
        // Unicode text
        RegexMatchCase("caf.", "naïve café 😀", "café"),
        RegexMatchCase("na.ve", "naïve", "naïve"),
        RegexMatchCase("😀+", "a😀😀b", "😀😀"),
        RegexMatchCase(#"\s😀"#, "naïve café 😀", " 😀"),
        RegexMatchCase("e", "e\u{301}", "e"),
    ]

    @Test(arguments: matchCases)
    func findsTheLeftmostFirstMatch(_ testCase: RegexMatchCase) throws {
        let regex = try LinearRegex(testCase.pattern)
        #expect(try regex.firstMatch(in: testCase.text).map(String.init) == testCase.expected)
        #expect(try regex.matches(testCase.text) == (testCase.expected != nil))
    }

    static let groupsCases: [RegexGroupsCase] = [
        RegexGroupsCase(#"(\w+)@(\w+)\.com"#, "mail bob@example.com now", ["bob@example.com", "bob", "example"]),
        RegexGroupsCase("(a)|(b)", "b", ["b", nil, "b"]),
        RegexGroupsCase("(a|ab)(c|bcd)(d*)", "abcd", ["abcd", "a", "bcd", ""]),
        RegexGroupsCase(#"(?P<year>\d{4})-(?<month>\d{2})"#, "on 2024-03-15", ["2024-03", "2024", "03"]),
        RegexGroupsCase("(a)(?:b)(c)", "abc", ["abc", "a", "c"]),
        RegexGroupsCase("(a){3}", "aaa", ["aaa", "a"]),
        RegexGroupsCase("(a+)(b+)?", "aac", ["aa", "aa", nil]),
        RegexGroupsCase("(a*)+", "b", ["", ""]),
        RegexGroupsCase("(|a)*", "aa", ["", ""]),
        RegexGroupsCase("(a|)*", "aa", ["aa", "a"]),
        RegexGroupsCase("(a+?)(a*)", "aaa", ["aaa", "a", "aa"]),
        RegexGroupsCase("(caf.) (😀)", "naïve café 😀", ["café 😀", "café", "😀"]),
    ]

    @Test(arguments: groupsCases)
    func capturesGroups(_ testCase: RegexGroupsCase) throws {
        let program = try RegexProgram(pattern: testCase.pattern)
        var machine = PikeVM(program: program)
        let text = testCase.text
        let found = try machine.firstMatch(in: text.unicodeScalars, from: text.startIndex, groups: program.groupCount)
        let match = try #require(found)
        let groups = (0..<program.groupCount).map { match.range(ofGroup: $0).map { String(text[$0]) } }
        #expect(groups == testCase.groups)
    }

    static let replaceCases: [RegexReplaceCase] = [
        RegexReplaceCase("abc", "", "-", "-a-b-c-"),
        RegexReplaceCase("baaac", "a*", "-", "-b-c-"),
        RegexReplaceCase("abc", "x*", "-", "-a-b-c-"),
        RegexReplaceCase("a😀b", "", "-", "-a-😀-b-"),
        RegexReplaceCase("", "", "-", "-"),
        RegexReplaceCase("a1b22c", "[0-9]+", "#", "a#b#c"),
        RegexReplaceCase("aaa", "a", "$", "$$$"),
        RegexReplaceCase("aaaa", "aa", "b", "bb"),
        RegexReplaceCase("John Smith", #"(\w+) (\w+)"#, "$2, $1", "Smith, John"),
        RegexReplaceCase("abc", "b", "[$0]", "a[b]c"),
        RegexReplaceCase("abc", "(b)", #"\$1"#, "a$1c"),
        RegexReplaceCase("abc", "(b)", #"\\$1"#, #"a\bc"#),
        RegexReplaceCase("abc", "(b)", "$&", "a$&c"),
        RegexReplaceCase("abc", "(b)", "${1}", "a${1}c"),
        RegexReplaceCase("abc", "(b)", "$2", "ac"),
        RegexReplaceCase("abc", "(b)", "$10", "ab0c"),
        RegexReplaceCase("abc", "(b)|(z)", "[$2]", "a[]c"),
        RegexReplaceCase("abc", "(b)", #"x\"#, "axc"),
        RegexReplaceCase("abcdefghijk", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)", "$10|$11|$1", "j||ak"),
        RegexReplaceCase("naïve café", #"(\w+)"#, "<$1>", "<na>ï<ve> <caf>é"),
        RegexReplaceCase("naïve café 😀", "[^a-z ]", "?", "na?ve caf? ?"),
        RegexReplaceCase("e\u{301}", "e", "x", "x\u{301}"),
        RegexReplaceCase("one two", #"\b"#, "|", "|one| |two|"),
        RegexReplaceCase("a\nb", "(?m)^", "> ", "> a\n> b"),
    ]

    @Test(arguments: replaceCases)
    func replacesEveryMatch(_ testCase: RegexReplaceCase) throws {
        let regex = try LinearRegex(testCase.pattern)
        let result = try regex.replacingMatches(in: testCase.text, with: testCase.template)
        // Compare scalars: String's == would also accept a canonically equivalent result.
        #expect(Array(result.unicodeScalars) == Array(testCase.expected.unicodeScalars))
    }

    @Test
    func searchesFromAPositionKeepTheTextBeforeItAsContext() throws {
        let program = try RegexProgram(pattern: #"^a|\ba"#)
        var machine = PikeVM(program: program)
        let text = "aa a"
        let second = text.index(after: text.startIndex)
        let found = try machine.firstMatch(in: text.unicodeScalars, from: second, groups: 1)
        let match = try #require(found)
        #expect(match.range(ofGroup: 0) == text.index(text.startIndex, offsetBy: 3)..<text.endIndex)
    }
}
