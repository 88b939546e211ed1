"""`license: other` is the Hub's word for a license not in its list: no name licscan lacks. A card declaring it and
nothing else names no license, and the reasons say so instead of "'other', which licscan does not know" (which
benchmarks/real_cards.py counted as a knowledge gap); beside a license text, the text says what 'other' is and
there is nothing to note. Real cards of benchmarks/real_cards, their bases not read (no copy there).
"""

from __future__ import annotations

import pytest

from tests.test_prose_bases import judged
from tests.test_real_card_gaps import case_evidence


@pytest.mark.parametrize("folder", ["GowthamNats__phi-1_5-finetuned", "TheBloke__Wizard-Vicuna-30B-Uncensored-GPTQ"])
def test_a_bare_other_is_said_to_name_no_license_not_to_be_one_licscan_lacks(folder):
    evidence = case_evidence(folder)
    assert evidence.card.licenses == ("other",) and not evidence.card.license_name and not evidence.card.license_link
    result, _ = judged(evidence)
    assert result.verdict == "unknown", result.reasons   # the unread base still leaves the terms unknown
    assert not any("which licscan does not know" in reason for reason in result.reasons), result.reasons
    assert any("card declares 'other' and names no license" in reason for reason in result.reasons), result.reasons


def test_a_bare_other_beside_a_license_text_is_that_texts_license_with_nothing_to_note():
    # TheBloke's GPTQ card: `license: other`, LICENSE.txt the Llama 2 Community License Agreement
    evidence = case_evidence("TheBloke__MythoMax-L2-13B-GPTQ")
    result, _ = judged(evidence)
    assert "llama2" in result.classification.candidates, result.classification
    assert not any("'other'" in reason for reason in result.reasons), result.reasons
