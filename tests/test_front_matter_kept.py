"""split_card keeps what a front matter reads as, by its text (cards of one family share theirs word for word): a card
whose front matter was read before gets the same answer, problems included, and what one caller does to the mapping
it got reaches no other."""

from __future__ import annotations

from pathlib import Path

from licscan.sources.front_matter import split_card

CASES = Path(__file__).resolve().parents[1] / "benchmarks" / "real_cards" / "cases"


def _card(case: str) -> str:
    return (CASES / case / "files" / "README.md").read_text(encoding="utf-8")


def test_a_front_matter_read_again_gives_the_same_answer_and_a_mapping_of_its_own():
    for case, problem in (("Skoltech__russian-inappropriate-messages", "gives 'licenses' (line 8"),
                          ("naqi7272__SpeechT5-Technical-English", "not valid YAML (line 2)"),
                          ("01-ai__Yi-34B-Chat-4bits", None)):
        text = _card(case)
        first = split_card(text)
        # another checkpoint's card with the same front matter and another body (a quantisation's)
        again = split_card(text + "\nThis is the 4-bit version.\n")
        assert again[0] == first[0] and again[2] == first[2] and again[1] == first[1] + "\nThis is the 4-bit version.\n"
        assert (problem is None) == (not first[2]) and (problem is None or problem in first[2][0])
        kept = (dict(first[0]), first[1], first[2])
        first[0]["license"] = "mit"
        first[0].pop("base_model", None)
        assert split_card(text) == kept
