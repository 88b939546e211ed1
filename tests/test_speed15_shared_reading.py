"""Card work done once, or not at all where it can find nothing (speed15, issue 17): the card body matched once for
without_pasted_license_text and CardBodyText; a card without a "|" has no table, and the four table readers return
before they read its lines; a card without "的第" is searched for the model it succeeds by the English words alone.

Each on real cards (benchmarks/real_cards/cases): the answers are the ones the readers gave before, and the work left
out is what the counts show. benchmarks/README.md ("speed15") has the figures and the equivalence runs.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from licscan.classify import Classifier
from licscan.classify.strategies import card_tables, lineage_text
from licscan.matcher import Matcher
from licscan.model import ManifestEntry
from licscan.rules import load_knowledge_base
from licscan.sources.local import LocalSource

CASES = Path(__file__).resolve().parent.parent / "benchmarks" / "real_cards" / "cases"
SHORT_CARD = CASES / "mlx-community__Qwen3-0.6B-4bit" / "files"       # a card body under the matcher's memo size
CHATGLM2 = CASES / "THUDM__chatglm2-6b" / "files" / "README.md"        # "... ChatGLM-6B 的第二代版本", no table
KB = load_knowledge_base()


def test_a_short_card_body_is_matched_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(SHORT_CARD, tmp_path / "m")
    evidence = LocalSource(tmp_path / "m", "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    assert 0 < len(evidence.card_body) < 1_000   # the matcher itself remembers no text this short
    classifier = Classifier(KB, Matcher(KB))
    matched: Counter[str] = Counter()
    match = classifier.matcher.match

    def counted(text: str, **kwargs: object) -> object:
        matched[text] += 1
        return match(text, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(classifier.matcher, "match", counted)
    classification = classifier.classify(evidence)
    assert classification.license_id == "apache-2.0"
    bodies = [text for text in matched if text.strip() and text.strip() in evidence.card_body]
    assert bodies and all(matched[text] == 1 for text in bodies), matched   # twice before: without_pasted_license_text, CardBodyText


def test_a_card_without_a_table_mark_is_not_split_into_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    body = CHATGLM2.read_text(encoding="utf-8")
    assert "|" not in body
    blocks: list[int] = []
    table_blocks = card_tables._table_blocks
    monkeypatch.setattr(card_tables, "_table_blocks", lambda lines: blocks.append(len(lines)) or table_blocks(lines))
    assert card_tables.weights_table_rows(body) == []
    assert card_tables.dataset_table_rows(body) == set()
    assert card_tables.base_table_cells(body, ("chatglm2-6b",)) == []
    assert card_tables.other_models_rows(body, "THUDM/chatglm2-6b") == set()
    assert blocks == []   # four walks over the card's lines before
    # the same card with a table of the weights' license: found, as before
    table = body + "\n| Model | License |\n|---|---|\n| ChatGLM2-6B weights | ChatGLM2-6B License |\n"
    assert card_tables.weights_table_rows(table) == [("ChatGLM2-6B License", "| ChatGLM2-6B weights | ChatGLM2-6B License |")]
    assert blocks


def test_the_model_a_card_succeeds_is_read_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    body = CHATGLM2.read_text(encoding="utf-8")
    both = lineage_text.succession_words(body)
    assert "ChatGLM-6B" in both and any(words.lstrip().startswith("the open-source bilingual") for words in both)
    english_only = body.replace("的第二代", "之第二代")
    searched: list[str] = []
    combined = lineage_text._SUCCESSION
    monkeypatch.setattr(lineage_text, "_SUCCESSION", type("Seen", (), {
        "finditer": staticmethod(lambda text: searched.append(text) or combined.finditer(text))})())
    found = lineage_text.succession_words(english_only)
    assert searched == []   # without "的第" the pattern with the Chinese alternative is not run (it was on every card)
    assert found == tuple(m.group("en") or m.group("cn") for m in combined.finditer(english_only))   # the answer before
    assert "ChatGLM-6B" not in found and found   # the English sentence is still read
    # a card that says "text-generation" and succeeds nothing
    assert lineage_text.succession_words("# acme-7b\n\nA text-generation model trained for 4 epochs.\n") == ()


def test_a_sentence_without_the_prose_words_is_not_cut_into_statements(monkeypatch: pytest.MonkeyPatch) -> None:
    from licscan.classify.strategies import prose

    card = (SHORT_CARD / "README.md").read_text(encoding="utf-8")
    sentence = "This model [mlx-community/Qwen3-0.6B-4bit](https://huggingface.co/mlx-community/Qwen3-0.6B-4bit) was"
    assert sentence in card
    cut: list[str] = []
    statements = prose.license_statements
    monkeypatch.setattr(prose, "license_statements", lambda text: cut.append(text) or statements(text))
    assert prose.named_in_sentence(KB, sentence) == ()
    assert cut == []   # cut, and each part asked whether it is a trap, before
    # a sentence that names its license is read as before
    assert prose.named_in_sentence(KB, "The model weights are released under the Apache License 2.0.")[0][0] == "apache-2.0"
    assert cut


def test_source_words_are_searched_only_where_their_words_are() -> None:
    from licscan import source_words
    from licscan.lazy_regex import folded

    chatglm2 = CHATGLM2.read_text(encoding="utf-8")
    short = (SHORT_CARD / "README.md").read_text(encoding="utf-8")   # "converted to MLX format from [Qwen/Qwen3-0.6B](...)"
    for text in (chatglm2, short, *chatglm2.splitlines(), *short.splitlines()):
        assert source_words.has_source_words(text) == bool(source_words.SOURCE_WORDS.search(text)), text
    assert source_words.has_source_words(short)
    needed = source_words._SOURCE_WORDS_NEEDED
    parts = source_words._SOURCE_WORDS_FOLDED
    line = folded("This model [mlx-community/Qwen3-0.6B-4bit](https://huggingface.co/mlx-community/Qwen3-0.6B-4bit) was")
    searched = needed.may_match(line)
    assert 0 < len(searched) < len(parts) // 4   # the parts whose words the line holds (" model"), of 36
    assert not any(part.search(line) for part in parts if part not in searched)
    assert needed.may_match(folded("converted to MLX format from")) and any(
        part.search("converted to mlx format from") for part in needed.may_match("converted to mlx format from"))


def test_required_words_never_leave_out_a_pattern_that_matches() -> None:
    """RequiredWords against re itself: on every line of 40 real cards, folded, each pattern that matches is among those
    may_match gives (the source words' parts, case-sensitive on folded text, and the card words' restriction phrases,
    lineage cues and family names, case-insensitive)."""
    from licscan import source_words
    from licscan.classify.card_words import load_card_words
    from licscan.lazy_regex import RequiredWords, folded

    words = load_card_words()
    groups = [source_words._SOURCE_WORDS_FOLDED, tuple(pattern for _, pattern in words.restrictions),
              tuple(words.lineage_cues), tuple(family.name for family in words.families)]
    lines = {line for card in sorted(CASES.glob("*/files/README.md"))[::28]
             for line in card.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert len(lines) > 1_000
    matched = 0
    for patterns in groups:
        needed = RequiredWords(patterns)
        for line in lines:
            fold = folded(line)
            text = fold if patterns is source_words._SOURCE_WORDS_FOLDED else line
            found = {index for index, pattern in enumerate(patterns) if pattern.search(text)}
            kept = needed.may_match(fold)
            assert all(patterns[index] in kept for index in found), line
            matched += len(found)
    assert matched > 100
