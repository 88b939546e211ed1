"""Copyright lines: found in reference texts (where copies change them), set aside in texts (they
are not terms), and told apart from clauses dressed as notices."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress, count
from pathlib import Path

from ..normalize import tokens
from .settings import SETTINGS
from .vocabulary import HOLDER_ENDS, HOLDER_SUFFIXES, NAME_GLUE, NOT_IN_NAMES, NOTICE_FILLER, TERM_WORDS, YEAR

# Read only when the reference texts are built (not when their tokens come from the disk cache):
# compiled on first use (re keeps them), not at import.
_COPYRIGHT_LINE = r"^[ \t>*#-]*copyright\b.*$"
_RIGHTS_RESERVED = r"^[ \t]*all rights reserved\.?[ \t]*$"


def holder_words(words: Sequence[str]) -> frozenset[str]:
    """The words of the holders the text's copyright lines name ("Copyright (c) 2019, Acme Lab"):
    after each "copyright" followed by "(c)" or a year, up to the notice's end."""
    found: set[str] = set()
    for i in compress(count(), map("copyright".__eq__, words)):
        following = words[i + 1: i + 16]
        if not following or not (following[0] == "c" or YEAR.match(following[0])):
            continue
        for word in following:
            if word in HOLDER_ENDS or word in TERM_WORDS:
                break
            if word != "c" and not YEAR.match(word):
                found.add(word)
    return frozenset(found)


def without_notices(words: list[str]) -> list[str]:
    """The words without the copyright notices among them."""
    out: list[str] = []
    reach = 3 + 2 * SETTINGS.max_holder_words
    i = 0
    while i < len(words):
        notice = notice_part(words[i: i + reach]) if words[i] == "copyright" else []
        if notice:
            i += len(notice)
        else:
            out.append(words[i])
            i += 1
    return out


def notice_part(words: list[str]) -> list[str]:
    """The copyright notice at the start of a line's words: "copyright", "(c)" or a year, the holder,
    "all rights reserved"; not what follows it on the line ("Licensed under ..."). Empty if the line
    is not a notice (a wrapped sentence that happens to start with "copyright")."""
    if len(words) < 2 or words[0] != "copyright" or not (words[1] == "c" or YEAR.match(words[1])):
        return []
    max_holder_words = SETTINGS.max_holder_words
    end = 1
    while end < len(words) and end <= 2 + 2 * max_holder_words:
        if words[end: end + 3] == ["all", "rights", "reserved"]:
            end += 3
            break
        if words[end] == "copyright" and end + 1 < len(words) and words[end + 1] != "c" and not YEAR.match(words[end + 1]):
            end += 1   # "name of copyright owner": a template's words, not a second notice
            continue
        if words[end] in HOLDER_ENDS or words[end] in TERM_WORDS or words[end] in NOT_IN_NAMES:
            break
        end += 1
    name = [w for w in words[1:end] if w not in NOTICE_FILLER and w not in NAME_GLUE and not YEAR.match(w)]
    return words[:end] if len(name) <= max_holder_words else []


def notice_spans(words: Sequence[str], path: Path) -> tuple[tuple[int, int], ...]:
    """Token spans of the reference text's copyright lines (with an "All rights reserved." line
    under one), found in its tokens."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ()
    lines = text.splitlines()
    rights_reserved = re.compile(_RIGHTS_RESERVED, re.IGNORECASE)
    spans = []
    for found in re.finditer(_COPYRIGHT_LINE, text, re.IGNORECASE | re.MULTILINE):
        line = found.group(0)
        number = text.count("\n", 0, found.start())
        following = next((after for after in lines[number + 1:] if after.strip()), "")
        if rights_reserved.match(following):
            line += " " + following
        wanted = notice_part(tokens(line))
        if not wanted:
            continue
        # a notice starts with "copyright": only the positions of that word are compared
        for start in compress(count(), map(wanted[0].__eq__, words)):
            if list(words[start: start + len(wanted)]) == wanted:
                spans.append((start, start + len(wanted)))
    return tuple(dict.fromkeys(spans))


def is_notice_change(src_start: int, src_end: int, added: Sequence[str], notices: Sequence[tuple[int, int]]) -> bool:
    """A change inside the reference's copyright lines to words that read as copyright lines: the
    holder and year differ between copies, or the copy has none, or several. A change that starts at
    a line's first word, or adds after its last, must itself start a copyright line."""
    for start, end in notices:
        if src_start < src_end:
            if not (start <= src_start and src_end <= end):
                continue
        elif not start <= src_start <= end:
            continue
        if src_start == src_end == end and 0 < len(added) <= 2 and set(added) <= HOLDER_SUFFIXES:
            return True   # "DeepSeek AI", "OpenAI Inc." for the reference's "DeepSeek", "OpenAI"
        return reads_as_notices(added, continuing=start < src_start < end)
    return False


def reads_as_notices(words: Sequence[str], *, continuing: bool) -> bool:
    """Copyright lines and nothing else. Split at "copyright": each part after one starts with
    "(c)" or a year; each names a holder in at most SETTINGS.max_holder_words words besides "(c)",
    years, "all rights reserved" and joining words, none of them a word that states terms or a
    sentence's word ("are", "weights", "proprietary"). ``continuing``: the first part may go on a line
    begun in the reference (a different holder after the same "Copyright (c) 2022")."""
    max_holder_words = SETTINGS.max_holder_words
    if len(words) > 8 * max_holder_words or TERM_WORDS.intersection(words) or NOT_IN_NAMES.intersection(words):
        return False
    parts: list[list[str]] = [[]]
    for word in words:
        if word == "copyright":
            parts.append([])
        else:
            parts[-1].append(word)
    if parts[0] and not continuing:
        return False
    for number, part in enumerate(parts):
        if number and not (part and (part[0] == "c" or YEAR.match(part[0]))):
            return False
        name = [w for w in part if w not in NOTICE_FILLER and w not in NAME_GLUE and not YEAR.match(w)]
        if len(name) > max_holder_words:
            return False
    return True
