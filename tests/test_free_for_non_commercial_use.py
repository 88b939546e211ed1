""""Free for non-commercial use" restricts the model (rules/card-words/phrases.yaml): free of charge only for
non-commercial use grants no commercial use. On the real Max-Lee-explore/MythTrans-llama31-8B card ("This model is
released under **CC BY-NC 4.0**. It is free for **non-commercial use** with **proper attribution**.") and the real
BERT card (license: apache-2.0 and its Apache LICENSE, allowed as it is). Of a license and a card's restriction as
restrictive as each other, the license is the headline: the sentence restates it (../shared/notes/categories.md
puts both in non-commercial, and the license is what the verdict rests on, with its obligations).
"""

from __future__ import annotations

import pytest

from tests.test_card_text_reading import bert, case


def test_free_for_non_commercial_use_beside_the_license_it_restates_leaves_the_license_the_headline():
    result = case("Max-Lee-explore__MythTrans-llama31-8B")
    assert result.verdict == "denied", result.reasons
    assert "card-non-commercial" in result.classification.candidates, result.classification.candidates
    assert result.classification.license_id == "cc-by-nc-4.0", result.classification
    assert any("It is free for non-commercial use" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("sentence", [
    "It is free for non-commercial use.",
    "The weights are free of charge for non-commercial purposes.",
    "The model weights are free for research and non-commercial use.",
])
def test_free_for_non_commercial_use_denies_commercial_use(tmp_path, sentence):
    result = bert(tmp_path, "\n## Usage terms\n\n" + sentence + "\n")
    assert result.verdict == "denied", (sentence, result.reasons)
    assert result.classification.license_id == "card-non-commercial", result.classification


def test_free_for_commercial_and_non_commercial_use_restricts_nothing(tmp_path):
    result = bert(tmp_path, "\n## Usage terms\n\nThe model is free for commercial and non-commercial use.\n")
    assert result.verdict == "allowed", result.reasons
