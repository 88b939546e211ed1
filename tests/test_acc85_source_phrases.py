"""Round 55's three cards that give, in their own words, the Hub repo they were made from, and whose base licscan did
not follow: Prompsit/paraphrase-roberta-es (no license; 'We have fine-tuned this model from pretrained
"PlanTL-GOB-ES/roberta-base-bne".', a false block), sahri/indonesiasentiment (MIT; w11wo's template 'The model was
originally the pre-trained [Indonesian RoBERTa Base](https://hf.co/flax-community/indonesian-roberta-base) model, which
is then fine-tuned on ...') and climatebert/distilroberta-base-climate-d (Apache-2.0; 'Using the
[DistilRoBERTa](https://huggingface.co/distilroberta-base) model as starting point'). The two licensed cards passed on
their own license whatever their base's terms: a non-commercial base now denies them. Each test runs the real card."""

from __future__ import annotations

import pytest

from licscan.base_ids import source_base_ids
from licscan.hub_links import canonical_model_id
from tests.test_lineage_round11 import MUSICGEN, copy_case, hub, judged, local
from tests.test_real_card_gaps import CASES

PROMPSIT = ("Prompsit__paraphrase-roberta-es", "Prompsit/paraphrase-roberta-es", "PlanTL-GOB-ES/roberta-base-bne", "apache-2.0")
SAHRI = ("sahri__indonesiasentiment", "sahri/indonesiasentiment", "flax-community/indonesian-roberta-base", "mit")
CLIMATEBERT = ("climatebert__distilroberta-base-climate-d", "climatebert/distilroberta-base-climate-d", "distilroberta-base", "apache-2.0")
BASE_FOLDERS = {"PlanTL-GOB-ES/roberta-base-bne": "PlanTL-GOB-ES__roberta-base-bne",
                "flax-community/indonesian-roberta-base": "flax-community__indonesian-roberta-base",
                "distilroberta-base": "distilbert__distilroberta-base"}


@pytest.mark.parametrize("case", [PROMPSIT, SAHRI, CLIMATEBERT], ids=lambda case: case[1])
def test_the_base_the_cards_words_give_is_followed(case):
    folder, repo, base, license_id = case
    evidence = local(CASES / folder / "files", repo)
    assert [found for found, _ in source_base_ids(evidence, repo)] == [base]
    # DistilRoBERTa's own card names its source, '[RoBERTa-base](https://huggingface.co/roberta-base)' (acc90): served too
    real = judged(evidence, hub({base: CASES / BASE_FOLDERS[base] / "files", "roberta-base": CASES / "FacebookAI__roberta-base" / "files"}))
    assert [(a.repo_id, a.license_id) for a in real.ancestors if a.depth == 1] == [(base, license_id)], real.reasons
    assert real.verdict == "allowed", real.reasons
    assert judged(evidence, hub({base: MUSICGEN})).verdict == "denied"     # a non-commercial base denies, whatever the card says
    assert judged(evidence, hub({})).verdict != "allowed"                  # one the Hub lacks is never passed over


@pytest.mark.parametrize("case, said, instead", [
    # what is used as a starting point is no Hub model (FLUX.1 [dev]'s card: "encouraged to use this as a starting point")
    (CLIMATEBERT, "Using the [DistilRoBERTa](https://huggingface.co/distilroberta-base) model as starting point",
     "Developers are encouraged to use this as a starting point"),
    # a link to an organisation's page whose text is not the start of its name
    (CLIMATEBERT, "[DistilRoBERTa](https://huggingface.co/distilroberta-base)", "[Yi](https://huggingface.co/01-ai)"),
    (PROMPSIT, 'fine-tuned this model from pretrained "PlanTL-GOB-ES/roberta-base-bne"', "fine-tuned this model from scratch"),
    # the template's words with no repo in them
    (SAHRI, "[Indonesian RoBERTa Base](https://hf.co/flax-community/indonesian-roberta-base)", "Indonesian RoBERTa Base"),
])
def test_the_same_words_without_a_hub_repo_name_no_base(tmp_path, case, said, instead):
    folder, repo, _, _ = case
    evidence = local(copy_case(folder, tmp_path, {"README.md": (said, instead)}), repo)
    assert source_base_ids(evidence, repo) == ()


def test_a_links_text_names_a_one_name_repo_only_as_its_start_and_only_after_source_words():
    assert canonical_model_id("DistilRoBERTa", "distilroberta-base", family=True) == "distilroberta-base"
    assert canonical_model_id("BERT", "bert-base-uncased", family=True) == "bert-base-uncased"
    assert canonical_model_id("DistilRoBERTa", "distilroberta-base") is None      # elsewhere the text must be the id
    assert canonical_model_id("Yi", "01-ai", family=True) is None
    assert canonical_model_id("XL", "xlnet-base-cased", family=True) is None      # too short a start to be a name


def test_advice_to_use_a_repo_as_a_starting_point_names_no_source(tmp_path):
    """"You can use [X](hub) as a starting point for your own fine-tunes" is advice to the reader, not the model's source
    (review of acc85: an MIT card was denied through a non-commercial repo it recommended)."""
    folder, repo, _, _ = CLIMATEBERT
    said = "Using the [DistilRoBERTa](https://huggingface.co/distilroberta-base) model as starting point"
    advice = "You can use [acme/nc-model](https://huggingface.co/acme/nc-model) as a starting point for your own fine-tunes"
    evidence = local(copy_case(folder, tmp_path, {"README.md": (said, advice)}), repo)
    assert source_base_ids(evidence, repo) == ()
