"""A lookahead of the characters a match can begin with, in front of a pattern, changes no answer (licscan/first_chars.py).

Proved on the patterns that ask for it (``lazy(..., first_chars=True)``): against re on the sentences of real cards, on
strings hypothesis makes from each pattern, and, for the case equivalences re.IGNORECASE reads, on every code point.
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licscan.classify.card_words import sentences
from licscan.first_chars import with_first_chars
from licscan.lazy_regex import lazy
from tests.real_card_sample import case_files, spread
from tests.test_compiled_patterns import LAZY

# every lazily compiled pattern licscan ships that asks for the lookahead (module-level ones and the card words)
ASKING = sorted((pattern for _, pattern in LAZY if pattern._first_chars), key=lambda p: p.pattern)


def _answers(compiled: re.Pattern[str], text: str) -> tuple[object, ...]:
    found = compiled.search(text)
    return ((found.span(), found.groups()) if found else None,
            [(m.span(), m.groups(), m.groupdict()) for m in compiled.finditer(text)],
            compiled.split(text), compiled.sub("<\\g<0>>", text),
            [(at, bool(compiled.match(text, at))) for at in range(0, len(text), 19)])


def test_the_readers_ask_for_it_and_each_pattern_gets_its_lookahead():
    assert len(ASKING) >= 12
    for pattern in ASKING:
        written = with_first_chars(pattern.pattern, pattern.flags)
        assert written.startswith("(?=[") and written != pattern.pattern, pattern.pattern
        plain, prefixed = re.compile(pattern.pattern, pattern.flags), re.compile(written, pattern.flags)
        assert (prefixed.groups, prefixed.groupindex) == (plain.groups, plain.groupindex)
        assert pattern.pattern == plain.pattern   # what required_words and the restriction check read is the pattern as written


def test_on_real_sentences_each_asking_pattern_answers_as_re_does():
    units = spread(sorted({s for path in case_files(25, "README.md") for s in sentences(path.read_text(encoding="utf-8"))}), 3000)
    assert len(units) > 500
    hits = 0
    for pattern in ASKING:
        plain = re.compile(pattern.pattern, pattern.flags)
        for unit in units:
            expected = _answers(plain, unit)
            assert _answers(pattern, unit) == expected, (pattern.pattern[:80], unit)
            hits += expected[0] is not None
    assert hits > 1000   # the sentences hold what the patterns look for, not only what they pass over


@pytest.mark.parametrize("pattern", ASKING, ids=[f"{i}" for i in range(len(ASKING))])
def test_on_strings_made_from_the_pattern_it_answers_as_re_does(pattern):
    plain = re.compile(pattern.pattern, pattern.flags)
    prefixed = re.compile(with_first_chars(pattern.pattern, pattern.flags), pattern.flags)
    around = st.text(alphabet=st.sampled_from(" \n\t,.;:|*_`-()[]aAbBlLtTsSuUſKİı許许はé1"), max_size=12)

    matched = []

    # the same strings on every run (derandomize): how many of them match depends on the draw (the base-terms phrases'
    # look-behinds undo about half of its joined strings), and a test that passes must pass again
    @settings(max_examples=10, database=None, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.tuples(around, st.from_regex(plain), around, st.from_regex(plain), around).map("".join))
    def check(text: str) -> None:
        expected = _answers(plain, text)
        matched.append(expected[0] is not None)   # what is joined around a match may undo it (a look-behind)
        assert _answers(prefixed, text) == expected

    check()
    assert sum(matched) >= len(matched) // 2


def test_case_equivalents_re_reads_are_in_the_lookahead_on_every_code_point():
    # re.IGNORECASE equates "K" (Kelvin sign) with "k", "ſ" with "s", "İ" and "ı" with "i": the class in the lookahead,
    # compiled under the same flags, must let each through as the literal does
    letters = "abcdefghijklmnopqrstuvwxyzé"
    written = r"(?<!\d)(?:" + "|".join(letters) + ")"
    plain = re.compile(written, re.IGNORECASE)
    prefixed = re.compile(with_first_chars(written, re.IGNORECASE), re.IGNORECASE)
    assert prefixed.pattern != plain.pattern
    text = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    assert [m.start() for m in prefixed.finditer(text)] == [m.start() for m in plain.finditer(text)]
    assert len(plain.findall(text)) > 2 * len(letters)   # the equivalents are there, not only a-z and A-Z


@pytest.mark.parametrize(("pattern", "flags", "prefixed"), [
    (r"\b(?:licen[cs]e|agreement)", re.IGNORECASE, True),
    (r"(?<![a-z])licen[cs]|许可", re.IGNORECASE, True),        # a look-behind takes no character
    (r"(?:^|,)\s*weights:", re.MULTILINE, True),
    (r"x*", 0, False),                # can match the empty string: anywhere
    (r"(?:a|b?)", 0, False),          # so can one branch
    (r"(?=x)", 0, False),
    (r".licen", 0, False),            # any character
    (r"[^\s]+licen", 0, False),       # any character but some
    (r"(?i:Acme) license", 0, False),  # a group turning case off: "ACME" would not be in a class read without it
    (r"(?-i:A)cme", re.IGNORECASE, True),   # one turning it on only narrows the match: the class is a superset
    (r"(?i)acme", 0, False),          # global flags stay first
    (r"(a)b\1", 0, True),
    (r"(", 0, False),                 # re's own error, on the pattern as written
    (r"acme  # a comment to the end", re.VERBOSE, True),
    (r"[\]\-^\\]x|\[y", 0, True),     # characters that mean something in a class, escaped
])
def test_written_patterns(pattern, flags, prefixed):
    written = with_first_chars(pattern, flags)
    assert (written != pattern) == prefixed
    if pattern == "(":
        with pytest.raises(re.error):
            re.compile(written, flags)
        return
    plain, compiled = re.compile(pattern, flags), re.compile(written, flags)
    for text in ("Licensed under the ACME License Agreement, weights: x", "许可 abab aab", "acme ACME Acme",
                 "]x -x ^x \\x [y", "\nweights: MIT", ""):
        assert _answers(compiled, text) == _answers(plain, text), (pattern, text)


def test_lazy_asks_only_when_told_and_keeps_the_pattern_as_written():
    asked, plain = lazy(r"\bterms\b", re.IGNORECASE, first_chars=True), lazy(r"\bterms\b", re.IGNORECASE)
    text = "Terms of use; the TERMS."
    assert [m.span() for m in asked.finditer(text)] == [m.span() for m in plain.finditer(text)] == [(0, 5), (18, 23)]
    assert asked.pattern == plain.pattern == r"\bterms\b"
    assert asked == plain   # the same language
