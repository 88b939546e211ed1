"""Review29's fail-opens in the sources: terms files under names licscan missed, license keys of the model under other
spellings in the front matter, a use guide linked with 'policy' words made an unknown license. Each repro is built
from review29's own card and file (/tmp/review29/<case>) beside the real Apache-2.0 text in license_texts/; each
failed on main before its fix, and the twin beside it must stay as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.sources.common import is_evidence_name, role_for
from tests.test_real_card_gaps import _local

TEXTS = Path(__file__).resolve().parents[1] / "license_texts"
APACHE = (TEXTS / "apache-2.0.txt").read_text(encoding="utf-8")
CARD = "---\nlicense: apache-2.0\n---\n# Model\n\nA fine model.\n"
# review29's terms file, under each heading it used
BAN = "The model weights are provided for research purposes only and may not be used for commercial purposes.\n"


def _terms(heading: str) -> str:
    return f"# {heading}\n\n{BAN}"


# --- 3. terms files whose names the sources missed ---------------------------------------------------------------

@pytest.mark.parametrize("name,heading", [
    ("CONDITIONS_OF_USE.md", "Conditions of Use"),     # tf1
    ("COMMERCIAL_USAGE.md", "Commercial usage"),       # tf2
    ("LEGAL_DISCLAIMER.md", "Legal Disclaimer"),       # tf3
    ("RESTRICTIONS.md", "Restrictions"),               # tf4
    ("USE_CONDITIONS.md", "Use conditions"),           # tf5
    ("免责声明.md", "免责声明"),                          # tf10
])
def test_terms_in_a_file_named_for_them_are_read(tmp_path, name, heading):
    result = _local(tmp_path, {"README.md": CARD, "LICENSE": APACHE, name: _terms(heading)})
    assert name in [f.name for f in result.evidence.files]
    assert result.verdict in ("denied", "unknown"), (name, result.verdict, result.reasons)


@pytest.mark.parametrize("link,name,heading", [
    ("Please read the [Conditions of Use](docs/use.md) before using the model.", "docs/use.md",
     "Conditions of Use"),                                                                   # tf7, under a name not read
    ("See [Usage restrictions](MODEL_USE.md).", "MODEL_USE.md", "Usage restrictions"),       # tf8
])
def test_terms_the_card_links_as_conditions_or_restrictions_are_read(tmp_path, link, name, heading):
    (tmp_path / "docs").mkdir()
    result = _local(tmp_path, {"README.md": CARD + f"\n{link}\n", "LICENSE": APACHE, name: _terms(heading)})
    assert name in [f.name for f in result.evidence.files]
    assert result.verdict in ("denied", "unknown"), (name, result.verdict, result.reasons)


@pytest.mark.parametrize("name", ["CONTRIBUTING.md", "CODE_OF_CONDUCT.md", "SECURITY.md", "DATA_CARD.md", "INTENDED_USE.md",
                                  "boundary_conditions.txt", "eval_conditions.md", "docs/LEGAL_DISCLAIMER.md", "restrictions.py"])
def test_names_that_are_not_terms_stay_unread(name):
    assert not is_evidence_name(name), name


@pytest.mark.parametrize("name,role", [
    ("CONDITIONS_OF_USE.md", "license"), ("USE_CONDITIONS.md", "license"), ("RESTRICTIONS.md", "license"),
    ("MODEL_RESTRICTIONS.md", "license"), ("LEGAL_DISCLAIMER.md", "use-guide"), ("COMMERCIAL_USAGE.md", "use-guide"),
    ("免责声明.md", "use-guide"),
])
def test_the_role_of_each_new_name(name, role):
    assert is_evidence_name(name) and role_for(name) == role


def test_a_legal_disclaimer_of_liability_only_restricts_nothing(tmp_path):
    text = ("# Legal Disclaimer\n\nThe model may produce inaccurate or biased outputs. The authors are not liable for any damages "
            "arising from its use.\n")
    result = _local(tmp_path, {"README.md": CARD, "LICENSE": APACHE, "LEGAL_DISCLAIMER.md": text})
    assert result.verdict == "allowed", result.reasons


def test_a_link_to_a_manual_on_training_conditions_is_no_terms(tmp_path):
    (tmp_path / "docs").mkdir()
    card = CARD + "\nSee the [training conditions](docs/training.md) for the hyper-parameters.\n"
    result = _local(tmp_path, {"README.md": card, "LICENSE": APACHE, "docs/training.md": "# Training\n\n8 GPUs, 3 epochs.\n"})
    assert "docs/training.md" not in [f.name for f in result.evidence.files]
    assert result.verdict == "allowed", result.reasons


# --- 4. the model's license under another key, and a tag that restricts -------------------------------------------

@pytest.mark.parametrize("key", ["model_license", "license_model", "weights_license", "Model-Licence"])   # fm8, fm10, fm11
def test_a_key_naming_the_models_license_is_read_as_license(tmp_path, key):
    card = f"---\nlicense: apache-2.0\n{key}: cc-by-nc-4.0\n---\n# Model\n\nA fine model.\n"
    result = _local(tmp_path, {"README.md": card, "LICENSE": APACHE})
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons
    assert any(f"'{key}'" in reason and "the Hub does not read" in reason for reason in result.reasons), result.reasons


def test_a_model_license_key_in_a_long_front_matter_is_kept(tmp_path):
    index = "".join(f"  - name: run-{i}\n    results:\n    - metrics:\n      - value: 0.{i:04d}\n" for i in range(9000))
    card = f"---\nlicense: apache-2.0\nmodel_license: cc-by-nc-4.0\nmodel-index:\n{index}---\n\n# Model\n"
    assert len(card) > 256_000
    result = _local(tmp_path, {"README.md": card, "LICENSE": APACHE})
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons


@pytest.mark.parametrize("extra", ["model_license: apache-2.0", "code_license: cc-by-nc-4.0", "dataset_license: cc-by-nc-4.0"])
def test_a_key_for_the_same_license_or_for_something_else_changes_nothing(tmp_path, extra):
    card = f"---\nlicense: apache-2.0\n{extra}\n---\n# Model\n\nA fine model.\n"
    result = _local(tmp_path, {"README.md": card, "LICENSE": APACHE})
    assert result.verdict == "allowed", result.reasons


@pytest.mark.parametrize("tag,rule", [("non-commercial", "card-non-commercial"), ("noncommercial", "card-non-commercial"),
                                      ("Non_Commercial", "card-non-commercial"), ("research-only", "card-research-only")])
def test_a_tag_that_states_a_restriction_restricts(tmp_path, tag, rule):   # fm4
    card = f"---\nlicense: apache-2.0\ntags:\n- {tag}\n---\n# Model\n\nA fine model.\n"
    result = _local(tmp_path, {"README.md": card, "LICENSE": APACHE})
    assert result.verdict == "denied" and rule in result.classification.candidates, result.reasons


def test_tags_that_name_a_subject_restrict_nothing(tmp_path):
    card = "---\nlicense: apache-2.0\ntags:\n- research\n- commercial\n- text-classification\n---\n# Model\n\nA fine model.\n"
    result = _local(tmp_path, {"README.md": card, "LICENSE": APACHE})
    assert result.verdict == "allowed", result.reasons


# --- 6. a use guide linked with 'policy' or 'license' words that states no terms -----------------------------------

FB1_CARD = CARD.replace("A fine model.\n", "This model is released under Apache-2.0. Please follow our [usage policy](USAGE.md) "
                                           "when deploying it.\n")
FB1_GUIDE = ("# Usage\n\nLoad the model with transformers and use a temperature of 0.7. Do not rely on the model for medical "
             "advice; review its outputs before publishing them.\n")
FB2_CARD = CARD.replace("A fine model.\n", "Licensed under Apache-2.0. See the [license and usage notes](DISCLAIMER.md).\n")
FB2_GUIDE = ("# Disclaimer\n\nThe model may produce inaccurate or biased outputs. The authors are not liable for any damages "
             "arising from its use.\n")


@pytest.mark.parametrize("card,name,guide", [(FB1_CARD, "USAGE.md", FB1_GUIDE), (FB2_CARD, "DISCLAIMER.md", FB2_GUIDE)],
                         ids=["fb1", "fb2"])
def test_a_linked_guide_of_advice_or_a_disclaimer_is_no_unknown_license(tmp_path, card, name, guide):
    # review29 fb1, fb2: on main each was "USAGE.md matches no known license", unknown
    result = _local(tmp_path, {"README.md": card, "LICENSE": APACHE, name: guide})
    assert result.verdict == "allowed", result.reasons


@pytest.mark.parametrize("guide", [
    _terms("Usage"),                                                                   # a restriction: read all the same
    "# Usage policy\n\nYou must not use the model to generate spam or to impersonate people.\n",   # a policy's own terms
    (TEXTS / "cc-by-nc-4.0.txt").read_text(encoding="utf-8"),                          # review26: a license text, matched
], ids=["research-only", "policy-terms", "cc-by-nc-text"])
def test_a_linked_guide_that_states_terms_still_counts(tmp_path, guide):
    result = _local(tmp_path, {"README.md": FB1_CARD, "LICENSE": APACHE, "USAGE.md": guide})
    assert result.verdict in ("denied", "unknown"), result.reasons


# --- 7. a key the Hub does not read, confirmed by the shipped license text -----------------------------------------

@pytest.mark.parametrize("front", [
    "language: en\nlicence: apache-2.0\ntags:\n- text-classification",   # fm14
    "License: apache-2.0",                                                # fm15
])
def test_an_unread_key_the_exact_license_text_confirms_leaves_nothing_unknown(tmp_path, front):
    card = f"---\n{front}\n---\n# Model\n\nA fine model.\n"
    result = _local(tmp_path, {"README.md": card, "LICENSE": APACHE})
    assert result.verdict == "allowed", result.reasons
    assert any("a key the Hub does not read" in reason for reason in result.reasons), result.reasons   # still said


@pytest.mark.parametrize("front,files", [
    ("licence: mit", {"LICENSE": APACHE}),                                 # the key and the text disagree
    ("license: apache-2.0\nLicense: mit", {"LICENSE": APACHE}),           # one of the values disagrees
    ("licence: apache-2.0", {}),                                           # no text to confirm it
])
def test_an_unread_key_the_text_does_not_confirm_stays_unknown(tmp_path, front, files):
    card = f"---\n{front}\n---\n# Model\n\nA fine model.\n"
    result = _local(tmp_path, {"README.md": card, **files})
    assert result.verdict == "unknown", result.reasons
