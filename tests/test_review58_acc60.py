"""Review58 of acc60: three of its readers let a base through (false allows), and one blocked an ordinary card.

1. A bare ORG/NAME after "built on/using/from" followed by a word of families.yaml's `not_models.after` was no base
   even past punctuation ("built on acme/secret-nc-7b, data curated by Acme", "... (code: https://...)", "... data-free
   distillation") and after an id with a model's size ("acme/secret-nc-7b framework"). Now: a space before, no
   punctuation, a whole word, and never after a sized model id.
2. Any heading with "family", "series", "collection" or "other" made a one-row table's row another model's ("## Time
   series support", "## Family-friendly outputs", "## Acme collection"). Now: words about models ("## Related models",
   "## Model family", "## See also", "## Baselines", "## Comparison"), the last two new (a false block: a compared
   model's base).
3. A review "by <words> <profession>" was a precondition whatever the words ("Acme Legal Counsel", "the licensor
   engineers", "model developer staff", "Cohere Counsel"). Now: only words saying what kind of professional.
Cards and the reading are acc60's tests' (tests/test_acc60_review56.py): a MIT or Apache LICENSE from the corpus, a base
not on the (fake) Hub whose terms are then unread (unknown)."""

from __future__ import annotations

import pytest

from licscan.classify.strategies.card_terms import restrictions_reading
from tests.test_acc60_review56 import _card, _verdict


@pytest.mark.parametrize("line", [
    "Acme-7B is built on acme/secret-nc-7b framework.",
    "Acme-7B is built from acme/secret-nc-7b, tools and all.",
    "Acme-7B is built on acme/secret-nc-7b (code: https://github.com/acme-labs/acme).",
    "Acme-7B is built on acme/secret-nc-7b; dataset: acme/acme-sft.",
    "Acme-7B is built on acme/secret-nc-7b, data curated by Acme Labs.",
    "Acme-7B is built on acme/secret-nc-7b data-free distillation.",
    "Acme-7B is built on acme/secret-nc-7b - repository: https://github.com/acme-labs/acme.",
])
def test_a_model_id_followed_by_punctuation_or_a_word_joined_to_it_is_still_the_base(tmp_path, line):
    assert _verdict(tmp_path, _card("mit", "# Acme-7B", line)) == "unknown"


@pytest.mark.parametrize("heading", ["## Training on our data collection", "## Family-friendly outputs",
                                     "## Time series support", "## Acme collection"])
def test_a_heading_with_a_word_like_family_or_series_leaves_the_row_this_models(tmp_path, heading):
    table = f"{heading}\n\n| Model | Base model |\n|---|---|\n| Acme-7B-v2 | acme/secret-nc-7b |"
    assert _verdict(tmp_path, _card("mit", "# Acme-7B", table)) == "unknown"


@pytest.mark.parametrize("heading", ["## Baselines", "## Comparison", "## Related models", "## Model family"])
def test_a_table_of_baselines_compared_or_related_models_names_no_base(tmp_path, heading):
    table = f"{heading}\n\n| Model | Base model |\n|---|---|\n| Other-13B | acme/secret-nc-7b |"
    assert _verdict(tmp_path, _card("apache-2.0", "# Acme-7B", table), "apache-2.0.txt") == "allowed"


@pytest.mark.parametrize("party", ["Acme Legal Counsel", "Cohere Counsel", "the licensor engineers", "model developer staff",
                                   "Acme Engineers", "ACME engineers", "the acme lawyers", "Meta Lawyers"])
def test_a_review_by_a_named_partys_professionals_asks_for_leave(party):
    sentence = f"Do not use this model for commercial purposes without review by {party}."
    assert [c.license_id for c in restrictions_reading("card terms", sentence, "the card").candidates] == ["card-non-commercial"]


@pytest.mark.parametrize("party", ["qualified medical professionals", "a doctor", "domain experts", "licensed clinicians"])
def test_a_review_by_a_kind_of_professional_stays_a_precondition(party):
    sentence = f"Do not use this model for commercial purposes without review by {party}."
    assert restrictions_reading("card terms", sentence, "the card").candidates == ()
