"""Regular expressions compiled when first used, and a literal pre-filter in front of the card words'.

A run that classifies used to compile ~320 patterns (~30 ms), most of which never see a text that could
match them. ``lazy`` defers the compile to the first use; ``prefiltered`` also reads, once, a set of
literal words one of which every match must contain (``required_words``) and answers "no match" without
compiling or running the pattern when the text has none of them (ScanCode's and askalono's cheap test
before the costly one). Matching itself is re's, unchanged: a pattern that runs gives re's answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, cast

from .compiled_patterns import UNKNOWN, learn_rewrite, learn_words, remembered_rewrite, remembered_words
from .compiled_patterns import compiled as compiled_pattern
from .first_chars import with_first_chars

# Folding a text so that a literal re matches case-insensitively appears in it as a plain substring:
# re equates "ı" and "İ" with "i" and "ſ" with "s", which str.lower() keeps apart ("İ" even becomes two
# characters). Every other character whose case re treats specially is never part of a required word
# (_UNSAFE). tests/test_lazy_regex.py checks both against re on every code point.
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})
# re's extra case equivalences (re._casefix in Python 3.11+) besides i/ı and s/ſ, the sigmas (lowered by
# context), and the ligatures whose upper case is two letters
_UNSAFE = frozenset(
    "µμͅιιΐΐΰΰβϐεϵθϑκϰπϖρϱςσΣφϕвᲀдᲁоᲂсᲃтᲄᲅъᲆѣᲇᲈꙋṡẛﬅﬆ"
)
_ESCAPED_CLASSES = frozenset("bBdDsSwWAZ")
_MIN_WORD = 2
_last_folded: tuple[str, str] = ("", "")


def folded(text: str) -> str:
    """The text as the pre-filter compares it (the last one is remembered: many patterns read one sentence)."""
    global _last_folded
    last = _last_folded
    if last[0] is text:
        return last[1]
    fold = text.lower() if text.isascii() else _fold_unicode(text)
    _last_folded = (text, fold)
    return fold


def _fold_unicode(text: str) -> str:
    """text.translate(_FOLD).lower(), without translate's per-character look-up where none of them occurs
    (no character lowers to "ı" or "ſ", so they may be replaced after lowering)."""
    if "İ" in text:
        text = text.replace("İ", "i")
    fold = text.lower()
    if "ı" in fold:
        fold = fold.replace("ı", "i")
    if "ſ" in fold:
        fold = fold.replace("ſ", "s")
    return fold


class _GiveUp(Exception):
    """The pattern uses syntax the reader does not follow: no pre-filter for it."""


def required_words(pattern: str) -> frozenset[str] | None:
    """Words (folded) one of which is in every text the pattern, compiled case-insensitively, matches; None
    when the reader finds no such set (an alternative without a literal, syntax it does not follow)."""
    try:
        branches, end = _alternation(pattern, 0)
    except _GiveUp:
        return None
    if end != len(pattern):
        return None   # an unmatched ")": re rejects the pattern
    words = _any_of(branches)
    return words if words and min(map(len, words)) >= _MIN_WORD else None


# A branch is a list of items: literal characters (str), None (anything else: a class, an escape, an
# optional or repeated atom, a lookaround) or a group's branches (list) that must match once.
_Item = Any
_PLAIN = re.compile(r"[^\\\[\](){}|?*+.^$]+")   # characters that stand for themselves


def _alternation(s: str, i: int) -> tuple[list[list[_Item]], int]:
    branches: list[list[_Item]] = [[]]
    while i < len(s):
        c = s[i]
        items = branches[-1]
        if c == "|":
            branches.append([])
            i += 1
        elif c == ")":
            return branches, i
        elif c == "(":
            i, group = _group(s, i)
            items.append(group)
        elif c == "[":
            i = _class_end(s, i)
            items.append(None)
        elif c == "\\":
            if i + 1 >= len(s):
                raise _GiveUp
            e = s[i + 1]
            if e in _ESCAPED_CLASSES:
                items.append(None)
            elif e.isascii() and e.isalnum():
                raise _GiveUp   # \x, \u, \N, octal, a back reference, an unknown escape
            else:
                items.append(e)
            i += 2
        elif c in "?*+{":
            end = i + 1
            if c == "{":
                while end < len(s) and s[end] in "0123456789,":
                    end += 1
                if not s.startswith("}", end):
                    items.append(None)   # a literal "{" (or one re may read either way): kept out of words
                    i += 1
                    continue
                end += 1
            if items and isinstance(items[-1], str) and len(items[-1]) > 1:
                items[-1] = items[-1][:-1]   # a run's last character may be absent or repeated
                items.append(None)
            elif items:
                items[-1] = None   # the atom before a quantifier may be absent or repeated
            i = end
            if i < len(s) and s[i] in "?+":
                i += 1   # lazy or possessive
        elif c in ".^$":
            items.append(None)
            i += 1
        else:
            run = _PLAIN.match(s, i)
            assert run is not None
            items.append(run.group())
            i = run.end()
    return branches, i


def _group(s: str, i: int) -> tuple[int, _Item]:
    """Read the group opening at s[i]: (the index after it, its branches or None)."""
    start = i + 1
    if s.startswith("?", start):
        kind = s[start + 1:start + 2]
        if kind == "#":
            end = s.find(")", start)
            if end < 0:
                raise _GiveUp
            return end + 1, None
        if kind == ":":
            start += 2
        elif kind == "P" and s.startswith("<", start + 2):
            end = s.find(">", start)
            if end < 0:
                raise _GiveUp
            start = end + 1
        elif kind in ("=", "!") or s.startswith(("<=", "<!"), start + 1):
            branches, end = _alternation(s, start + (2 if kind in ("=", "!") else 3))
            if end >= len(s):
                raise _GiveUp
            return end + 1, None   # a lookaround: nothing of it is in the match
        else:
            raise _GiveUp   # flags, a conditional, (?P=name), (?>...)
    branches, end = _alternation(s, start)
    if end >= len(s):
        raise _GiveUp
    return end + 1, branches


def _class_end(s: str, i: int) -> int:
    j = i + 1
    if s.startswith("^", j):
        j += 1
    if s.startswith("]", j):
        j += 1
    while j < len(s):
        if s[j] == "\\":
            j += 2
            continue
        if s[j] == "]":
            return j + 1
        j += 1
    raise _GiveUp


def _any_of(branches: list[list[_Item]]) -> frozenset[str] | None:
    words: set[str] = set()
    for branch in branches:
        best = _best(branch)
        if best is None:
            return None
        words |= best
    return frozenset(words)


def _extend(run: list[str], char: str, candidates: list[frozenset[str]]) -> list[str]:
    fold = char.translate(_FOLD).lower()
    if len(fold) == 1 and fold not in _UNSAFE and char not in _UNSAFE:
        return [*run, fold]
    if run:
        candidates.append(frozenset(["".join(run)]))
    return []


def _best(branch: list[_Item]) -> frozenset[str] | None:
    """The branch's most selective required set: its longest literal run, or a group's alternatives."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for item in [*branch, None]:
        if isinstance(item, str):
            fold = item.translate(_FOLD).lower()
            if len(fold) == len(item) and _UNSAFE.isdisjoint(fold) and _UNSAFE.isdisjoint(item):
                run.append(fold)
                continue
            if len(item) > 1:   # a character of the run folds to two or is unsafe: one at a time
                for char in item:
                    run = _extend(run, char, candidates)
                continue
        if run:
            candidates.append(frozenset(["".join(run)]))
            run = []
        if isinstance(item, list):
            group = _any_of(item)
            if group:
                candidates.append(group)
    if not candidates:
        return None
    return max(candidates, key=lambda words: (min(map(len, words)), -len(words)))


