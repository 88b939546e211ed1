"""Which license a partial copy is when several references hold most of it (issue 14, item 4), on the
real texts in license_texts/: the references that hold the part are those that leave out fewest of
its words, and a number or a word that differs at the edge of the part is a difference, not a tie
settled by category rank."""

from __future__ import annotations

import re

import pytest

from fixtures.variants import PARTIAL
from licscan.matcher import Matcher
from licscan.normalize import tokens
from licscan.rules import load_knowledge_base


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


@pytest.fixture(scope="module")
def matcher(kb):
    return Matcher(kb, cache=False, memo=False)


def text_of(kb, name: str) -> str:
    return kb.text_path(name).read_text(encoding="utf-8")


def holders(kb, part: str) -> set[str]:
    """The rules with a reference text holding every word of the part in order, word for word."""
    words = f" {' '.join(tokens(part))} "
    return {rule.id for rule in kb.rules for name in rule.texts
            if words in f" {' '.join(tokens(text_of(kb, name)))} "}


def test_a_threshold_that_differs_at_the_edge_of_the_part_is_not_a_tie(kb, matcher):
    # Tencent's community licenses share the words of their commercial-terms sentence but for the
    # threshold: "greater than 1 million" (Hunyuan 3D 2.0) or "greater than 100 million" (HunyuanDiT,
    # the non-commercial Hunyuan3D-1 ...). A part that begins at the threshold is not held by those
    # whose number differs, though they hold every word after it.
    sentence = next(line for line in text_of(kb, "tencent-hunyuan-3d-2.0-community.txt").splitlines()
                    if "greater than 1 million" in line)
    part = sentence[sentence.index("greater than 1 million"):]
    assert len(tokens(part)) >= 50
    with_this_number = holders(kb, part)
    assert "tencent-hunyuan-3d-2.0-community" in with_this_number
    assert "tencent-hunyuan-non-commercial-hunyuan3d-1" not in with_this_number   # its text says 100 million

    got = matcher.match(part)

    assert got.status == "partial"
    assert got.rule_id in with_this_number
    assert kb.get(got.rule_id).thresholds[0].limit == 1_000_000
    # the licenses named as holding the same part hold it with the same number
    assert {difference.removeprefix("the same part is in ") for difference in got.differences[1:]} <= with_this_number
    assert "from “greater than 1 million monthly active users" in got.differences[0]


def test_a_word_at_the_edge_of_the_part_that_one_license_alone_has_decides(kb, matcher):
    # CC BY-NC-SA 4.0's definitions e to g end with "Attribution, NonCommercial, and ShareAlike": CC
    # BY-SA 4.0 holds every word of them but "NonCommercial", the last but two. Reading the part as CC
    # BY-SA would allow the commercial use the part's own license denies.
    paragraphs = [p for p in re.split(r"\n\s*\n", text_of(kb, "cc-by-nc-sa-4.0.txt").replace("\r\n", "\n")) if p.strip()]
    start = next(i for i, p in enumerate(paragraphs) if "Effective Technological Measures means" in p)
    part = "\n\n".join(paragraphs[start: start + 3])
    assert part.rstrip().endswith("Attribution, NonCommercial, and ShareAlike.")
    assert holders(kb, part) == {"cc-by-nc-sa-4.0"}

    got = matcher.match(part)

    assert (got.rule_id, got.status) == ("cc-by-nc-sa-4.0", "partial")
    assert kb.get(got.rule_id).grant_for("commercial") == "denied"
    assert got.differences[0].endswith("attribution noncommercial and sharealike”)")


def test_a_section_of_the_playground_license_is_playground_and_not_nexusraven(kb, matcher):
    # The Playground v2 Community License and NexusRaven-V2's license are both Llama-2-style
    # revenue-threshold licenses (1 million monthly unique users against 50 million monthly active
    # users): the section benchmarks/classify_corpus.py cuts from Playground's text is Playground's.
    part = PARTIAL["partial-section"](text_of(kb, "playground-v2-community.txt"))
    assert part is not None and "greater than 1 million MUUs" in part

    got = matcher.match(part)

    assert (got.rule_id, got.status) == ("playground-v2-community", "partial")
    assert not any("nexusraven" in difference for difference in got.differences)
    assert kb.get(got.rule_id).category == "revenue-threshold"
    assert kb.get(got.rule_id).thresholds[0].limit == 1_000_000


def test_the_playground_license_file_of_the_hub_repo_is_the_license(kb, matcher):
    # the LICENSE.md of playgroundai/playground-v2-1024px-aesthetic, as the real-card case holds it
    from pathlib import Path

    case = Path(__file__).resolve().parents[1] / "benchmarks/real_cards/cases/playgroundai__playground-v2-1024px-aesthetic"
    got = matcher.match((case / "files/LICENSE.md").read_text(encoding="utf-8"))

    assert (got.rule_id, got.status, got.score) == ("playground-v2-community", "exact", 1.0)
