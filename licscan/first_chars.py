"""A lookahead of the characters a pattern's match can begin with, written in front of the pattern.

re's search tries a pattern at every position of the text. Where the pattern begins with a literal or a class of
characters that have no case, re first skips to a position holding one of them (its "prefix" scan); a case-insensitive
alternation whose branches begin with letters, or a pattern that begins with a look-behind or ``\\b``, it tries branch
by branch at every position: ~15-30 us a sentence for the longest of the card readers' patterns (PROSE's "licensed
under ...", the base-terms phrases), the twelve that ask for the lookahead about a sixth of the classifier's time on the
real cards. ``(?=[lrdu...])`` in front (the characters any branch can begin with, under the pattern's own flags) turns
most positions down in one test: those twelve cost ~40 % less, the classifier ~9 %.

The lookahead only says what every match already begins with, so every answer is the same (search, match, finditer,
split, sub: the same spans, groups and names). It is not written when that cannot be read exactly: a pattern that can
match the empty string (a match could begin anywhere), a branch that can begin with any character (``.``, ``[^...]``,
a back reference) or under flags a group turns on (``(?i:...)``). For a pattern re already scans by its prefix the
lookahead is slower: ``lazy(..., first_chars=True)`` asks for it, pattern by pattern, where it was measured to pay
(benchmarks/README.md, the eighteenth session).
"""

from __future__ import annotations

import re
from re import _constants as _ops  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

_CATEGORIES = {
    _ops.CATEGORY_DIGIT: r"\d", _ops.CATEGORY_NOT_DIGIT: r"\D",
    _ops.CATEGORY_SPACE: r"\s", _ops.CATEGORY_NOT_SPACE: r"\S",
    _ops.CATEGORY_WORD: r"\w", _ops.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = (_ops.AT, _ops.ASSERT, _ops.ASSERT_NOT)
_REPEATS = (_ops.MAX_REPEAT, _ops.MIN_REPEAT, _ops.POSSESSIVE_REPEAT)
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


class _Unreadable(Exception):
    """The pattern can begin with characters no short class names: no lookahead for it."""


def with_first_chars(pattern: str, flags: int = 0) -> str:
    """``(?=[...])(?:pattern)``: the same matches, each tried only where the text holds a character one can begin with;
    the pattern as it is where that set cannot be read exactly (see the module's note), or where re rejects it (re
    then gives its own error, on the pattern as written)."""
    if _GLOBAL_FLAGS.match(pattern):
        return pattern   # "(?i)..." must stay first
    try:
        items, nullable = _first(_parser.parse(pattern, flags))
    except (_Unreadable, re.error):
        return pattern
    if nullable or not items:
        return pattern
    # in a verbose pattern a comment runs to the end of its line: the closing bracket goes on a line of its own
    close = "\n)" if flags & re.VERBOSE else ")"
    return f"(?=[{''.join(dict.fromkeys(items))}])(?:{pattern}{close}"


def _first(sequence: Any) -> tuple[list[str], bool]:
    """(class items for the characters the sequence can begin with, whether it can match the empty string). An
    assertion takes no character: what follows it is what the match begins with."""
    items: list[str] = []
    for op, value in sequence:
        if op in _ZERO_WIDTH:
            continue
        found, nullable = _first_of(op, value)
        items += found
        if not nullable:
            return items, False
    return items, True


def _first_of(op: Any, value: Any) -> tuple[list[str], bool]:
    if op is _ops.LITERAL:
        return [_char(value)], False
    if op is _ops.IN:
        if value and value[0][0] is _ops.NEGATE:
            raise _Unreadable
        return [_class_item(item_op, item) for item_op, item in value], False
    if op is _ops.BRANCH:
        items: list[str] = []
        nullable = False
        for branch in value[1]:
            found, empty = _first(branch)
            items += found
            nullable = nullable or empty
        return items, nullable
    if op is _ops.SUBPATTERN:
        _group, add_flags, _del_flags, inner = value
        if add_flags:
            raise _Unreadable   # "(?i:x)" in a case-sensitive pattern: the class, read without it, would miss "X"
        return _first(inner)   # flags it turns off only narrow what the group matches: the class stays a superset
    if op in _REPEATS:
        least, _most, inner = value
        found, empty = _first(inner)
        return found, empty or least == 0
    if op is _ops.ATOMIC_GROUP:
        return _first(value)
    raise _Unreadable   # ".", a character other than one, a back reference, a conditional


def _class_item(op: Any, value: Any) -> str:
    if op is _ops.LITERAL:
        return _char(value)
    if op is _ops.RANGE:
        return f"{_char(value[0])}-{_char(value[1])}"
    if op is _ops.CATEGORY and value in _CATEGORIES:
        return _CATEGORIES[value]
    raise _Unreadable


def _char(code: int) -> str:
    """A character as an escape, which means itself in any class under any flags (no "]", "-", "^" or "[" to read)."""
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
