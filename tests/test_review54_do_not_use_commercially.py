"""Review54: "Do not use this model commercially without a commercial license from Acme." under an MIT LICENSE (the
corpus text) passed: the phrase read "do not use it/them commercially" only, not the model named. A use made safe by
review ("without human review", acc55) stays no ban."""

from __future__ import annotations

import pytest

from licscan.classify.strategies.card_terms import restrictions_reading


@pytest.mark.parametrize("sentence", ["Do not use this model commercially without a commercial license from Acme.",
                                      "Do not use the Acme-7B model commercially.",
                                      "Don't use these weights in commercial products."])
def test_do_not_use_the_model_commercially_is_a_ban(sentence):
    reading = restrictions_reading("card terms", sentence, "the card")
    assert [c.license_id for c in reading.candidates] == ["card-non-commercial"]


@pytest.mark.parametrize("sentence", ["Do not use this model commercially without human review.",
                                      "Do not use this model to make commercial decisions about people."])
def test_a_use_made_safe_or_a_use_of_its_outputs_is_no_ban(sentence):
    assert restrictions_reading("card terms", sentence, "the card").candidates == ()
