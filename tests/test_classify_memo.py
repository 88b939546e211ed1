"""The classifier's memos (licscan/classify/memo.py, normalize.tokens' short texts, the memoised
without_denied_licenses) only ever give back what the plain computation gives: real checkpoints of the
benchmark (benchmarks/real_cards/cases: card, license files, configs; a spread of them, every one with
--every-real-card, tests/real_card_sample.py) classified with every memo off, then with them on, give the
same classification. And the patterns rewritten for speed answer as they were written before: the prose's
weights words of other languages (given lazy_regex's literal pre-filter) and the denial words (a lookahead on
their first letters), on real sentences and lines."""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licscan import normalize
from licscan.classify import Classifier
from licscan.classify.card_words import sentences
from licscan.classify.memo import Memo
from licscan.classify.strategies import denied_licenses, license_line_sentences, license_lines, prose, weights_terms
from licscan.model import Evidence, ManifestEntry
from licscan.rules import load_knowledge_base
from licscan.sources.local import LocalSource
from tests.real_card_sample import case_files, case_folders

ROOT = Path(__file__).resolve().parent.parent
KB = load_knowledge_base()
MEMOS = list({id(value): value for module in (prose, license_lines, license_line_sentences) for value in vars(module).values()
              if isinstance(value, Memo)}.values())


def _evidence(folder: Path) -> Evidence:
    evidence = LocalSource(folder, "models.lock").fetch(ManifestEntry(ref="files", kind="local", line=1))
    return replace(evidence, entry=ManifestEntry(ref=folder.name.replace("__", "/", 1), kind="local", line=1))


@pytest.fixture(scope="module")
def real_cards() -> list[Evidence]:
    """A spread of ~150 cases (tests/real_card_sample.py: every round and kind of card), read once."""
    return [_evidence(folder) for folder in case_folders(150)]


def _without_memos(monkeypatch: pytest.MonkeyPatch) -> None:
    for memo in MEMOS:
        monkeypatch.setattr(memo, "enabled", False)
    monkeypatch.setattr(normalize, "_SHORT_CHARS", -1)
    plain = denied_licenses.without_denied_licenses.__wrapped__
    for module in (prose, license_lines, license_line_sentences, weights_terms):
        monkeypatch.setattr(module, "without_denied_licenses", plain)


def test_the_memos_are_the_ones_the_classifier_reads():
    assert {type(memo) for memo in MEMOS} == {Memo} and len(MEMOS) >= 3
    assert all(memo.enabled for memo in MEMOS)


def test_real_cards_read_the_same_with_and_without_memos(real_cards, monkeypatch):
    # every other case took ~36 s of CI's 5 minutes at 1,655 cases; every case is classified through the memos by
    # benchmarks/real_cards.py (and here with --every-real-card)
    assert len(real_cards) > 100
    classifier = Classifier(KB)
    with monkeypatch.context() as plain_path:
        _without_memos(plain_path)
        expected = [classifier.classify(evidence) for evidence in real_cards]
    for memo in MEMOS:
        memo.clear()
    normalize._short.clear()
    denied_licenses.without_denied_licenses.cache_clear()
    # one pass with the memos on: the real cards share sentences (templates, pasted license texts), so most answers
    # after the first few cards come from the memos (a second pass would cost ~6 s more in CI for the same paths)
    first = [classifier.classify(evidence) for evidence in real_cards]
    assert [i for i, (a, b) in enumerate(zip(expected, first, strict=True)) if a != b] == []
    assert denied_licenses.without_denied_licenses.cache_info().hits > 1000


def test_a_memo_remembers_short_texts_only_and_forgets_when_full():
    memo: Memo[int] = Memo(entries=2)
    calls: list[str] = []

    def compute(text: str) -> int:
        calls.append(text)
        return len(text)

    for text in ("a", "a", "bb", "a", "ccc", "a", "x" * 5000, "x" * 5000):
        assert memo.get(text, text, lambda text=text: compute(text)) == len(text)
    # "a" remembered until the third entry emptied the memo; the long text computed each time
    assert calls == ["a", "bb", "ccc", "a", "x" * 5000, "x" * 5000]


# _ABOUT_THE_WEIGHTS_CJK as it was written before it had a pre-filter
_ABOUT_THE_WEIGHTS_BEFORE = re.compile(r"モデル|重み|ウェイト|チェックポイント|检查点|gewichte|\bmodell|\bpoids\b|\bmod[eè]le\b|\bpesos\b"
                                       r"|\bmodelo\b", re.IGNORECASE)


def _real_sentences() -> list[str]:
    """The sentences of a spread of ~300 cases' files and of every license text."""
    paths = [*case_files(300), *sorted((ROOT / "license_texts").iterdir())]
    units: set[str] = set()
    for path in paths:
        if path.is_file():
            try:
                units.update(sentences(path.read_text(encoding="utf-8")))
            except UnicodeDecodeError:
                continue
    return sorted(units)


def test_the_prefiltered_weights_words_answer_as_re_and_as_before_on_real_sentences():
    pattern = prose._ABOUT_THE_WEIGHTS_CJK
    compiled = re.compile(pattern.pattern, re.IGNORECASE)
    extra = [f"{lead} {word} {tail}" for word in ("MODÈLE", "Modèle", "modele", "MODELL", "Modelle", "Poids", "PESOS", "Modelo",
                                                  "GEWICHTE", "モデル", "重み", "ウェイト", "チェックポイント", "检查点", "modèles", "modify")
             for lead, tail in (("Le", "est"), ("", ""), ("x-", "-y"))]
    real = _real_sentences()
    assert len(real) > 20_000
    hits = 0
    for unit in real + extra:
        expected = compiled.search(unit)
        assert (expected and expected.span()) == ((found := pattern.search(unit)) and found.span()), unit
        assert bool(expected) == bool(_ABOUT_THE_WEIGHTS_BEFORE.search(unit)), unit
        hits += expected is not None and unit in real
    # real sentences in other languages among them: 80 on every card at 1,655 cases, 7 in its spread
    assert hits >= 5


