"""The card words' regular expressions are compiled when first used and skipped on a text that has none
of their required words (licscan/lazy_regex.py). Skipping must never change an answer: every match re
finds, the pre-filter lets through.

Proved three ways: the case folding against re itself on every code point; the required words of every
shipped card-word pattern on the strings hypothesis generates from the pattern; every shipped pattern on
the sentences of real cards (a spread of benchmarks/real_cards/cases, tests/real_card_sample.py), where the
pre-filtered pattern must give re's own answer.
"""

from __future__ import annotations

import bisect
import itertools
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licscan.classify.card_words import CardWords, load_card_words, sentences
from licscan.errors import InputError
from licscan.lazy_regex import _UNSAFE, folded, lazy, prefiltered, required_words
from tests.real_card_sample import case_files, spread

ROOT = Path(__file__).resolve().parents[1]
FLAGS = re.IGNORECASE | re.MULTILINE


def shipped_patterns(words: CardWords) -> list[tuple[str, re.Pattern[str]]]:
    """Every pattern of the shipped card words, with where it comes from."""
    found: list[tuple[str, re.Pattern[str]]] = []
    for family in words.families:
        found.append((f"{family.family} name", family.name))
        found += [(f"{family.family} version", version.words) for version in family.versions]
    found += [(f"restriction {kind}", pattern) for kind, pattern in words.restrictions]
    for key in ("restriction_words", "the_model", "something_else", "disclaimers", "descriptions",
                "component_file_name", "about_the_weights", "denied_bases"):
        found.append((key, getattr(words, key)))
    for key in ("traps", "component_notice", "lineage_cues", "comparisons"):
        found += [(key, pattern) for pattern in getattr(words, key)]
    return found


PATTERNS = shipped_patterns(load_card_words())


def real_texts() -> dict[str, str]:
    paths = [*sorted((ROOT / "benchmarks" / "real_cards" / "cases").glob("*/files/**/*")),
             *sorted((ROOT / "license_texts").iterdir()), *sorted((ROOT / "examples").rglob("*"))]
    texts = {}
    for path in paths:
        if path.is_file():
            try:
                texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
    return texts


def all_characters() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_folding_keeps_every_character_that_re_equates_with_a_word_character():
    """For each character a required word may hold (ASCII, and every one the shipped patterns use), every
    code point re's IGNORECASE matches it with folds to that character, one for one."""
    text = all_characters()
    whole = folded(text)
    assert len(whole) == len(text)
    assert all(whole[i] == folded(text[i]) for i in range(len(text)) if text[i] not in "Σ")
    candidates = {chr(c) for c in range(32, 127)} | {c for _, p in PATTERNS for c in p.pattern}
    word_characters = {c for c in candidates if folded(c) == c and c not in _UNSAFE}
    # the card words are matched with their Latin letters plain (normalize.plain_latin_letters): "é" and "ü"
    # are in no compiled pattern, CJK and Cyrillic letters are
    assert {"i", "s", "k", "研", "究", "к"} <= word_characters and not {"é", "ü"} & word_characters
    for char in sorted(word_characters):
        for match in re.finditer(re.escape(char), text, re.IGNORECASE):
            assert folded(match.group()) == char, (char, match.group(), hex(ord(match.group())))
    # the characters re folds that str.lower() does not
    assert folded("COMMERCİAL uſe of thıs") == "commercial use of this"


def test_nearly_every_shipped_card_word_pattern_has_required_words():
    without = [pattern.pattern for _, pattern in PATTERNS if required_words(pattern.pattern) is None]
    assert len(PATTERNS) > 150 and len(without) <= 5, without


@pytest.mark.parametrize(("where", "pattern"), PATTERNS, ids=[f"{i}-{w}" for i, (w, _) in enumerate(PATTERNS)])
def test_every_string_a_shipped_pattern_matches_has_one_of_its_required_words(where, pattern):
    words = required_words(pattern.pattern)
    if words is None:
        return   # no pre-filter: nothing skipped
    compiled = re.compile(pattern.pattern, FLAGS)

    # 6 strings of each of the ~450 patterns (25 each took ~60 s of CI's 5 minutes generating them, 10 ~31 s): the patterns
    # share their few shapes (alternations of words, optional separators, lookarounds), so each shape is met thousands of
    # times; every pattern is also asked of real sentences below, where a match the pre-filter skipped would fail
    @settings(max_examples=6, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(compiled))
    def check(text: str) -> None:
        assert compiled.search(text)
        assert any(word in folded(text) for word in words), (text, words)
        assert pattern.search(text) is not None

    check()


