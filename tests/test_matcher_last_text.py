"""The search for a partial copy reuses the 3-gram keys and pre-filter hits its text was just aligned with
(matcher/index.py: _last_keys, _last_hits): the same references as counting them afresh, on real texts, and
never another text's."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.variants import PARTIAL
from licscan.matcher import Matcher
from licscan.normalize import tokens
from licscan.rules import load_knowledge_base

ROOT = Path(__file__).resolve().parents[1]
KB = load_knowledge_base()
MATCHER = Matcher(KB, cache=False, memo=False)
CARDS = ROOT / "benchmarks/real_cards/cases"


def texts() -> list[tuple[str, str]]:
    found = []
    for name in ("cogvlm2.txt", "apache-2.0.txt", "llama3.1.txt", "cc-by-nc-4.0.txt"):
        original = (ROOT / "license_texts" / name).read_text(encoding="utf-8")
        found += [(f"{name}/{kind}", PARTIAL[kind](original)) for kind in sorted(PARTIAL)]
    for case in ("THUDM__chatglm2-6b", "stabilityai__stable-diffusion-2-1", "shhossain__whisper_small_bn_anuragshas"):
        card = next((CARDS / case).rglob("README.md"))
        found.append((f"{case}/README.md", card.read_text(encoding="utf-8")))
    return found


def held(items) -> list[tuple[str, float, tuple[int, int]]]:
    return [(item.reference.rule_id, item.score, item.bounds) for item in items]


@pytest.mark.parametrize("label, text", texts(), ids=lambda value: value if "/" in str(value) else "")
def test_the_partial_search_after_alignment_finds_what_a_fresh_count_finds(label, text, monkeypatch):
    words = tokens(text)
    exclude = {id(item.reference) for item in MATCHER._align_candidates(words)}
    asked: list[list[str]] = []
    monkeypatch.setattr(MATCHER, "_keys", lambda w: asked.append(w) or Matcher._keys(MATCHER, w))
    reused = held(MATCHER._holding_the_text(words, exclude))
    assert asked == []   # the keys were the aligned text's

    fresh = held(MATCHER._holding_the_text(list(words), exclude))   # another list: its keys and hits counted again
    assert len(asked) == 1
    assert reused == fresh


def test_another_text_is_never_given_the_last_texts_keys():
    apache = tokens((ROOT / "license_texts/apache-2.0.txt").read_text(encoding="utf-8"))
    middle = PARTIAL["partial-half"]((ROOT / "license_texts/cc-by-nc-4.0.txt").read_text(encoding="utf-8"))
    MATCHER._align_candidates(apache)
    found = {item.reference.rule_id for item in MATCHER._holding_the_text(tokens(middle), set())}
    assert "cc-by-nc-4.0" in found and "apache-2.0" not in found
