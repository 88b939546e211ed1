"""DistilBERT and XLM-RoBERTa named in a card's words as the base of a checkpoint that declares no
license (round 23: 'XLM-RoBERTa finetuned on NER'): the base's license, each cited in rules/card-words/families.yaml to a real card. Other models with
such a name joined to it stay unknown."""

from __future__ import annotations

import pytest

from tests.test_real_card_gaps import _local, judge


@pytest.mark.parametrize("folder,license_id", [
    ("asahi417__tner-xlm-roberta-base-panx-dataset-ar", "mit"),
])
def test_a_real_card_naming_its_encoder_base_in_words_is_under_its_license(folder, license_id):
    result = judge(folder)
    assert result.classification.license_id == license_id and result.verdict in ("allowed", "conditional"), result.reasons


@pytest.mark.parametrize("sentence,license_id", [
    ("We fine-tuned DistilBERT on customer emails.", "apache-2.0"),
    ("This model is distilbert-base-uncased fine-tuned on SST-2.", "apache-2.0"),
    ("This model is xlm-roberta-large fine-tuned on XNLI.", "mit"),
    # other models with the name joined to theirs, and the larger XLM-R models: no family
    # Google's English BERT is no family: its own card's usage code ("from_pretrained('bert-base-uncased')"), copied
    # into countless derivatives' cards, would read as a base beside the one the card's name gives
    ("This model is bert-large-cased fine-tuned on CoNLL-2003.", None),
    ("This model is XLM-RoBERTa-XL fine-tuned on XNLI.", None),
    ("This model is tiny-distilbert fine-tuned on SST-2.", None),
])
def test_which_names_give_an_encoder_base(tmp_path, sentence, license_id):
    result = _local(tmp_path, {"README.md": f"# a-model\n\n{sentence}\n"})
    if license_id is None:
        assert result.verdict == "unknown" and result.classification.license_id == "unknown", result.reasons
    else:
        assert result.classification.license_id == license_id and result.verdict in ("allowed", "conditional"), result.reasons