def _units_holding(units: list[str]) -> Callable[[str], set[int]]:
    """``holding(word)``: the positions in ``units`` of those whose folded text holds ``word``, the set
    ``{i for i, unit in enumerate(units) if word in folded(unit)}``, found with str.find along all the
    folded units joined by NUL (in no unit and no required word, so no find straddles two units) instead
    of a loop in Python over every unit for every pattern's every word; remembered per word."""
    folds = [folded(unit) for unit in units]
    assert not any("\0" in fold for fold in folds)
    joined = "\0".join(folds)
    ends = list(itertools.accumulate(len(fold) + 1 for fold in folds))   # one past each unit's NUL
    known: dict[str, set[int]] = {}

    def holding(word: str) -> set[int]:
        if word not in known:
            assert word and "\0" not in word
            found: set[int] = set()
            at = joined.find(word)
            while at != -1:
                unit = bisect.bisect_right(ends, at)   # the unit this find starts in
                found.add(unit)
                at = joined.find(word, ends[unit])     # the next unit on
            known[word] = found
        return known[word]

    return holding


def test_units_holding_a_word_are_the_ones_in_gives():
    units = ["Research only", "", "NON-COMMERCIAL use", "for research", "x", "commercial use; research only"]
    holding = _units_holding(units)
    for word in ("research", "research only", "commercial use", "x", "use", "h on", "al use; r", "only", "absent"):
        assert holding(word) == {at for at, unit in enumerate(units) if word in folded(unit)}, word


