"""The runs of a card's lines that are a license's text word for word (card_body._pasted_runs), found by following
where each run ends in the reference instead of joining the run and searching the whole reference for it again at each
line it grows by (speed20, issue 17): the same lines on real cards (benchmarks/real_cards/cases, every 20th card, and
real cards with a real license file of another case pasted in, whole or its first half), against every license
reference text of the kinds cards paste, at the two shares the readers ask for (half a text; a notice of 30 words or
more), and on texts cut and repeated so that a line occurs in several places of the reference."""

from __future__ import annotations

import pytest

from licscan.classify.strategies import card_body
from licscan.matcher import Matcher
from licscan.model import ManifestEntry
from licscan.rules import load_knowledge_base
from licscan.sources.local import LocalSource
from tests.real_card_sample import CASES, case_folders

KB = load_knowledge_base()
PASTED = ("apache-2.0", "mit", "llama3.1", "llama3.2", "openrail++", "creativeml-openrail-m", "cc-by-nc-4.0", "gemma",
          "bsd-3-clause", "tongyi-qianwen")


def _old_pasted_runs(said: list[list[str]], joined: list[str], references: list[tuple[str, ...]], share: float, *,
                     least_words: int = 0) -> set[int]:
    """The search _pasted_runs replaced (speed14's), kept here to compare with."""
    blanked: set[int] = set()
    for words in references:
        reference, needed = f" {' '.join(words)} ", max(share * len(words), least_words)
        start = 0
        while start < len(said):
            run, run_words = "", 0
            in_run: list[int] = []
            at = start
            while at < len(said):
                if said[at]:
                    longer = f"{run} {joined[at]}" if run_words else joined[at]
                    if f" {longer} " not in reference:
                        break
                    run, run_words = longer, run_words + len(said[at])
                    in_run.append(at)
                at += 1
            if run_words >= needed:
                blanked.update(in_run)
            start = at if in_run else at + 1
    return blanked


@pytest.fixture(scope="module")
def references() -> list[tuple[str, ...]]:
    matcher = Matcher(KB)
    found = [words for rule_id in PASTED for words in matcher.reference_words(rule_id)]
    assert len(found) >= len(PASTED)
    return found


LICENSE_FILES = ["Qwen__Qwen2-7B-Instruct-GGUF/files/LICENSE", "49emily__Kolors/files/LICENSE",
                 "black-forest-labs__FLUX.1-dev/files/LICENSE.md", "Maseshi__Animistatics/files/LICENSE-MODEL",
                 "audeering__wav2vec2-large-robust-24-ft-age-gender/files/LICENSE",
                 "stabilityai__stable-diffusion-xl-base-1.0/files/LICENSE.md"]


def _bodies() -> list[str]:
    """The card bodies of every 20th case (real cards hold no license text but in rare cases: the search must find none
    there either), and real cards with a real license file of another case pasted under a License heading at their end."""
    bodies = [body for folder in case_folders(90)
              if (body := LocalSource(folder, "models.lock").fetch(ManifestEntry(ref="files", kind="local", line=1)).card_body)]
    for number, name in enumerate(LICENSE_FILES):
        text = (CASES / name).read_text(encoding="utf-8")
        bodies += [f"{bodies[number]}\n\n## License\n\n{text}", f"{bodies[number + 10]}\n\n## License\n\n{text[: len(text) // 2]}"]
    return bodies


def test_the_same_lines_on_real_cards(references):
    bodies = _bodies()
    assert len(bodies) > 80
    with_a_text = 0
    for body in bodies:
        said, joined = card_body._words_of_lines(body)
        for share, least in ((card_body.PASTED_MIN_SHARE, 0), (0.0, card_body.NOTICE_MIN_WORDS)):
            new = card_body._pasted_runs(said, joined, references, share, least_words=least)
            assert new == _old_pasted_runs(said, joined, references, share, least_words=least), body[:200]
            with_a_text += bool(new)
    assert with_a_text >= 12   # the pasted texts are found


def test_the_same_lines_where_a_line_occurs_in_several_places_of_the_reference(references):
    # a reference's own lines, with its passages repeated and shuffled: each line occurs in several places, and a run
    # must follow the place where the reference goes on with it
    apache = next(words for words in references if words[:4] == ("apache", "license", "version", "2"))
    lines = [" ".join(apache[i: i + 7]) for i in range(0, len(apache), 7)]
    for card in (lines, lines[:40] + lines[10:60] + lines[5:30], [line for pair in zip(lines, lines[3:], strict=False) for line in pair],
                 ["the", "of the", "license", *lines[100:130], "and", "the"]):
        body = "\n".join(card)
        said, joined = card_body._words_of_lines(body)
        for share, least in ((0.05, 0), (0.0, 30), (0.0, 3)):
            assert card_body._pasted_runs(said, joined, [apache], share, least_words=least) == \
                _old_pasted_runs(said, joined, [apache], share, least_words=least)


def test_a_line_found_twice_in_a_row_is_one_run():
    reference = [tuple("a b c a b c d".split())]
    said, joined = card_body._words_of_lines("a b c\nd\n")
    assert card_body._pasted_runs(said, joined, reference, 0.5) == {0, 1} == _old_pasted_runs(said, joined, reference, 0.5)