@settings(max_examples=200, database=None, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.from_regex(_ABOUT_THE_WEIGHTS_BEFORE))
def test_every_string_the_weights_words_matched_before_they_match_through_the_prefilter(text):
    assert prose._ABOUT_THE_WEIGHTS_CJK.search(text) is not None


# denied_licenses._DENIAL_WORD as it was written before its lookahead
_DENIAL_WORD_BEFORE = re.compile(r"\bnot\b|n['’]t\b|\bnever\b|\brather\b|\binstead\b|\bopposed\b|\bnicht\b|\bpas\b|\bno\b|而是", re.IGNORECASE)


def test_the_denial_words_answer_as_before_on_real_sentences_and_lines():
    lines = {line for path in [*case_files(360), *(ROOT / "license_texts").iterdir()] if path.is_file()
             for line in path.read_bytes().decode("utf-8", "replace").splitlines()}
    units = [*_real_sentences(), *sorted(lines),
             *(f"{a}{word}{b}" for word in ("NOT", "Isn't", "DON’T", "Never", "RATHER", "Instead", "oPPosed", "Nicht", "PAS", "No", "nö",
                                            "而是", "而", "knot", "notice", "nothing", "pass", "İnstead", "ınstead")
               for a, b in (("", ""), (" ", "."), ("x", "y")))]
    assert len(units) > 50_000
    hits = 0
    for unit in units:
        before = _DENIAL_WORD_BEFORE.search(unit)
        assert (before and before.span()) == ((now := denied_licenses._DENIAL_WORD.search(unit)) and now.span()), unit
        hits += before is not None
    assert hits > 3_000


@settings(max_examples=200, database=None, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.from_regex(_DENIAL_WORD_BEFORE))
def test_every_string_with_a_denial_word_before_has_one_now(text):
    assert denied_licenses._DENIAL_WORD.search(text) is not None


def _card_characters_before(text: str) -> str:
    """normalize.card_characters as it was before it looked up the text's set of characters: each table's
    character class searched along the text."""
    if text.isascii():
        return text
    table, compatibility = normalize._compatibility_letters()
    if compatibility.search(text):
        text = text.translate(table)
    folds, foldable = normalize._card_folds()
    if foldable.search(text):
        text = text.translate(folds)
    if normalize._MARK_ON_ASCII.search(text):
        text = normalize._MARK_ON_ASCII.sub("", normalize.unicodedata.normalize("NFC", text))
    for typographic, plain in normalize._QUOTES.items():
        if typographic in text:
            text = text.replace(typographic, plain)
    if any(lookalike in text for lookalike in normalize._LOOKALIKES):
        text = normalize._WORD.sub(normalize._latin_if_mixed, text)
    return text


def test_card_characters_folds_as_before_on_real_texts_and_every_character_it_folds():
    texts = [path.read_bytes().decode("utf-8", "replace") for path in [*case_files(300), *(ROOT / "license_texts").iterdir()]
             if path.is_file()]
    assert sum(not text.isascii() for text in texts) > 150
    table, _ = normalize._compatibility_letters()
    folds, _ = normalize._card_folds()
    codes = sorted({*table, *folds, *normalize._COMBINING_ON_ASCII})
    # every character either table holds or a combining mark, alone, after a Latin letter, inside a word, and two at once
    texts += [f"non{chr(code)}commercial use, e{chr(code)}" for code in codes]
    texts += [f"{chr(a)}{chr(b)} commerci{chr(b)}al" for a, b in zip(codes, reversed(codes), strict=True)]
    for text in texts:
        assert normalize.card_characters(text) == _card_characters_before(text)


def _plain_latin_letters_before(text: str) -> str:
    """normalize.plain_latin_letters as it was before it first looked for a character it changes: every non-ASCII text
    translated, then searched for each look-alike."""
    if text.isascii():
        return text
    text = text.translate(normalize._plain_latin_letters())
    return normalize._WORD.sub(normalize._latin_if_mixed, text) if any(c in text for c in normalize._LOOKALIKES) else text


def test_plain_latin_letters_reads_as_before_on_real_texts_and_every_character():
    texts = [line for path in [*case_files(300), *(ROOT / "license_texts").iterdir()] if path.is_file()
             for line in path.read_bytes().decode("utf-8", "replace").splitlines() if not line.isascii()]
    assert len(texts) > 1_000
    changed = 0
    # every code point where the table's and the look-alikes' are (below U+3000, Latin Extended-D and -E), every 61st beyond
    codes = [*range(0x80, 0x3000), *range(0xA700, 0xAB80), *range(0x3000, sys.maxunicode + 1, 61)]
    for char in (chr(code) for code in codes if not 0xD800 <= code <= 0xDFFF):
        texts += [char, f"non-commerci{char}l use", f"{char}{char} {char}"]
    for text in texts:
        expected = _plain_latin_letters_before(text)
        assert normalize.plain_latin_letters(text) == expected, text
        changed += expected != text
    assert changed > 1_500   # accented letters and look-alikes, alone and in words