def test_on_real_cards_no_match_is_skipped_by_the_prefilter():
    """~5,000 sentences of ~150 of the real cards' files (cards, NOTICE and license files: the units the
    card words read): on every one the pre-filter skips, re finds no match either (checked on all skipped
    ones at once, joined by line breaks: a match inside one is a match of the joined text too); and each
    match re finds on the others holds one of the required words. (Every card is read whole, through the
    classifier, by benchmarks/real_cards.py and classify_snapshot.py; every string hypothesis generates
    from each pattern is checked above.)"""
    texts = real_texts()
    cards = sorted(name for name in texts if name.startswith("benchmarks/"))
    # ~5,000 sentences evenly spread over those of ~150 files evenly spread (tests/real_card_sample.py; ~450 patterns
    # over them), a number that does not grow with the set: every other file took ~23 s of CI's 5 minutes at 605 cases,
    # ~200 files ~17 s at 1,655; a number of files alone did not bound it (60 files held 250-450 KB of sentences)
    pool = sorted({s for name in spread(cards, 150) for s in sentences(texts[name])})
    # 5,000 evenly spaced (spread's every k-th left 3,726 of 11,177 when round 53's cards moved the files drawn)
    units = [pool[i * len(pool) // 5_000] for i in range(5_000)] if len(pool) > 5_000 else pool
    assert len(units) > 4_000
    holding, everywhere = _units_holding(units), set(range(len(units)))
    skipped = matched = 0
    for _, pattern in PATTERNS:
        words = required_words(pattern.pattern)
        if words is None:
            continue
        compiled = re.compile(pattern.pattern, FLAGS)
        with_a_word = set().union(*(holding(word) for word in words))
        rejected = [units[at] for at in sorted(everywhere - with_a_word)]
        skipped += len(rejected)
        if compiled.search("\n".join(rejected)):
            assert [u for u in rejected if compiled.search(u)] == [], pattern.pattern
        for unit in rejected[:100]:
            assert pattern.search(unit) is None and list(pattern.finditer(unit)) == []
        accepted = [units[at] for at in sorted(with_a_word)]
        found = [m.group() for unit in accepted for m in compiled.finditer(unit)]
        matched += len(found)
        assert all(any(word in folded(m) for word in words) for m in found), pattern.pattern
    # the cards exercise both sides: many matches checked, and most units skipped unseen by re
    assert matched > 2_000 and skipped > 1_000_000, (matched, skipped)


def test_on_real_sentences_the_prefiltered_patterns_answer_as_re_does():
    """Search and finditer through the pre-filter, against re, on the sentences of 40 real cards."""
    cases = case_files(40, "README.md")
    units = sorted({s for path in cases for s in sentences(path.read_text(encoding="utf-8"))})
    assert len(units) > 500
    for _, pattern in PATTERNS:
        compiled = re.compile(pattern.pattern, FLAGS)
        for unit in units:
            expected = compiled.search(unit)
            got = pattern.search(unit)
            assert (got and got.span()) == (expected and expected.span()), (pattern.pattern, unit)
            if expected is not None:
                assert [m.span() for m in pattern.finditer(unit)] == [m.span() for m in compiled.finditer(unit)]


@pytest.mark.parametrize(("pattern", "words"), [
    ("research only", {"research only"}),
    ("non[- ]?commercial use", {"commercial use"}),         # the optional "[- ]" cuts "non" off
    ("models? only", {"model"}),                            # "s?" may be absent
    ("(?:only|solely) for research", {" for research"}),
    ("warrant|liabilit|\\bliable\\b", {"warrant", "liabilit", "liable"}),
    ("(?:llama|alpaca)(?![a-z])", {"llama", "alpaca"}),     # a group that must match: one of its branches
    ("(?<!r1 )llama", {"llama"}),                           # a lookbehind is not part of the match
    ("(?:llama)?-?7b", {"7b"}),
    ("LICENSE\\.txt", {"license.txt"}),                     # an escaped dot is a literal dot
    ("commercial|\\w+ed", {"commercial", "ed"}),
    ("commercial|\\w+", None),                              # one branch has no word
    ("x{2}|y", None),                                       # too short
    ("(?i:Commercial)", None),                              # scoped flags: not followed
    ("\\x41BC", None),                                      # an escape that is no literal: not followed
    ("(commercial)\\1", None),
])
def test_required_words_of_written_patterns(pattern, words):
    found = required_words(pattern)
    assert (set(found) if found is not None else None) == words
    for text in ("This is for Research Only.", "NON-COMMERCIAL use", "LLaMA-7B", "see LICENSE.txt", "commercialcommercial"):
        compiled = re.compile(pattern, FLAGS)
        if compiled.search(text) and found is not None:
            assert any(word in folded(text) for word in found)


def test_a_lazy_pattern_is_compiled_on_first_use_and_answers_as_re_does():
    pattern = lazy(r"\b(?:licen[cs]e|agreement)\b", re.IGNORECASE)
    assert "search" not in vars(pattern)    # not compiled yet
    text = "Licensed under the Llama 3.1 Community License Agreement"
    compiled = re.compile(r"\b(?:licen[cs]e|agreement)\b", re.IGNORECASE)
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert pattern.flags == compiled.flags and pattern.pattern == compiled.pattern
    assert "search" in vars(pattern)        # re's own methods from now on
    assert pattern.sub("X", text) == compiled.sub("X", text)


def test_a_prefiltered_pattern_is_not_compiled_on_a_text_without_its_words():
    pattern = prefiltered("non[- ]?commercial (?:use|purposes) only", FLAGS)
    assert pattern.search("Apache License, Version 2.0") is None
    assert pattern.sub(" ", "MIT License") == "MIT License"
    assert list(pattern.finditer("MIT")) == []
    assert vars(pattern).get("_pattern") is None     # never compiled
    found = pattern.search("For NON-COMMERCIAL use only.")
    assert found is not None and found.group() == "NON-COMMERCIAL use only"


def test_a_case_sensitive_or_verbose_pattern_keeps_re_answers():
    sensitive = prefiltered("Llama-2", 0)     # words read as if case were ignored: a superset of the matches
    assert sensitive.search("llama-2") is None and sensitive.search("a Llama-2 fine-tune") is not None
    verbose = prefiltered("non commercial  # spaces and comments are not literals here", re.VERBOSE | re.IGNORECASE)
    found = verbose.search("NONCOMMERCIAL use")
    assert found is not None and found.group() == "NONCOMMERCIAL"


def test_a_card_word_re_rejects_raises_the_input_error_when_first_used(tmp_path):
    import shutil

    import yaml

    from licscan.rules import default_dirs

    shutil.copytree(default_dirs()[0] / "card-words", tmp_path / "card-words")
    phrases_file = tmp_path / "card-words" / "phrases.yaml"
    phrases = yaml.safe_load(phrases_file.read_text(encoding="utf-8"))
    phrases["traps"].append("outputs (are yours")
    phrases_file.write_text(yaml.safe_dump(phrases, allow_unicode=True), encoding="utf-8")
    words = load_card_words(tmp_path / "card-words")
    with pytest.raises(InputError, match=r"'traps': 'outputs \(are yours' is not a regular expression"):
        words.is_trap("Nothing in this sentence is a trap.")


def test_every_shipped_card_word_pattern_compiles():
    for _, pattern in PATTERNS:
        re.compile(pattern.pattern, FLAGS)
