"""Builds the tokenizer test corpus: >= 10,000 real lines of text found on this machine, plus
hand-picked hard cases. Deterministic for a given machine (files are read in sorted order).

Sources: docstrings of the Python standard library, Debian changelogs under /usr/share/doc, and
the CJK sample texts of CPython's test suite.
"""
import ast
import gzip
import pathlib
import sysconfig

TARGET_LINES = 12_000

HARD_CASES = [
    "",
    " ",
    "\t\n",
    "Hello, world!",
    "Café crème brûlée, naïve coöperation, Ångström, Øresund, façade, jalapeño.",
    "ÀÉÎÕÜ àéîõü ÇçÑñ Łódź Kraków Dvořák Smørrebrød",
    "İstanbul ıi İI ǅ ǈ ǋ ß ẞ ŉ ﬁ ﬀ",
    "ΣΊΣΥΦΟΣ σίσυφος ὀδυσσεύς Ἀθῆναι",
    "Москва — столица России. Ёлка, йогурт.",
    "東京都は日本の首都です。",
    "北京欢迎你！我爱自然语言处理。",
    "한국어 텍스트도 처리해야 합니다.",
    "Mixed 日本語 and English とカタカナ text.",
    "𠀀𠀁𪜀 rare ideographs 𫝀 and 𫠠 and 𬺰",
    "Emoji: 😀 👍🏽 👨‍👩‍👧‍👦 🇫🇷 ❤️ ✨",
    "Control\x00chars\x01in\x07the\x1bmiddle\x7fhere\u200b\u200d\ufeff",
    "Replacement \ufffd char and zero\u00a0width\u2028line\u2029para",
    "Tabs\tand\r\nnewlines\rmixed\u3000ideographic space",
    "Pneumonoultramicroscopicsilicovolcanoconiosis is a long word.",
    "a" * 100,
    "b" * 101,
    "x" * 250 + " tail",
    "supercalifragilisticexpialidocious" * 3,
    "$100 + 50% = <tag> ^caret^ `tick` |pipe| ~tilde~ @at #hash & * _ \\ /",
    "«quoted» „German“ ‘single’ “double” ¿Qué? ¡Sí! …ellipsis… ‹a› 「括弧」",
    "don't won't can't it's O'Reilly's rock'n'roll",
    "e-mail: someone@example.com, url: https://example.org/a/b?c=d&e=f#g",
    "Numbers 3.14159 1,000,000 1e-10 0xFF 42nd 1st ½ ² ³ ① Ⅻ",
    "C++ C# F# .NET node.js Objective-C",
    "Ａｂｃ fullwidth ＡＢＣ１２３ ｶﾀｶﾅ",
    "Thai: ภาษาไทย Hindi: हिन्दी Arabic: العربية Hebrew: עברית",
    "Vietnamese: Tiếng Việt có dấu, Nguyễn, Phở",
    "Combining: e\u0301 a\u0308 n\u0303 o\u0302\u0323",
    "Zalgo: Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "Private use \ue000\uf8ff and unassigned \u0378 and noncharacter \ufdd0",
    "Math: ∀x∈ℝ, ∃y: x² + y² ≤ 1 ⇒ ∫f(x)dx ≈ π",
    "Currency: € £ ¥ ₹ ₿ ¢",
    "   leading and trailing spaces   ",
    "[CLS] [SEP] [MASK] [PAD] [UNK] are special tokens in text",
    "UPPER CASE SHOUTING AND MiXeD CaSe",
    "hyphen-ated under_scored dot.ted slash/ed",
    "Ligatures ﬁnance ﬂow Æsir œuvre",
    "Dingbats ✓ ✗ ☃ ♞ ⌘ ⏎",
    "Korean jamo ᄀᄁᄂ and compatibility ㄱㄴㄷ",
    "Superscripts ᵃᵇᶜ and subscripts ₐₑₒ",
]


def docstring_paragraphs():
    stdlib = pathlib.Path(sysconfig.get_paths()["stdlib"])
    for path in sorted(stdlib.rglob("*.py")):
        relative = path.relative_to(stdlib).parts
        if relative[0] in ("test", "site-packages", "idlelib", "lib2to3") or "tests" in relative:
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                doc = ast.get_docstring(node)
                if not doc:
                    continue
                for paragraph in doc.split("\n\n"):
                    text = " ".join(line.strip() for line in paragraph.splitlines()).strip()
                    if len(text) >= 20:
                        yield text


def changelog_lines():
    for path in sorted(pathlib.Path("/usr/share/doc").glob("*/changelog.Debian.gz")):
        try:
            with gzip.open(path, "rt", encoding="utf-8", errors="strict") as handle:
                for index, line in enumerate(handle):
                    if index >= 40:
                        break
                    line = line.strip()
                    if len(line) >= 10:
                        yield line
        except (OSError, UnicodeDecodeError):
            continue


def cjk_lines():
    directory = pathlib.Path(sysconfig.get_paths()["stdlib"]) / "test" / "cjkencodings"
    for path in sorted(directory.glob("*-utf8.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield line


def long_texts(paragraphs, count=8, min_words=320):
    """Concatenations of consecutive docstrings, past the 256-token limit on purpose."""
    texts, current = [], []
    for paragraph in paragraphs:
        current.append(paragraph)
        if sum(len(p.split()) for p in current) >= min_words:
            texts.append(" ".join(current))
            current = []
            if len(texts) == count:
                break
    return texts


def build():
    lines, seen = list(HARD_CASES), set(HARD_CASES)

    def take(source, limit):
        taken = 0
        for line in source:
            if taken >= limit or len(lines) >= TARGET_LINES:
                return
            if "\n" in line or line in seen:
                continue
            seen.add(line)
            lines.append(line)
            taken += 1

    paragraphs = list(docstring_paragraphs())
    take(long_texts(paragraphs), 8)
    take(cjk_lines(), 400)
    take(changelog_lines(), 2_500)
    take(paragraphs, TARGET_LINES)
    if len(lines) < 10_000:
        raise SystemExit(f"make_corpus: found only {len(lines)} lines of text, need 10,000")
    return lines
