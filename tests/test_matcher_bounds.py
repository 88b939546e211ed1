"""Fewer alignments per text (issue 17): the search for a partial copy no longer aligns references it
would pass over."""

from __future__ import annotations

import pytest

from fixtures.variants import tolerance_variants, variants
from licscan.matcher import Matcher
from licscan.normalize import tokens
from licscan.rules import load_knowledge_base


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


@pytest.fixture(scope="module")
def texts(kb) -> list[str]:
    """Exact copies with benign edits (which are aligned: they are no reference word for word), material
    edits, partial copies, the corpus's modified and in-card variants, and each reference text."""
    edited = tolerance_variants(kb)
    found = [v.text for v in edited if v.kind.startswith("benign:")][::3]
    found += [v.text for v in edited if v.kind.startswith("material:")][::4]
    found += [v.text for v in edited if v.kind.startswith("partial:")][::2]
    found += [v.text for v in variants(kb) if v.expected_status == "modified" or v.kind == "in-model-card"][::2]
    found += [kb.text_path(name).read_text(encoding="utf-8") for rule in kb.rules for name in rule.texts]
    return found


def test_the_partial_search_aligns_only_the_references_it_can_use(kb, texts):
    """_holding_the_text with ``wanted`` chooses as without it (the others count for which are taken) and
    aligns only the wanted ones."""
    matcher = Matcher(kb, cache=False, memo=False)
    compared = 0
    for text in texts[::2]:
        words = tokens(text)
        every = matcher._holding_the_text(words, set())
        if len(every) < 2:
            continue
        wanted = {every[0].reference.rule_id}
        some = matcher._holding_the_text(words, set(), wanted.__contains__)
        assert [(i.reference, i.score, i.bounds) for i in some] == [
            (i.reference, i.score, i.bounds) for i in every if i.reference.rule_id in wanted]
        compared += 1
    assert compared > 20