class _Lazy:
    """Stands for ``re.compile(pattern, flags)``; compiles on the first use of anything but ``pattern``,
    then serves the compiled pattern's own methods (no indirection after the first call)."""

    def __init__(self, pattern: str, flags: int = 0, error: Callable[[re.error], Exception] | None = None,
                 first_chars: bool = False):
        self.pattern = pattern
        self._flags = flags
        self._error = error
        self._first_chars = first_chars

    def _compiled(self) -> re.Pattern[str]:
        try:
            compiled = compiled_pattern(self._written(), self._flags)
        except re.error as error:
            if self._error is None:
                raise
            raise self._error(error) from None
        return compiled

    def _written(self) -> str:
        """The pattern as compiled: with its first characters' lookahead when asked for (read in an earlier run when it was)."""
        if not self._first_chars:
            return self.pattern
        written = remembered_rewrite(self.pattern, self._flags)
        if written is None:
            written = with_first_chars(self.pattern, self._flags)
            learn_rewrite(self.pattern, self._flags, written)
        return written

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        compiled = self._compiled()
        for method in ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner"):
            setattr(self, method, getattr(compiled, method))
        for attribute in ("flags", "groups", "groupindex"):
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Lazy) and (self.pattern, self._flags) == (other.pattern, other._flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self._flags))

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self._flags})"


