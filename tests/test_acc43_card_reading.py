"""Card reading leftovers (acc43): false blocks and fail-opens in the card readers.

1. Salesforce's ethics boilerplate ("This release is for research purposes only in support of an academic paper. Our
   models, datasets, and code are not specifically designed or evaluated for all downstream purposes. ...") disclaims
   fitness, it does not restrict the license: the real card of Salesforce/codet5p-220m (`license: bsd-3-clause`,
   benchmarks/real_cards) was denied as research-only. The first sentence alone, or with a ban of its own, restricts.
2. A license label line in a section about data ("## Training data" over "License: CC BY-NC 4.0", "Dataset license:
   ...") describes the data, not the weights; a label's value that scopes its licenses in parentheses ("Apache 2.0
   (model), CC BY-NC 4.0 (data)") gives the model's part for the model. "## License\nLicense: CC BY-NC 4.0" denies.
3. An access gate's clause that sets a license apart, denies it or thanks its makers ("Unlike Gemma models, which are
   subject to the Gemma Terms of Use, ...", "You do not need to accept ...", "We acknowledge the Llama 3 team for the
   Llama 3 license") holds no user to it; "You must comply with the Gemma Terms of Use" does.
4. A merge card's tag "sdxl/sd-1.5" (two families, no owner and repo) is no parent to follow.
5. A fenced block of HTML ("<p>These weights are for research purposes only.</p>") is read as it renders, not as code.

The cards are the real BERT card of the benchmark (benchmarks/real_cards/cases/google-bert__bert-base-uncased, `license:
apache-2.0`, allowed as it is) with each part appended or its gate added, the merge cards test_acc39's. Each restricted
or corrected case failed on main; the twin beside it answers as it did.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from licscan.sources.card_parents import merge_tag_models
from tests.test_acc37_derivatives import verdict
from tests.test_acc39_lineage import judge_merge
from tests.test_card_text_reading import BERT, CASES, _judge, bert, case

SALESFORCE = CASES / "Salesforce__codet5p-220m" / "files" / "README.md"


def _ethics_paragraph() -> str:
    """The real card's "## Ethical Considerations" section, as written."""
    card = SALESFORCE.read_text(encoding="utf-8")
    start = card.index("## Ethical Considerations")
    end = card.find("\n\n", start)
    return card[start:end if end >= 0 else len(card)].rstrip("\n") + "\n"


def _no_metadata(tmp_path: Path, appended: str):
    """The BERT card without its `license:` line and without its LICENSE file: the card's words are all there is."""
    card = (BERT / "README.md").read_text(encoding="utf-8")
    assert "license: apache-2.0\n" in card
    (tmp_path / "README.md").write_text(card.replace("license: apache-2.0\n", "", 1) + appended, encoding="utf-8")
    return _judge(tmp_path)


# --- 1. Salesforce's ethics boilerplate -----------------------------------------------------------------------------

def test_salesforces_ethics_boilerplate_leaves_the_declared_bsd_license():
    result = case("Salesforce__codet5p-220m")
    assert (result.verdict, result.classification.license_id) == ("allowed", "bsd-3-clause"), result.reasons
    assert "card-research-only" not in result.classification.candidates


def test_the_boilerplate_appended_to_another_card_restricts_nothing(tmp_path):
    result = bert(tmp_path, "\n" + _ethics_paragraph())
    assert result.verdict == "allowed", result.reasons


@pytest.mark.parametrize("written", [
    "This model is for research purposes only.\n",
    "This model is released for research purposes only and may not be used commercially.\n",
    # the boilerplate's first sentence with no disclaimer after it, or with a ban of its own
    "This release is for research purposes only in support of an academic paper.\n",
    "This release is for research purposes only in support of an academic paper and may not be used commercially. Our "
    "models, datasets, and code are not specifically designed or evaluated for all downstream purposes.\n",
    # a restriction of its own beside the boilerplate (an SFR-Embedding card's "The model is for research purposes only.")
    "The model is for research purposes only.\n\n## Ethical Considerations\nThis release is for research purposes only in "
    "support of an academic paper. Our models, datasets, and code are not specifically designed or evaluated for all "
    "downstream purposes.\n",
])
def test_research_only_said_otherwise_still_restricts(tmp_path, written):
    result = bert(tmp_path, "\n" + written)
    assert result.verdict == "denied" and "card-research-only" in result.classification.candidates, result.reasons


