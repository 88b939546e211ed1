"""Turning license texts, as they appear in the wild, into comparable word sequences.

Licenses reach us rewrapped, rendered from Markdown or HTML, with smart quotes, different list
markers, a copyright line on top or embedded in a model card. Matching is done on lower-case word
tokens, so layout and punctuation cannot matter; what remains are the words a lawyer would read.
"""

from __future__ import annotations

import html
import importlib
import importlib.util
import re
import sys
import threading
import types
import unicodedata
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING

from .compiled_patterns import compiled as compiled_pattern
from .lazy_regex import lazy

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

# Texts larger than this are classified on their first part only; the rest is noted as unread.
MAX_CLASSIFY_CHARS = 400_000

_HTML_HINT = lazy(r"<(html|body|p|div|br|li|ul|ol|h[1-6]|table|span|pre|article)\b[^>]*>", re.IGNORECASE)
_MD_LINK = lazy(r"!?\[([^\]]{0,500})\]\([^)\s]{0,2000}(?:\s+\"[^\"\n]{0,200}\")?\)")
_MD_AUTOLINK = lazy(r"<(https?://[^>\s]{1,2000})>")
_MARKER = r"(?:[*\-+•‣◦▪]|\(?(?:[0-9]{1,3}|[a-z]|i{2,3}|iv|vi{0,3}|ix|xi{0,3})[.)])[ \t]+"
# Not before another marker: rewrapped at another width, "subject to paragraph 5. 2. You must" puts a
# sentence's last word ("5.") at a line's start, before the item's own marker; both are kept as words.
# A line's start is found as the line break before it (without_list_markers puts one before the text), not as "^" in
# MULTILINE mode: re tries "^" at every position of the text, and skips to a leading literal in C (~40 % less
# time on license texts). The same matches, as none holds a line break.
_LIST_MARKER = lazy(r"\n[ \t>]*" + _MARKER + r"(?![ \t]|" + _MARKER + r")", re.IGNORECASE)
_TOKEN = lazy(r"[^\W_]+")
# Every ASCII character that is not a letter or a digit, as a space: on ASCII text _TOKEN's [^\W_] is [A-Za-z0-9],
# so the text's tokens are then the words str.split finds (the same list, found ~3 times faster).
_ASCII_NON_WORD = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum()})
# Typographic quotes and dashes to ASCII. Applied with str.replace, one character at a time:
# str.translate with a dict costs a dict lookup per character of any non-ASCII text (0.4 ms for a
# typical license), replace() is a C scan (0.01 ms for all twelve). Same result.
_QUOTES = {"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"', "–": "-", "—": "-", "‐": "-", "‑": "-"}
_HTML_COMMENT = lazy(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_INVISIBLE = lazy("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Letters of other scripts that look like Latin ones (Unicode's confusables for the Latin alphabet):
# "m\u0430y n\u043et" must read "may not". License texts are matched in English, so folding them costs nothing.
_LOOKALIKES = {
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0443": "y", "\u0445": "x",
    "\u0456": "i", "\u0458": "j", "\u0455": "s", "\u0501": "d", "\u04cf": "l", "\u0410": "A", "\u0412": "B",
    "\u0415": "E", "\u041a": "K", "\u041c": "M", "\u041d": "H", "\u041e": "O", "\u0420": "P", "\u0421": "C",
    "\u0422": "T", "\u0425": "X", "\u0406": "I", "\u03bf": "o", "\u03b1": "a", "\u03bd": "v", "\u03c1": "p",
    "\u03c4": "t", "\u039f": "O", "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0397": "H", "\u0399": "I",
    "\u039a": "K", "\u039c": "M", "\u039d": "N", "\u03a1": "P", "\u03a4": "T", "\u03a7": "X", "\u0396": "Z",
}
_FRONT_MATTER = lazy(r"\A---[ \t]*\r?\n.*?\r?\n---[ \t]*(\r?\n|\Z)", re.DOTALL)


def decode(data: bytes) -> tuple[str | None, str]:
    """Decode file bytes to text. Returns (text or None if binary, a note on the encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8 (BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    sample = data[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a BOM has a NUL in every other byte of ASCII text; binary has them anywhere.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 2 * 0.9 and even == 0:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if even > len(sample) // 2 * 0.9 and odd == 0:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
        return None, "binary"
    if b"\x00" in sample:
        return None, "binary"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def strip_front_matter(text: str) -> str:
    return _FRONT_MATTER.sub("", text, count=1)


def looks_like_html(text: str) -> bool:
    return len(_HTML_HINT.findall(text[:20000])) >= 2


# Imported by BeautifulSoup for what licscan never asks of it: soupsieve for CSS selectors (select()),
# a charset detector for bytes of unknown encoding (licscan hands it decoded text). Importing them
# cost ~55 of bs4's ~70 ms. bs4 treats each as optional (its `import` is in a try/except ImportError)
# and looks it up in a module global when used, so they are left out of bs4's import and put back as
# modules that import themselves on first use: select() and bytes detection work as before for
# anyone else in the process.
_BS4_CHARSET_DETECTORS = ("cchardet", "chardet", "charset_normalizer")   # bs4.dammit's order of preference


class _ImportedOnFirstUse(types.ModuleType):
    def __getattr__(self, attribute: str) -> object:
        return getattr(importlib.import_module(self.__name__), attribute)


def _beautiful_soup() -> type[BeautifulSoup]:
    """bs4.BeautifulSoup, imported on the first HTML text (most runs have none)."""
    if "bs4" not in sys.modules:
        blocked = [name for name in ("soupsieve", *_BS4_CHARSET_DETECTORS) if name not in sys.modules]
        for name in blocked:
            sys.modules[name] = None  # type: ignore[assignment]   # makes `import name` raise ImportError
        try:
            with warnings.catch_warnings():   # bs4 warns that CSS selectors cannot be used
                warnings.filterwarnings("ignore", message="The soupsieve package is not installed")
                import bs4.css
                import bs4.dammit
        finally:
            for name in blocked:
                if sys.modules.get(name, 0) is None:
                    del sys.modules[name]
        if bs4.css.soupsieve is None and importlib.util.find_spec("soupsieve") is not None:
            bs4.css.soupsieve = _ImportedOnFirstUse("soupsieve")
        if bs4.dammit.chardet_module is None:
            detector = next((name for name in _BS4_CHARSET_DETECTORS if importlib.util.find_spec(name) is not None), None)
            if detector is not None:
                bs4.dammit.chardet_module = _ImportedOnFirstUse(detector)
    from bs4 import BeautifulSoup

    return BeautifulSoup


def html_to_text(text: str) -> str:
    from .html_text import DROPPED, page_text  # html.parser: imported on the first HTML text

    light = page_text(text)   # bs4's text, computed without bs4 where that is certain
    if light is not None:
        return light
    with warnings.catch_warnings():
        # an XML page read as HTML gives its text all the same; bs4's advice to install lxml is no use to a user
        warnings.filterwarnings("ignore", message="It looks like you're using an HTML parser to parse an XML document")
        soup = _beautiful_soup()(text, "html.parser")
    # Only what a browser never shows as text (html_text.DROPPED). Not the whole <head>: an HTML5 page may
    # leave out </head>, and html.parser then puts the body in it.
    for element in soup(sorted(DROPPED)):
        element.decompose()
    return soup.get_text("\n")


def plain_text(text: str) -> str:
    """Render Markdown or HTML to plain text and drop what varies between copies of one license."""
    text = text[:MAX_CLASSIFY_CHARS].replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if "<!--" in text:   # hidden when rendered, as Markdown or HTML: a license inside is not the file's license
        text = _HTML_COMMENT.sub("", text)
    if looks_like_html(text):
        text = html_to_text(text)
    elif "&" in text:    # Markdown renders character references ("&#109;ay" reads "may")
        text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        if _INVISIBLE.search(text):   # zero-width characters and soft hyphens inside words
            text = _INVISIBLE.sub("", text)
        for typographic, plain in _QUOTES.items():
            if typographic in text:
                text = text.replace(typographic, plain)
        if "\u00a9" in text:
            text = text.replace("\u00a9", "(c)")   # "Copyright ©" is "Copyright (c)"
        for lookalike, latin in _LOOKALIKES.items():   # Cyrillic and Greek letters that read as Latin
            if lookalike in text:
                text = text.replace(lookalike, latin)
    if "](" in text:   # every Markdown link has it; most license texts have none
        # a link's text is a word of its own, as a reader takes it: "identified in the[Appendix](...)" (the Gemma Terms
        # converted to Markdown) is "the Appendix", a missing space, not one word "theAppendix"
        text = _MD_LINK.sub(_link_text, text)
    if "<http" in text:
        text = _MD_AUTOLINK.sub(r"\1", text)
    return without_list_markers(text)


def without_list_markers(text: str) -> str:
    """The text without the list markers at its lines' starts ("1. ", "- ", "(a) ", "> * ")."""
    return _LIST_MARKER.sub("\n", "\n" + text)[1:]


def _link_text(link: re.Match[str]) -> str:
    text, before, after = link.group(1), link.string[link.start() - 1: link.start()], link.string[link.end(): link.end() + 1]
    return (" " if before.isalnum() else "") + text + (" " if after.isalnum() else "")


# A word of letters in which Latin ones sit beside Cyrillic or Greek look-alikes ("n\u043en-c\u043emmercial").
_WORD = lazy(r"[^\W\d_]+")
_LATIN = lazy(r"[A-Za-z]")
# Where Unicode keeps the compatibility forms of Latin letters, digits and spaces: Latin-1's no-break space
# to the enclosed alphanumerics, ligatures, half- and full-width forms, mathematical alphanumerics.
_COMPATIBILITY_BLOCKS = ((0x00A0, 0x3400), (0xFB00, 0xFB50), (0xFE00, 0xFFF0), (0x1D400, 0x1D800), (0x1F100, 0x1F200))


@lru_cache(maxsize=1)
def _compatibility_letters() -> tuple[dict[int, str], re.Pattern[str]]:
    """Each character NFKC turns into Latin letters, digits, spaces or a hyphen ("\uff4e" "n", U+00A0 " ",
    "\ufb01" "fi"), and a pattern finding any of them. Built on the first card that needs it (~10 ms)."""
    table: dict[int, str] = {}
    for first, end in _COMPATIBILITY_BLOCKS:
        for code in range(first, end):
            folded = unicodedata.normalize("NFKC", chr(code))
            if folded != chr(code) and folded.isascii() and all(c.isalnum() or c in " -" for c in folded):
                table[code] = folded
    return table, compiled_pattern(_character_class(sorted(table)))


def _character_class(codes: list[int]) -> str:
    """A character class of the sorted code points, written as runs ("[a-z]"): re keeps a class of more than
    700 single characters beyond the BMP as a list it walks for every character of the text (~0.5 us each,
    2.7 s over this tree's 177 non-ASCII cards); as ~100 ranges it is 20 times faster, and means the same."""
    runs: list[tuple[int, int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], code)
        else:
            runs.append((code, code))
    return "[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs) + "]"


# Characters a reader takes for a hyphen: typographic dashes, the minus signs (U+2212, the heavy and the modifier
# minus), the hyphen bullet, the small and full-width hyphen-minus. Not the dashes of other scripts (Hebrew maqaf,
# the Japanese wave dash): a card written in them keeps them.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2796\u02d7\u2043\ufe58\ufe63\uff0d"
# Unicode's default-ignorable code points (DerivedCoreProperties.txt): rendered as nothing, so inside a word
# ("com\u034fmercial", "com\u180emercial") they hide it from a reader of code points only.
_DEFAULT_IGNORABLE = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
                      (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
                      (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
                      (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
# Latin small capitals ("\u0274\u1d0f\u0274-\u1d04\u1d0f\u1d0d\u1d0d\u1d07\u0280\u1d04\u026a\u1d00\u029f" reads "non-commercial"):
# NFKC leaves them, as they are letters of their own (IPA uses a few), but on a card they spell Latin words.
_SMALL_CAPITAL_BLOCKS = ((0x0250, 0x02B0), (0x1D00, 0x1D80), (0xA720, 0xA800), (0x1DF00, 0x1E000))
_SMALL_CAPITAL_NAME = lazy(r"^LATIN LETTER SMALL CAPITAL ([A-Z])$")
# Combining marks left on an ASCII letter once composed (NFC): no letter of any language ("commerci\u0307al")
_COMBINING_ON_ASCII = frozenset((*range(0x0300, 0x0370), *range(0x1AB0, 0x1B00), *range(0x1DC0, 0x1E00), *range(0x20D0, 0x2100),
                                 *range(0xFE20, 0xFE30)))
_MARK_ON_ASCII = lazy("(?<=[A-Za-z])[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


@lru_cache(maxsize=1)
def _card_folds() -> tuple[dict[int, str | None], re.Pattern[str]]:
    """Dashes to '-', default-ignorable code points to nothing, Latin small capitals to their letters, and a
    pattern finding any of them."""
    table: dict[int, str | None] = {ord(dash): "-" for dash in _DASHES}
    for first, last in _DEFAULT_IGNORABLE:
        table.update(dict.fromkeys(range(first, last + 1)))
    for first, end in _SMALL_CAPITAL_BLOCKS:
        for code in range(first, end):
            named = _SMALL_CAPITAL_NAME.match(unicodedata.name(chr(code), ""))
            if named:
                table[code] = named.group(1).lower()
    ranges = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in _DEFAULT_IGNORABLE)
    others = "".join(re.escape(chr(code)) for code in table if not any(a <= code <= b for a, b in _DEFAULT_IGNORABLE))
    return table, compiled_pattern(f"[{ranges}{others}]")


def card_characters(text: str) -> str:
    """A model card's words with the characters plain_text folds in license texts folded the same way, so that
    "non\u2011commercial" reads as "non-commercial": NFKC's Latin letters, digits and spaces (full-width
    letters, no-break spaces, ligatures), typographic dashes and quotes, zero-width characters and soft
    hyphens; and, as a reader sees them, every dash and minus sign as a hyphen, default-ignorable code points as
    nothing, Latin small capitals as their letters and combining marks on ASCII letters as nothing. Unlike
    plain_text, NFKC leaves a card's Chinese or Japanese punctuation ("，", "：") as written, so the words
    reasons quote stay the card's; and look-alike letters are folded only inside a word that
    mixes them with Latin ones: a card may be written in Russian or Greek, and its words stay what they are,
    while a word that mixes scripts is a disguised Latin one. A small table, the matcher's own (_LOOKALIKES):
    Unicode's full confusables list would also turn Cyrillic words into Latin nonsense."""
    if text.isascii():
        return text
    # which characters the text has, once (set() runs in C): whether a table holds one of them is then a few
    # lookups instead of a character class matched along the whole text (a license pasted into a card: ~1 ms)
    codes = {ord(c) for c in set(text)}
    table, _ = _compatibility_letters()
    if not codes.isdisjoint(table):
        text = text.translate(table)
        codes = {ord(c) for c in set(text)}
    folds, _ = _card_folds()
    if not codes.isdisjoint(folds):   # the zero-width characters, soft hyphens and typographic dashes too
        text = text.translate(folds)
        codes = {ord(c) for c in set(text)}
    if not codes.isdisjoint(_COMBINING_ON_ASCII) and _MARK_ON_ASCII.search(text):
        text = _MARK_ON_ASCII.sub("", unicodedata.normalize("NFC", text))
    for typographic, plain in _QUOTES.items():
        if typographic in text:
            text = text.replace(typographic, plain)
    if any(lookalike in text for lookalike in _LOOKALIKES):
        text = _WORD.sub(_latin_if_mixed, text)
    return text


# Latin letters a diacritic does not decompose from (a stroke, a bar, a dotless i): written into an English word
# ("commerciał", "nøn-commercial") they disguise it as the decomposing ones do ("nón-commercial")
_STROKED_LATIN = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ı": "i", "ŧ": "t",
                  "Ŧ": "T", "ƚ": "l", "Ƚ": "L", "ɨ": "i", "Ɨ": "I", "ȼ": "c", "Ȼ": "C", "ɇ": "e", "Ɇ": "E", "ƀ": "b",
                  "Ƀ": "B", "ɍ": "r", "Ɍ": "R", "ȷ": "j", "ɉ": "j", "ʉ": "u", "Ʉ": "U", "ɏ": "y", "Ɏ": "Y", "ƶ": "z", "Ƶ": "Z"}
# where Unicode keeps Latin letters with diacritics: Latin-1, Extended-A and -B, IPA, Extended Additional, -C, -D, -E
_ACCENTED_LATIN_BLOCKS = ((0x00C0, 0x0250), (0x1E00, 0x1F00), (0x2C60, 0x2C80), (0xA720, 0xA800), (0xAB30, 0xAB70))


@lru_cache(maxsize=1)
def _plain_latin_letters() -> dict[int, str]:
    table = {ord(letter): plain for letter, plain in _STROKED_LATIN.items()}
    # and the Cyrillic and Greek look-alikes of Latin letters with a diacritic ("commercїal"), to the look-alike,
    # which a word that mixes scripts then reads as its Latin letter
    for first, end in (*_ACCENTED_LATIN_BLOCKS, (0x0370, 0x0530)):
        for code in range(first, end):
            decomposed = unicodedata.normalize("NFD", chr(code))
            if len(decomposed) > 1 and ((decomposed[0].isascii() and decomposed[0].isalpha()) or decomposed[0] in _LOOKALIKES) \
                    and all(unicodedata.combining(mark) for mark in decomposed[1:]):
                table[code] = decomposed[0]
    return table


@lru_cache(maxsize=1)
def _changed_by_plain_latin_letters() -> re.Pattern[str]:
    """A character plain_latin_letters changes (its table's) or reads the word around (a look-alike)."""
    return compiled_pattern(_character_class(sorted({*_plain_latin_letters(), *map(ord, _LOOKALIKES)})))


def plain_latin_letters(text: str) -> str:
    """The text with each Latin letter written with a diacritic as its plain letter, one character for one (so
    that offsets into it are offsets into the text): "nón-commercial" reads "non-commercial", "únicamente"
    "unicamente", "commercїal" (a Cyrillic letter with a diaeresis) "commercial". For matching words whose
    patterns are folded the same way (classify.card_words), never for what is quoted: the card's words stay as
    written. Other scripts are left as they are, but for the diacritics on look-alikes of Latin letters."""
    # most non-ASCII text (CJK, emoji, typographic quotes) has no such character: one scan in C, instead of
    # translate's look-up of every character and a search for each look-alike (~4 % of classifying a real card)
    if text.isascii() or not _changed_by_plain_latin_letters().search(text):
        return text
    text = text.translate(_plain_latin_letters())
    return _WORD.sub(_latin_if_mixed, text) if any(lookalike in text for lookalike in _LOOKALIKES) else text


# An HTML tag as a Markdown card may have one in its prose: a block's breaks the line, an inline one ("<b>", "<span
# style=...>") is only the look of the words it wraps. Not an autolink ("<https://...>") nor an address.
_HTML_TAG = lazy(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")
# only a closed one: what an unclosed comment would hide stays read (sources.reader reports it as unread)
_CLOSED_HTML_COMMENT = lazy(r"<!--.*?-->", re.DOTALL)
_HTML_BLOCKS = frozenset("address article aside blockquote center dd details div dl dt figcaption figure footer form h1 h2 "
                         "h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul".split())


def card_markup_text(text: str) -> str:
    """A card's prose as the Hub renders it, for reading its words: HTML tags out (a block's as a line break,
    an inline one as nothing: "for <b>non-commercial</b> use only" reads as the reader sees it), character
    references decoded ("non&#8209;commercial"), and the characters card_characters folds folded."""
    if "<" in text:
        if "<!--" in text:   # a closed comment is not shown ("non-<!-- -->commercial" reads "non-commercial")
            text = _CLOSED_HTML_COMMENT.sub("", text)
        # a <br> breaks the line, not the sentence ("for research purposes<br>only")
        text = _HTML_TAG.sub(lambda tag: "\n" if tag.group(2).lower() in _HTML_BLOCKS else
                             " " if tag.group(2).lower() == "br" else "", text)
    if "&" in text:
        text = card_characters(html.unescape(text))
    return text


def _latin_if_mixed(word: re.Match[str]) -> str:
    letters = word.group(0)
    if not _LATIN.search(letters) or not any(c in _LOOKALIKES for c in letters):
        return letters
    return "".join(_LOOKALIKES.get(c, c) for c in letters)


# The tokens of the last few texts, by the text object itself: a classification reads one file's text
# in several places (the matcher, the catalog, the file's own statements), each calling tokens(text)
# on the same string, and rendering it again costs ~0.5 ms per license. Held with the text, so an id
# is never reused while its entry lives; a copy is handed out, so no caller can change another's.
_RECENT_TEXTS = 4
_recent: dict[int, tuple[str, tuple[str, ...]]] = {}
_recent_lock = threading.Lock()


# The tokens of short texts (a card's lines and sentences), by the text's value: the card strategies each
# read the same lines (the license lines, the prose, a License section holding a license text that many
# cards copy), and rendering is most of the cost of tokens(). Bounded; a dict's get and set are atomic.
_SHORT_CHARS = 1000
_SHORT_ENTRIES = 20_000
_short: dict[str, tuple[str, ...]] = {}


def _words(lowered: str) -> list[str]:
    """_TOKEN's words of a lower-cased text."""
    return lowered.translate(_ASCII_NON_WORD).split() if lowered.isascii() else _TOKEN.findall(lowered)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of a text after rendering; the unit of all matching."""
    if len(text) <= _SHORT_CHARS:
        known = _short.get(text)
        if known is None:
            known = tuple(_words(plain_text(text).lower()))
            if len(_short) >= _SHORT_ENTRIES:
                _short.clear()
            _short[text] = known
        return list(known)
    entry = _recent.get(id(text))
    if entry is not None and entry[0] is text:
        return list(entry[1])
    found = _words(plain_text(text).lower())
    with _recent_lock:
        _recent.pop(id(text), None)
        if len(_recent) >= _RECENT_TEXTS:
            del _recent[next(iter(_recent))]
        _recent[id(text)] = (text, tuple(found))
    return found