class _Prefiltered(_Lazy):
    """A lazy pattern that first looks for one of its required words in the text (a few hundred ns: a card
    word is tried on every sentence of every card)."""

    def __init__(self, pattern: str, flags: int = 0, error: Callable[[re.error], Exception] | None = None,
                 first_chars: bool = False):
        super().__init__(pattern, flags, error, first_chars)
        self._words: tuple[str, ...] | None = ()     # () until read; None: no words, nothing skipped
        self._pattern: re.Pattern[str] | None = None

    def _read_words(self) -> tuple[str, ...] | None:
        # in a verbose pattern spaces and "#" are not literals: not read
        if self._flags & re.VERBOSE:
            self._words = None
            return None
        kept = remembered_words(self.pattern)   # read in an earlier run (compiled_patterns)
        if kept is UNKNOWN:
            words = required_words(self.pattern)
            kept = tuple(sorted(words, key=lambda word: (len(word), word))) if words else None
            learn_words(self.pattern, kept)
        self._words = cast("tuple[str, ...] | None", kept)
        return self._words

    def _skips(self, string: str) -> bool:
        """Whether the text has none of the required words: then it has no match."""
        words = self._words
        if not words and (words is None or (words := self._read_words()) is None):
            return False
        last = _last_folded
        fold = last[1] if last[0] is string else folded(string)
        for word in words:   # noqa: SIM110 (a loop, not all(): no generator made on every call)
            if word in fold:
                return False
        return True

    def _re(self) -> re.Pattern[str]:
        if self._pattern is None:
            self._pattern = self._compiled()
        return self._pattern

    def search(self, string: str, *span: int) -> re.Match[str] | None:
        # _skips written out: the card words' most frequent call, one Python frame less
        words = self._words
        if words:
            last = _last_folded
            fold = last[1] if last[0] is string else folded(string)
            for word in words:   # noqa: SIM110
                if word in fold:
                    break
            else:
                return None
        elif words is not None and self._skips(string):
            return None
        return (self._pattern or self._re()).search(string, *span)

    def match(self, string: str, *span: int) -> re.Match[str] | None:
        return None if self._skips(string) else self._re().match(string, *span)

    def fullmatch(self, string: str, *span: int) -> re.Match[str] | None:
        return None if self._skips(string) else self._re().fullmatch(string, *span)

    def finditer(self, string: str, *span: int) -> Iterator[re.Match[str]]:
        return iter(()) if self._skips(string) else self._re().finditer(string, *span)

    def findall(self, string: str, *span: int) -> list[Any]:
        return [] if self._skips(string) else self._re().findall(string, *span)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return string if self._skips(string) else self._re().sub(repl, string, count)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._re(), name)


def lazy(pattern: str, flags: int = 0, *, first_chars: bool = False) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled when first used. ``first_chars``: compiled with a lookahead of the
    characters its matches can begin with (first_chars.py; the same answers, faster where re finds no prefix of
    its own to scan for)."""
    return cast("re.Pattern[str]", _Lazy(pattern, flags, first_chars=first_chars))


def prefiltered(pattern: str, flags: int, error: Callable[[re.error], Exception] | None = None, *,
                first_chars: bool = False) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled when first used, whose search, match, fullmatch, finditer,
    findall and sub answer "no match" at once when the text has none of the pattern's required words (read
    as if the pattern ignored case: a match with case is one without). ``error`` turns re's error into the
    one to raise when it first compiles. ``first_chars``: as lazy's."""
    return cast("re.Pattern[str]", _Prefiltered(pattern, flags, error, first_chars))


def _remembered_required_words(pattern: str) -> tuple[str, ...] | None:
    """required_words(pattern), shortest first, read in an earlier run when it was (compiled_patterns), else read now."""
    kept = remembered_words(pattern)
    if kept is UNKNOWN:
        words = required_words(pattern)
        kept = tuple(sorted(words, key=lambda word: (len(word), word))) if words else None
        learn_words(pattern, kept)
    return cast("tuple[str, ...] | None", kept)


class RequiredWords:
    """Which of several patterns may match a folded text (``folded(text)``), by the words each requires
    (``required_words``, read once for them all): the text is looked through once for each word, not once for
    each pattern, and a pattern none of whose words it holds has no match there, so it is not run. For
    patterns matched case-sensitively on folded text (lower-case, as source_words' are) or case-insensitively
    on the text itself: either way a match, folded, holds one of the words (folding a folded text changes
    nothing). A pattern whose words are not known (``None``: verbose, or no literal in a branch) is always run.
    Patterns are given back in their order."""

    def __init__(self, patterns: tuple[re.Pattern[str], ...]):
        self._patterns = patterns
        self._table: tuple[tuple[int, ...], tuple[tuple[str, tuple[int, ...]], ...]] | None = None

    def _read(self) -> tuple[tuple[int, ...], tuple[tuple[str, tuple[int, ...]], ...]]:
        always: list[int] = []
        by_word: dict[str, list[int]] = {}
        for index, pattern in enumerate(self._patterns):
            words = None if pattern.flags & re.VERBOSE else _remembered_required_words(pattern.pattern)
            if not words:
                always.append(index)
                continue
            for word in words:
                by_word.setdefault(word, []).append(index)
        self._table = (tuple(always), tuple((word, tuple(indexes)) for word, indexes in by_word.items()))
        return self._table

    def may_match(self, fold: str) -> list[re.Pattern[str]]:
        """The patterns that may match the text whose folded form is ``fold``, in order."""
        always, by_word = self._table or self._read()
        found = set(always)
        for word, indexes in by_word:
            if word in fold:
                found.update(indexes)
        return [self._patterns[index] for index in sorted(found)]
