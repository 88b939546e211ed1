"""review62: false allows and false blocks in acc65's fixes.

- A code part's later sentences ("- **Code:** MIT. Acme-7B is for non-commercial use only.", "... It may not be used
  commercially.") were dropped with the code's label: only the label's own sentence and later ones about code or with no
  subject ("Commercial licenses available") are the code's. A license's name ends the label's sentence ("MIT. Acme-7B").
- "Apache 2.0, the same license as the base model" / "MIT, the license of the original repository" / "Apache 2.0 and the
  base model's license" are descriptions of the license named, not unknown terms beside it.
- "It outperforms BERT ([X](hub)) fine-tuned on ..." / "We evaluate Acme BERT ([X](hub)) fine-tuned on SQuAD as a
  baseline" name no base (the name before the bracketed link is capitalised words only).
- A training run's arguments recording the starting model as a Hub address ("https://huggingface.co/org/X") name it.
The real cards are the set's shannon-control-unit (round 38) and dbmdz/bert-base-historic-dutch-cased (round 37).
"""

from __future__ import annotations

import pytest

from tests.test_acc57_review55 import _checkpoint
from tests.test_acc64_review_gaps import LINK
from tests.test_acc64_review_gaps import _judged as _on_bart
from tests.test_acc65_rounds37_38 import DUTCH, DUTCH_ID, DUTCH_LINE, SCU, SCU_BASES, SCU_ID, SCU_ITEM, SID, _copy, _files
from tests.test_lineage_round11 import hub, judged, local


@pytest.mark.parametrize("item", [
    "* **SCU training code:** MIT. Acme-7B is for non-commercial use only.",
    "* **Inference code:** Apache 2.0. Acme-7B may be used for research purposes only.",
    "* **Code:** MIT. Please do not use Acme-7B commercially.",
    "* **Code:** MIT. It may not be used commercially.",
])
def test_a_sentence_after_the_codes_label_is_read(tmp_path, item):
    result = judged(local(_copy(tmp_path, SCU, SCU_ITEM, item), SCU_ID), hub(SCU_BASES))
    assert result.verdict in ("denied", "unknown"), result.reasons


def test_the_codes_own_sentences_are_still_the_codes():
    # the real card: "AGPL-3.0 (research/academia). Commercial licenses available (...)" under the training code's label
    result = judged(local(_files(SCU), SCU_ID), hub(SCU_BASES))
    assert result.verdict == "conditional", result.reasons


@pytest.mark.parametrize("line", [
    "All models are licensed under MIT, the same license as the base model.",
    "All models are released under MIT, the license of the original repository.",
    "All models are licensed under MIT and the base model's license.",
])
def test_the_license_another_model_has_is_no_unknown_terms(tmp_path, line):
    result = judged(local(_copy(tmp_path, DUTCH, DUTCH_LINE, line), DUTCH_ID), hub({}))
    assert result.verdict == "allowed", result.reasons


@pytest.mark.parametrize("sentence", [
    f"It outperforms BERT ({LINK}) fine-tuned on the same data.",
    f"We evaluate Acme BERT ({LINK}) fine-tuned on SQuAD as a baseline.",
])
def test_a_model_compared_or_evaluated_against_is_no_base(tmp_path, sentence):
    result = _on_bart(tmp_path, sentence)
    assert SID not in [a.repo_id for a in result.ancestors], result.reasons


def test_a_hub_address_a_training_run_records_is_its_starting_model(tmp_path):
    record = '{"model_name_or_path": "https://huggingface.co/' + SID + '"}'
    _, result = _checkpoint(tmp_path, {"training_args.json": record})
    assert result.verdict == "unknown", result.reasons
    assert any(SID in r for r in result.reasons), result.reasons
