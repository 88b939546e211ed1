"""Round 54's category miss Ishaanlol/Aletheia-Llama-3.2-3B: a LICENSE licscan does not know (the HAIR-L research license)
and a card that says 'Research Only: This model is intended **solely** for authorized research ... Any other use is strictly
prohibited.' The verdict was right (denied, the card's restriction); the headline license was `unknown`, the checkpoint's
own unread LICENSE, where a restriction that denies is what the verdict rests on and is the headline beside anything
unknown (verdict_rules.headline_license). The unread LICENSE is still said; without the restriction the checkpoint is
unknown, headline and verdict."""

from __future__ import annotations

import shutil

from tests.test_lineage_round11 import hub, judged, local
from tests.test_real_card_gaps import CASES

ALETHEIA = "Ishaanlol__Aletheia-Llama-3.2-3B"


def test_a_denying_restriction_is_the_headline_beside_an_unknown_license_file():
    result = judged(local(CASES / ALETHEIA / "files", "Ishaanlol/Aletheia-Llama-3.2-3B"), hub({}))
    assert result.verdict == "denied", result.reasons
    assert (result.classification.license_id, result.classification.category) == ("card-research-only", "non-commercial")
    assert any("LICENSE matches no known license" in reason for reason in result.reasons), result.reasons


def test_without_the_cards_restrictions_the_unknown_license_file_is_the_headline(tmp_path):
    # the LICENSE alone (the card, with its several research-only sentences, left out)
    shutil.copyfile(CASES / ALETHEIA / "files" / "LICENSE", tmp_path / "LICENSE")
    result = judged(local(tmp_path, "Ishaanlol/Aletheia-Llama-3.2-3B"), hub({}))
    assert (result.classification.license_id, result.verdict) == ("unknown", "unknown"), result.reasons