# --- 2. a data section's license line, a label's scoped parts ---------------------------------------------------------

@pytest.mark.parametrize("written", [
    "## Training data\n\nThe model was fine-tuned on the Foo corpus.\n\nLicense: CC BY-NC 4.0\n",
    "### Dataset\n\nWe used FooSet.\n\n- **License:** CC BY-NC 4.0\n",
    "## Training data\n\nLicense:\n\nCC BY-NC 4.0\n",
    "**License:** Apache 2.0 (model), CC BY-NC 4.0 (data)\n",
    "License: Apache 2.0 (model weights), CC BY-NC 4.0 (training data)\n",
])
def test_a_license_line_about_the_data_leaves_the_declared_license(tmp_path, written):
    result = bert(tmp_path, "\n" + written)
    assert (result.verdict, result.classification.license_id) == ("allowed", "apache-2.0"), result.reasons
    assert any("not the weights'" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("written", [
    "## Training data\n\nLicense: CC BY-NC 4.0\n",
    "Dataset license: CC BY-NC 4.0\n",
])
def test_with_no_license_of_its_own_a_data_license_line_gives_none(tmp_path, written):
    result = _no_metadata(tmp_path, "\n" + written)
    assert result.verdict == "unknown" and "cc-by-nc-4.0" not in result.classification.candidates, result.reasons


def test_a_scoped_label_gives_the_models_part_when_nothing_else_does(tmp_path):
    result = _no_metadata(tmp_path, "\nLicense: Apache 2.0 (model), CC BY-NC 4.0 (data)\n")
    assert result.classification.license_id == "apache-2.0" and "cc-by-nc-4.0" not in result.classification.candidates


@pytest.mark.parametrize("written,expected", [
    ("## License\n\nLicense: CC BY-NC 4.0\n", ("denied", "cc-by-nc-4.0")),
    # the model's part of a scoped label applies (unknown on main: "words about something else")
    ("**License:** CC BY-NC 4.0 (model), Apache 2.0 (code)\n", ("denied", "cc-by-nc-4.0")),
    # a sentence about the weights under a data heading is read wherever it stands
    ("## Training data\n\nThe model weights are released under CC BY-NC 4.0.\n", ("denied", "cc-by-nc-4.0")),
    # a heading naming the model beside the data is no section about data (the words leave open which, as before); a
    # scope licscan cannot tell ("(v1)") leaves the line as it was
    ("## Model and data license\n\nLicense: CC BY-NC 4.0\n", ("unknown", "unknown")),
    ("License: Apache 2.0 (v1), CC BY-NC 4.0 (v2)\n", ("denied", "cc-by-nc-4.0")),
])
def test_the_models_own_license_line_still_applies(tmp_path, written, expected):
    result = bert(tmp_path, "\n" + written)
    assert (result.verdict, result.classification.license_id) == expected, result.reasons


# --- 3. the access gate's negations and thanks ------------------------------------------------------------------------

def _gate(tmp_path: Path, prompt: str):
    return bert(tmp_path, front_matter=f"extra_gated_prompt: {json.dumps(prompt)}\n")


@pytest.mark.parametrize("prompt", [
    "Unlike Gemma, this model is not subject to the Gemma Terms of Use. You must comply with the Apache 2.0 license.",
    "Unlike Gemma models, which are subject to the Gemma Terms of Use, this model is released under Apache 2.0. You must "
    "comply with the Apache 2.0 license.",
    "Unlike the original Gemma release (subject to the Gemma Terms of Use), you must comply with the Apache 2.0 license only.",
    "Unlike Gemma — which requires agreeing to the Gemma Terms of Use — this model only requires you to comply with the "
    "Apache 2.0 license.",
    "No need to accept the Gemma Terms of Use: you must comply with the Apache 2.0 license.",
    "We acknowledge the Llama 3 team for the LLaMA 1 license. This model is released under Apache 2.0.",
    "We would like to acknowledge the Meta Llama 3 team for Llama 3 Community License. This model is released under Apache 2.0.",
    "You do not need to accept the Llama 3 Community License to use this model.",
    "You are not bound by the Llama 3 Community License.",
    "Access does not require agreeing to the Llama 3 Community License.",
    "No need to agree to the CC BY-NC 4.0 license.",
])
def test_a_license_the_gate_sets_apart_denies_or_thanks_for_binds_no_user(tmp_path, prompt):
    result = _gate(tmp_path, prompt)
    assert (result.verdict, result.classification.license_id) == ("allowed", "apache-2.0"), result.reasons


@pytest.mark.parametrize("prompt,expected", [
    ("You must comply with the Gemma Terms of Use.", ("conditional", "gemma")),
    # allowed on main (a fail-open: "not" dropped the clause, and the Gemma Terms have no "license" word for _AGREED)
    ("You may not use this model without agreeing to the Gemma Terms of Use.", ("conditional", "gemma")),
    ("You may not use this model without accepting the CC BY-NC 4.0 license.", ("denied", "cc-by-nc-4.0")),
    ("You may not access this model unless you agree to the CC BY-NC 4.0 license.", ("denied", "cc-by-nc-4.0")),
    ("Please acknowledge the CC BY-NC 4.0 license to access this model.", ("denied", "cc-by-nc-4.0")),
    ("Unlike Llama 2, which is permissive, you agree to the CC BY-NC 4.0 license.", ("denied", "cc-by-nc-4.0")),
    ("Unlike Llama 2, subject to the CC BY-NC 4.0 license.", ("denied", "cc-by-nc-4.0")),
    ("You must not share your token, and you agree to the CC BY-NC 4.0 license.", ("denied", "cc-by-nc-4.0")),
    # a negation after the license, or one that makes agreeing a condition
    ("By accessing this model, you agree to the CC BY-NC 4.0 license and not to redistribute it.", ("denied", "cc-by-nc-4.0")),
    ("If you do not accept the CC BY-NC 4.0 license, you may not use the model.", ("denied", "cc-by-nc-4.0")),
    ("Those who do not accept the CC BY-NC 4.0 license may not download the model.", ("denied", "cc-by-nc-4.0")),
    ("If you do not agree to the Gemma Terms of Use, do not download this model.", ("conditional", "gemma")),   # main: allowed
])
def test_a_license_the_user_is_held_to_still_applies(tmp_path, prompt, expected):
    result = _gate(tmp_path, prompt)
    assert (result.verdict, result.classification.license_id) == expected, result.reasons


# --- 4. a merge tag of two families -----------------------------------------------------------------------------------

@pytest.mark.parametrize("not_a_repo", ["sdxl/sd-1.5", "SD1.5/SDXL", "flux/sdxl", "llama3/mistral"])
def test_a_tag_of_two_families_is_no_merge_parent(tmp_path, not_a_repo):
    result, ancestors = judge_merge(tmp_path, ["merge", "mergekit", "mistralai/Mistral-7B-v0.1", not_a_repo])
    assert verdict(result) == ("allowed", "apache-2.0"), result.reasons
    assert [a.repo_id for a in ancestors] == ["mistralai/Mistral-7B-v0.1"]


@pytest.mark.parametrize("repo", ["Qwen/Qwen2-7B", "stabilityai/sdxl-turbo", "stabilityai/stable-diffusion-xl-base-1.0",
                                  "runwayml/stable-diffusion-v1-5", "microsoft/phi-2", "meta-llama/Llama-2-7b-hf"])
def test_a_tag_shaped_like_a_repo_stays_a_merge_parent(repo):
    assert merge_tag_models(("merge", repo)) == [repo]


# --- 5. HTML in a fence -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", [
    "## Terms\n\n```\n<p>These weights are for research purposes only.</p>\n```\n",
    '## License\n\n```\n<p>This model is for research purposes only.</p>\n<p>See <a href="https://example.com/terms">the '
    "terms</a> for details.</p>\n```\n",
])
def test_a_fence_of_html_prose_restricts_as_it_renders(tmp_path, written):
    result = bert(tmp_path, "\n" + written)
    assert result.verdict == "denied" and "card-research-only" in result.classification.candidates, result.reasons


@pytest.mark.parametrize("written", [
    "## Example\n\n```html\n<p>These weights are for research purposes only.</p>\n```\n",      # an HTML sample
    '## Example\n\n```\n<div class="chat"><p>User: is this model for research purposes only?</p></div>\n```\n',   # a dialogue
])
def test_html_code_in_a_fence_stays_unread(tmp_path, written):
    result = bert(tmp_path, "\n" + written)
    assert result.verdict == "allowed", result.reasons
