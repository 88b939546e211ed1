"""Fail-opens review47 found in acc43's card reading (acc45), each closed to at least its reading before acc43.

1. A scope that mentions the model anywhere is the model's part: "CC BY-NC 4.0 (model and data), Apache 2.0 (code)".
2. Only a comparison (unlike / compared to / instead of / rather than) carries over to a following "which" or bracket:
   thanks do not set apart the terms of what they thank for ("Thank you for your interest in our model, which requires
   you to accept the Llama 3 Community License").
3. A scope sets a part aside only when it names nothing but code, data, a demo or docs: "(weights, due to the data)",
   "(inherited from the training data)", "(original model)", "(model outputs)" leave the line as it was.
4. A section about data is one whose heading's words are about data ("# Synthetic-Data-Generator-7B" is a name), down to
   the next heading, a bold label ("**License**") or a rule; a line that says it applies to the model is the model's.
5. A base model's terms named in a comparison still say the base's terms ("Compared to the base model, which you
   accepted under the Gemma Terms of Use, ...").
6. "We acknowledge that you must accept ..." is no thanks.
7. Salesforce's release statement is "This release is ...": "This model is for research purposes only in support of an
   academic paper." restricts beside the fitness disclaimer.
8. Under a License or Terms heading Salesforce's paragraph is a term: it restricts.
9. "GLM 4.6 Vision" is no GLM-4.6 (MIT): it stays under the GLM-4 family's default.
And the older gate fail-opens review47 listed: "not only ... but also", "will not be able to ... if you don't accept",
"not granted to anyone who has not agreed to", "We acknowledge that this model is subject to ...".

Cards are the real BERT card of the benchmark (`license: apache-2.0`) with a section appended or a gate added, as
test_acc43's; each case failed on main (77c3d40 merged), its twin beside it answers as before.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_acc33_family_versions import ids
from tests.test_card_text_reading import bert

SALESFORCE_2 = ("Our models, datasets, and code are not specifically designed or evaluated for all downstream purposes. We "
                "strongly recommend users evaluate and address potential concerns related to accuracy, safety, and fairness "
                "before deploying this model.")


def _verdict(result) -> tuple[str, str]:
    return result.verdict, result.classification.license_id


def _gate(tmp_path: Path, prompt: str):
    return bert(tmp_path, front_matter=f"extra_gated_prompt: {json.dumps(prompt)}\n")


# --- 1, 3. scoped values of a license label ---------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "CC BY-NC 4.0 (model and data), Apache 2.0 (code)",
    "Apache 2.0 (code), CC BY-NC 4.0 (model weights and data)",
    "Apache-2.0 (code) / CC-BY-NC-4.0 (weights and training data)",
    "CC BY-NC 4.0 (model & tokenizer), Apache 2.0 (code)",
    "Apache 2.0 (code), CC BY-NC 4.0 (weights, due to the data)",
])
def test_a_scope_that_mentions_the_model_is_the_models_part(tmp_path, value):
    result = bert(tmp_path, f"\n## License\n\nLicense: {value}\n")
    assert _verdict(result) == ("denied", "cc-by-nc-4.0"), result.reasons


@pytest.mark.parametrize("value", [
    "Apache 2.0 (code), CC BY-NC 4.0 (inherited from the training data)",
    "Apache 2.0 (model), CC BY-NC 4.0 (original model)",
    "Apache 2.0 (model), CC BY-NC 4.0 (model outputs)",
])
def test_a_scope_of_anything_but_code_data_demo_or_docs_leaves_the_line_as_it_was(tmp_path, value):
    result = bert(tmp_path, f"\n## License\n\nLicense: {value}\n")
    assert result.verdict == "unknown", result.reasons   # the words leave open which applies, as before acc43
    assert not any("not the weights'" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("value", [
    "Apache 2.0 (model), CC BY-NC 4.0 (code and data)",
    "Apache 2.0 (model weights), CC BY-NC 4.0 (training data)",
    "Apache 2.0 (weights), CC BY-NC 4.0 (demo)",
])
def test_the_twins_a_scope_of_code_data_or_a_demo_is_set_aside(tmp_path, value):
    result = bert(tmp_path, f"\n## License\n\nLicense: {value}\n")
    assert _verdict(result) == ("allowed", "apache-2.0"), result.reasons


# --- 4. a section about data ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", [
    # a bold label alone starts another topic
    "## Training data\n\nWe used OpenOrca.\n\n**License**\n\nLicense: CC BY-NC 4.0\n",
    # a name with "Data" in it is no heading about data
    "# Synthetic-Data-Generator-7B\n\nLicense: CC BY-NC 4.0\n\nA model that writes synthetic data.\n",
    # a rule ends the section
    "## Training data\n\nWe used OpenOrca.\n\n---\n\nLicense: CC BY-NC 4.0\n",
])
def test_a_license_line_past_a_data_section_is_the_models(tmp_path, written):
    result = bert(tmp_path, "\n" + written)
    assert result.verdict == "conditional" and "cc-by-nc-4.0" in " ".join(result.reasons), result.reasons
    assert not any("not the weights'" in reason for reason in result.reasons), result.reasons


def test_a_line_under_a_data_heading_that_says_it_applies_to_the_model_is_the_models(tmp_path):
    result = bert(tmp_path, "\n## Dataset\n\nTrained on OpenOrca.\n\nLicense: CC BY-NC 4.0 (applies to the model)\n")
    assert _verdict(result) == ("denied", "cc-by-nc-4.0"), result.reasons


@pytest.mark.parametrize("written", [
    "## Training Data Sources\n\nWe used OpenOrca.\n\nLicense: CC BY-NC 4.0\n",
    "## 3. Datasets\n\nWe used OpenOrca.\n\n- **License:** CC BY-NC 4.0\n",
])
def test_the_twins_a_heading_about_data_still_sets_its_line_aside(tmp_path, written):
    result = bert(tmp_path, "\n" + written)
    assert _verdict(result) == ("allowed", "apache-2.0"), result.reasons
    assert any("not the weights'" in reason for reason in result.reasons), result.reasons


# --- 2, 5, 6 and the older gate fail-opens ----------------------------------------------------------------------------

@pytest.mark.parametrize("prompt,expected", [
    ("Thank you for your interest in our model, which requires you to accept the Llama 3 Community License.", "llama3"),
    ("Thank you for your interest in this model, which is subject to the Gemma Terms of Use; you must accept them to "
     "download.", "gemma"),
    ("Thanks for your interest in this model (subject to the Gemma Terms of Use).", "gemma"),
    ("Compared to the base model, which you accepted under the Gemma Terms of Use, this fine-tune is Apache 2.0.", "gemma"),
    ("We acknowledge that you must accept the Llama 3 Community License to access this model.", "llama3"),
    # allowed before acc43 too
    ("You agree to not only the Gemma Terms of Use but also the Gemma Prohibited Use Policy.", "gemma"),
    ("You will not be able to access the model if you don't accept the Gemma Terms of Use.", "gemma"),
    ("Access is not granted to anyone who has not agreed to the Gemma Terms of Use.", "gemma"),
    ("You agree to abide not just by the Llama 3 Community License but also by its Acceptable Use Policy.", "llama3"),
    ("We acknowledge that this model is subject to the Gemma Terms of Use.", "gemma"),
    # review50: a license's name holding a word of thanks ("Community") is no thanks to a community
    ("By clicking Agree below, you acknowledge the Llama 3 Community License Agreement.", "llama3"),
    ("By clicking Agree below, you acknowledge the Stability AI Community License.", "stability-community"),
])
def test_a_gate_names_the_license_the_user_is_held_to(tmp_path, prompt, expected):
    result = _gate(tmp_path, prompt)
    assert _verdict(result) == ("conditional", expected), result.reasons


@pytest.mark.parametrize("prompt", [
    # a comparison still sets apart what it compares with, "which" and bracket included (acc43's)
    "Unlike Gemma models, which are subject to the Gemma Terms of Use, this model is released under Apache 2.0. You must "
    "comply with the Apache 2.0 license.",
    "Unlike the original Gemma release (subject to the Gemma Terms of Use), you must comply with the Apache 2.0 license only.",
    "We acknowledge the Llama 3 team for the LLaMA 1 license. This model is released under Apache 2.0.",
    "We acknowledge Meta for the Llama 3 Community License. This model is released under Apache 2.0.",
    "You do not need to accept the Llama 3 Community License to use this model.",
    "We acknowledge the Llama 3 community for their work. This model is released under Apache 2.0.",
])
def test_the_twins_a_license_set_apart_or_thanked_for_binds_no_user(tmp_path, prompt):
    result = _gate(tmp_path, prompt)
    assert _verdict(result) == ("allowed", "apache-2.0"), result.reasons


# --- 7, 8. Salesforce's release statement -----------------------------------------------------------------------------

@pytest.mark.parametrize("written", [
    "## Ethical Considerations\n\nThis model is for research purposes only in support of an academic paper. " + SALESFORCE_2,
    "## Ethical Considerations\n\nThe checkpoints are for research purposes only in support of an academic paper. " + SALESFORCE_2,
    "## Terms of use\n\nThis release is for research purposes only in support of an academic paper. " + SALESFORCE_2,
    "## License\n\nThis release is for research purposes only in support of an academic paper. " + SALESFORCE_2,
])
def test_research_only_beside_the_disclaimer_restricts_unless_it_is_salesforces_release_statement(tmp_path, written):
    result = bert(tmp_path, "\n" + written + "\n")
    assert result.verdict == "denied" and "card-research-only" in result.classification.candidates, result.reasons


def test_the_twin_salesforces_statement_under_its_ethics_heading_restricts_nothing(tmp_path):
    result = bert(tmp_path, "\n## Ethical Considerations\n\nThis release is for research purposes only in support of an "
                            "academic paper. " + SALESFORCE_2 + "\n")
    assert _verdict(result) == ("allowed", "apache-2.0"), result.reasons


# --- 9. GLM 4.6 Vision ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("base", ["GLM 4.6 Vision", "GLM-4.6-VL"])
def test_glm_4_6_vision_is_no_glm_4_6(tmp_path, base):
    result = bert(tmp_path, f"\n## Model\n\nThis model is a fine-tuned version of {base}.\n")
    assert "glm-4-9b-license" in ids(result) and result.verdict != "allowed", result.reasons


def test_the_twin_glm_4_6_is_mit(tmp_path):
    result = bert(tmp_path, "\n## Model\n\nThis model is a fine-tuned version of GLM 4.6.\n")
    assert "glm-4-9b-license" not in ids(result), result.reasons
