"""Restricted checkpoints the twelfth review found passing through exemptions the fourth session added, each on
the real BERT card (license: apache-2.0 and its Apache LICENSE, allowed as it is) or a real card of
benchmarks/real_cards: a source named by a card whose owner is not the family's publisher, a "not X but" that
denies nothing, "The license is X, not Y", "for research, not commercial purposes", and "open" before a
versioned Llama name.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_card_text_reading import bert
from tests.test_prose_bases import case_evidence, judged


def test_an_unread_source_of_another_owner_with_the_familys_name_passes_down_nothing_it_is_unknown():
    # the real mlx-community card with its source renamed to another owner's model, as Salesforce's
    # "LLaMA-3-8B-SFR-Iterative-DPO-R" (CC BY-NC 4.0, since taken down) is named by GGUF cards declaring llama3:
    # the family's license says nothing of a derivative's terms
    evidence = case_evidence("mlx-community__Mistral-7B-Instruct-v0.3-4bit")
    assert "mistralai/Mistral-7B-Instruct-v0.3" in evidence.card_body
    other = "acme-research/Mistral-7B-Instruct-v0.3-NC"
    renamed = replace(evidence, card_body=evidence.card_body.replace("mistralai/Mistral-7B-Instruct-v0.3", other))
    result, ancestors = judged(renamed)
    assert [(a.repo_id, a.license_id) for a in ancestors] == [(other, "unknown")]
    assert result.verdict == "unknown"


@pytest.mark.parametrize("appended", [
    # "but" followed by what was done, not by another license: CC BY-NC 4.0 is not denied
    "\n## License\n\nThe weights are not changed from the original release under CC BY-NC 4.0 but quantized to 4 bits.\n",
    # "The license is X": a statement of the license, and ", not Apache 2.0" denies only Apache
    "\n## License\n\nThe license is CC BY-NC 4.0, not Apache 2.0.\n",
    "\n## License\n\nThe license is CC BY-NC 4.0 (not Apache 2.0).\n",
    # the contrast form of "not for commercial use"
    "\n## License\n\nThe weights may be used for research, not commercial purposes.\n",
])
def test_a_restriction_an_exemption_had_hidden_is_read(tmp_path, appended):
    result = bert(tmp_path, appended)
    assert result.verdict == "denied", result.reasons


def test_open_before_a_versioned_llama_name_is_metas_llama(tmp_path):
    # OpenLLaMA ("open_llama_3b", "OpenLLaMA") is no Llama base; "an open Llama 2 7B fine-tune" is Llama 2's
    result = bert(tmp_path, "\n## Training\n\nThis model is an open Llama 2 7B fine-tune on our instruction data.\n")
    assert result.verdict != "allowed" and "llama2" in result.classification.candidates, result.reasons
    (tmp_path / "b").mkdir()
    assert bert(tmp_path / "b", "\n## Training\n\nThis model is compared with open_llama_3b and OpenLLaMA.\n").verdict == "allowed"


@pytest.mark.parametrize("appended", [
    "\n## License\n\nThe model weights follow the dataset license: CC BY-NC 4.0.\n",
    "\n## License\n\nThe weights are released under the same license as the dataset: CC BY-NC 4.0.\n",
    "\n## License\n\nThis model inherits the CC BY-NC 4.0 license of its training dataset.\n",
    "\n**License:** CC BY-NC 4.0 (inherited from the training data)\n",
    "\n## License\n\nCC BY-NC 4.0 (same as the training data)\n",
    "\n**License:** Code and model: CC BY-NC 4.0\n",
    # a License section's heading or lead-in that names the model beside code
    "\n## Model and code license\n\nCC BY-NC 4.0\n",
    "\n## License\n\nThis repository (model weights, code and configs) is released under:\n\nCC BY-NC 4.0\n",
    # this checkpoint's license said to be its base's (words that give a base: another model's line is left alone,
    # as DeepSeek-R1's "DeepSeek-R1-Distill-Llama-8B is derived from Llama3.1-8B-Base and is originally licensed under ...")
    "\n## License\n\nThis LoRA follows the base model's license: CC BY-NC 4.0.\n",
    "\n## License\n\nCC BY-NC 4.0 (same as the base model)\n",
])
def test_a_license_line_about_the_model_and_something_else_leaves_the_weights_terms_unknown(tmp_path, appended):
    # the line's words name data or code and also the model, or say its license is another thing's: whether the
    # weights are under CC BY-NC 4.0 they do not settle, and a gate must not pass the checkpoint
    result = bert(tmp_path, appended)
    assert result.verdict == "unknown", result.reasons
    assert any("cc-by-nc-4.0" in reason and "do not settle" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("appended", [
    "\n## License\n\nThe training data is licensed under CC BY-NC 4.0.\n",
    "\n## License\n\nThe model is released under Apache 2.0. The training data is licensed under CC BY-NC 4.0.\n",
])
def test_a_license_line_that_licenses_only_the_data_stays_the_datas(tmp_path, appended):
    result = bert(tmp_path, appended)
    assert result.verdict == "allowed", result.reasons


def test_a_license_the_card_gives_the_data_the_model_was_trained_on_is_a_question_not_the_models(tmp_path):
    # "The model was trained on data released under CC BY-NC 4.0": the sentence names the model, but what it
    # licenses is the data; a reader confirms (conditional), the gate does not block on it as the model's terms.
    # "The model, trained on public data, is released under CC BY-NC 4.0" is the model's own license.
    data = bert(tmp_path, "\n## Training\n\nThe model was trained on data released under CC BY-NC 4.0.\n")
    assert data.verdict == "conditional" and any("confirm which applies" in reason for reason in data.reasons), data.reasons
    (tmp_path / "b").mkdir()
    model = bert(tmp_path / "b", "\n## Training\n\nThe model, trained on public data, is released under CC BY-NC 4.0.\n")
    assert model.verdict == "denied", model.reasons
