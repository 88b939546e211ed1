"""Differences that cannot change terms: a URL written another way, the date on a version or "Last
modified" line, the click-through acceptance sentence, an article or similar function word.

A copy that differs from its reference only in such ways is the license (issue 14): vendors ship their
own texts re-dated, with links rewritten, embedded in a card without the "By clicking I Accept"
sentence. Where a reference has URLs, date lines and an acceptance sentence is read from its raw
text when the references are built (tokens lose where a URL began); a change is benign only inside
such a passage and only when its words could not state terms. Everything else stays a modification:
fail closed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress, count

from ..normalize import tokens
from .vocabulary import DATE_KEYWORDS, DATE_WORDS, DETERMINERS, FUNCTION_WORDS, URL_BLOCKED, URL_GENERIC

# Kinds, as the evidence names them.
URL = "URL form"
DATE = "version date"
DATE_LINE = "“Last modified” line"
ACCEPTANCE = "click-through acceptance sentence"
FUNCTION = "articles or function words"
NUMBERING = "list numbering"
NOTICE = "copyright line"

# Compiled on first use (re keeps them): read only when the references are built, not from the cache.
_CHUNK = r"[^\s<>()\[\]\"“”]+"
_URL = r"(?i)(?:https?://|www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|ai|io|net)/)"
# "March 5, 2024", "5th March 2024", "2024-03-05", and as Chinese vendors write them "2024/5/14", "2024.11.5"
_DATE = (r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:january|february|march|april|may|june|july|august|september|october|"
         r"november|december)\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?\d{4}\b|\b(?:19|20)\d\d([-/.])\d{1,2}\1\d{1,2}\b")
# A template's blank for the date ("Last modified: [insert date]"): no term can hide in these words.
_DATE_BLANK = r"(?i)\[\s*(?:insert\s+)?(?:the\s+)?(?:effective\s+|release\s+)?date(?:\s+here)?\s*\]"
_BLANK_WORDS = frozenset({"insert", "the", "here"})
# Words of an added date line that only record the text's history, and those that may state when terms apply.
_RECORD_KEYWORDS = frozenset({"last", "modified", "updated", "revised", "version", "release"})
_TERM_KEYWORDS = frozenset({"effective", "dated"})
_DATED = r"(?i)\b(?:version|release date|last (?:updated|modified|revised)|dated|effective date|updated)\b"
# A date a clause turns on (an expiry, a deadline) is a term, whatever line it is on.
_TERM_DATE = r"(?i)\b(?:until|expir\w*|before|after|terminat\w*|through|later|earlier|prior|within|from)\b"
_DATE_LINE = r"(?im)^[\W_]*(?:last\s+(?:modified|updated|revised)|dated|effective\s+date|updated)\b[^\n]{0,60}$"
_ACCEPTANCE = r"(?is)by clicking\b.{0,300}?\.(?=\s|$|\*)"


def benign_spans(words: Sequence[str], text: str) -> tuple[tuple[str, int, int], ...]:
    """(kind, start, end) token spans of a reference text's URLs, dates on version lines, whole
    "Last modified" lines and acceptance sentences."""
    found: list[tuple[str, int, int]] = []

    def locate(kind: str, passage: str) -> None:
        wanted = tokens(passage)
        if not wanted:
            return
        # only the positions of its first word are compared, found in C
        for start in compress(count(), map(wanted[0].__eq__, words)):
            if list(words[start: start + len(wanted)]) == wanted:
                found.append((kind, start, start + len(wanted)))

    url = re.compile(_URL)
    word_character = re.compile(r"[^\W_]")
    for chunk in re.findall(_CHUNK, text):
        # a URL has "/" or "www."; searching such chunks is much cheaper than searching the text
        link = url.search(chunk) if "/" in chunk or "www." in chunk else None
        if link:
            # from the start of the word it begins in: with no space between them, "通过https" is one token
            start = link.start()
            while start and word_character.match(chunk[start - 1]):
                start -= 1
            locate(URL, chunk[start:])
    dated = re.compile(_DATED)
    for text_line in text.splitlines():
        if len(text_line) <= 100 and dated.search(text_line) and not re.search(_TERM_DATE, text_line):
            for date in re.finditer(_DATE, text_line, re.IGNORECASE):
                # only where the date stands on this line: the same date elsewhere may be a term
                line_start = len(found)
                locate(DATE, text_line)
                before = len(tokens(text_line[: date.start()]))
                width = len(tokens(date.group(0)))
                found[line_start:] = [(DATE, start + before, start + before + width) for _, start, _ in found[line_start:]]
    for line in re.finditer(_DATE_LINE, text):
        passage = line.group(0)
        if ((re.search(_DATE, passage, re.IGNORECASE) or re.search(_DATE_BLANK, passage))
                and _only_date_words(passage)):
            locate(DATE_LINE, passage)
    for sentence in re.finditer(_ACCEPTANCE, text):
        if "accept" in sentence.group(0).lower() or "agree" in sentence.group(0).lower():
            locate(ACCEPTANCE, sentence.group(0))
    return tuple(dict.fromkeys(found))


def benign_kind(spans: Sequence[tuple[str, int, int]], reference: Sequence[str], src_start: int, src_end: int,
                added: Sequence[str]) -> str | None:
    """Which kind of benign difference replacing reference words [src_start, src_end) by ``added`` is,
    or None when it may change terms."""
    removed = reference[src_start: src_end]
    for kind, start, end in spans:
        inside = start <= src_start and src_end <= end if removed else start < src_start <= end
        if not inside:
            continue
        if kind == URL and _url_change(reference[start: end], src_start - start, src_end - start, added):
            return URL
        if kind == DATE and set(removed) | set(added) <= DATE_WORDS and not set(added) & DATE_KEYWORDS:
            return DATE
        if kind in (DATE_LINE, ACCEPTANCE) and not added:
            return kind
    if not removed and _date_line(added):
        return DATE_LINE
    if _function_words(removed, added):
        return FUNCTION
    return None


def _url_change(url: Sequence[str], start: int, end: int, added: Sequence[str]) -> bool:
    """The URL still names the same site or page: some word of it that is not a scheme, "www" or a
    top-level domain is kept or written again, and nothing added states terms."""
    if URL_BLOCKED.intersection(added) or len(added) > max(12, 2 * len(url)):
        return False
    if _other_script(url[start: end]) != _other_script(added):
        return False   # a clause in another script glued to the URL ("许可方将通过https://…") was changed
    distinctive = {word for word in url if word not in URL_GENERIC}
    kept = {word for i, word in enumerate(url) if not start <= i < end} - URL_GENERIC
    return bool(kept or distinctive.intersection(added)) or set(added) <= URL_GENERIC


def _other_script(words: Sequence[str]) -> str:
    """The letters of words that are not ASCII, in order: a URL has none of its own."""
    return "".join(char for word in words if not word.isascii() for char in word if not char.isascii())


def _only_date_words(line: str) -> bool:
    """A "Last modified" line holds a date and the words saying so, and nothing else: a line that
    also states something ("Last modified 2024; commercial use prohibited") is a term when dropped."""
    return all(word in DATE_WORDS or word in DATE_KEYWORDS or word in _BLANK_WORDS or word.isdigit()
               for word in tokens(line))


def _date_line(added: Sequence[str]) -> bool:
    """A "Last modified: March 5, 2024" line added: date words, a word saying so and a year."""
    words = set(added)
    # "effective 1 January 2099" inserted into a grant says when the grant begins: a term, not a record
    return (0 < len(added) <= 10 and words <= DATE_WORDS | DATE_KEYWORDS and bool(words & _RECORD_KEYWORDS)
            and not words & _TERM_KEYWORDS and any(len(w) == 4 and w.isdigit() for w in words))


def _function_words(removed: Sequence[str], added: Sequence[str]) -> bool:
    """An article or similar word dropped, added, or one article for another ("the" for "a")."""
    if not (removed or added) or len(removed) + len(added) > 3:
        return False
    if removed and added:
        return set(removed) | set(added) <= DETERMINERS
    return set(removed) | set(added) <= FUNCTION_WORDS
