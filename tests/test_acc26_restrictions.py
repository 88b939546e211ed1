"""Restriction wording and terms files review24 found read as allowed (acc26).

Each restricted case is the real BERT card (benchmarks/real_cards/cases/google-bert__bert-base-uncased: `license:
apache-2.0` and the Apache LICENSE, allowed as it is) with review24's sentence in a License section, in its prose, in
its Hub access gate, or in a guide to using the model shipped beside it (RESPONSIBLE_USE.md, USAGE.md); every one was
allowed by licscan before. Each has a benign twin that must stay allowed: advice about production, plans, a grant of
commercial use, a description of how the model was trained, a guide that only gives safety advice; and the real cards
of the benchmark whose words about production are advice (replit) or a description (phi-2's research project).
"""

from __future__ import annotations

import pytest

from licscan.sources.common import is_evidence_name, role_for
from tests.test_card_text_reading import bert, case

# review24's sentences, the restriction they put on the model (the card rule that says it)
RESTRICTED = [
    ("Non-production use only.", "card-research-only"),
    ("You may not use this model in production.", "card-research-only"),
    ("For internal evaluation and testing only; do not deploy.", "card-research-only"),
    ("You will not use this model or its outputs for any commercial purpose.", "card-non-commercial"),
    ("For research and evaluation only.", "card-research-only"),
    ("Use in revenue-generating products or services is not allowed.", "card-non-commercial"),
    ("Do not use this model in paid products or services.", "card-non-commercial"),
    # a separate agreement for commercial deployment: commercial use left to the authors, never allowed
    ("Apache 2.0 for research. For any commercial deployment a separate agreement with TermLab is required.",
     "card-commercial-permission"),
    ("Free for academic and non-profit use.", "card-non-commercial"),
    # the same wordings a little changed
    ("Production use is not permitted.", "card-research-only"),
    ("You must not use this model in production environments.", "card-research-only"),
    ("Research and evaluation use only.", "card-research-only"),
    ("Do not use this model in paid products.", "card-non-commercial"),
    ("You may not use this model in a production environment.", "card-research-only"),   # review39
]

# Their benign twins: advice, plans, a grant, a description, a precondition; none restricts the model's license.
BENIGN = [
    "We recommend evaluating the model before production use.",
    "The model has not yet been tested in production.",
    "This model is ready for production use.",
    "Free for commercial and non-commercial use.",
    "Free for non-profit and commercial use.",
    "The model was trained for research purposes.",
    "This model was developed for research purposes and is released under Apache 2.0.",
    "Do not deploy this model in production without thorough testing.",
    "This model should not be used in production without human review.",
    "You must not use this model in production until it has been validated on your data.",
    "It must not be used in production without human oversight.",
    "You must not use this model in a production environment without human review.",
    "Not intended for production use without further evaluation.",
    "This model is intended for research and evaluation only.",
    "The benchmark is for research and evaluation only.",
    "For commercial deployment, a separate agreement is not required.",
    "We will not use this model or its outputs to train other models.",
    "You will not use the outputs of this model for any commercial purpose.",
]


@pytest.mark.parametrize(("sentence", "rule_id"), RESTRICTED)
def test_a_license_sections_restriction_denies(tmp_path, sentence, rule_id):
    result = bert(tmp_path, f"\n## License\n\n{sentence}\n")
    assert result.verdict == "denied"
    assert rule_id in result.classification.candidates
    # the reason quotes the card's words (the sentence that restricts)
    restricting = sentence.rstrip(".").split(". ")[-1].split(";")[0]
    assert any(f"“{restricting}" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize(("sentence", "rule_id"), [
    ("You will not use this model or its outputs for any commercial purpose.", "card-non-commercial"),
    ("By downloading you agree to use this model for research and evaluation only.", "card-research-only"),
    ("You may not use this model in production.", "card-research-only"),
])
def test_the_same_words_in_the_cards_prose_deny(tmp_path, sentence, rule_id):
    result = bert(tmp_path, f"\n## Notes\n\n{sentence}\n")
    assert result.verdict == "denied"
    assert rule_id in result.classification.candidates


@pytest.mark.parametrize("sentence", BENIGN)
def test_the_benign_twins_stay_allowed_in_a_license_section_and_in_prose(tmp_path, sentence):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert bert(tmp_path / "a", f"\n## License\n\n{sentence}\n").verdict == "allowed"
    assert bert(tmp_path / "b", f"\n## Notes\n\n{sentence}\n").verdict == "allowed"


# --- the Hub access gate (review24 gate-field, gate-prompt) ----------------------------------------------------------

@pytest.mark.parametrize(("front_matter", "rule_id"), [
    ("extra_gated_fields:\n  Company: text\n  I will not use this model or its outputs for any commercial purpose: checkbox\n",
     "card-non-commercial"),
    ("extra_gated_prompt: By requesting access you agree to use this model for research and evaluation only.\n"
     "extra_gated_fields:\n  Affiliation: text\n  I agree to the terms above: checkbox\n", "card-research-only"),
])
def test_the_access_gates_restriction_denies(tmp_path, front_matter, rule_id):
    result = bert(tmp_path, front_matter=front_matter)
    assert result.verdict == "denied"
    assert rule_id in result.classification.candidates


@pytest.mark.parametrize("front_matter", [
    "extra_gated_fields:\n  Company: text\n  I will not use this model to harm others: checkbox\n",
    "extra_gated_prompt: By requesting access you agree to evaluate this model before production use.\n",
])
def test_an_access_gate_without_a_restriction_stays_allowed(tmp_path, front_matter):
    assert bert(tmp_path, front_matter=front_matter).verdict == "allowed"


# --- terms in a guide to using the model (review24 f-responsible, f-readme-ja-terms) --------------------------------

TERMS = ("# Terms of Use\n\nThe model weights may be used for non-commercial research purposes only. Commercial use "
         "requires a separate written agreement with TermLab.\n")
SAFETY_GUIDANCE = ("# Responsible Use\n\nThis model can produce inaccurate or biased output. We recommend evaluating it on "
                   "your own data before production use.\n\n- Do not use the model to create deceptive content about real "
                   "people.\n- Review outputs with a human before publishing them.\n- The model was trained for research "
                   "purposes and has not yet been tested in production.\n")
USAGE_INSTRUCTIONS = ("# Usage\n\nInstall the requirements and load the model with `from_pretrained`. For production use we "
                      "recommend batching requests.\n")


@pytest.mark.parametrize("name", ["RESPONSIBLE_USE.md", "USAGE.md", "usage.md", "Responsible-Use-Guidelines.md"])
def test_terms_in_a_guide_to_using_the_model_deny_and_are_quoted_as_its(tmp_path, name):
    result = bert(tmp_path, files={name: TERMS})
    assert result.verdict == "denied"
    assert "card-non-commercial" in result.classification.candidates
    assert any(f"{name} restricts use of the model" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize(("name", "text"), [("RESPONSIBLE_USE.md", SAFETY_GUIDANCE), ("USAGE.md", USAGE_INSTRUCTIONS)])
def test_a_guide_of_safety_advice_or_instructions_is_no_license_and_no_restriction(tmp_path, name, text):
    result = bert(tmp_path, files={name: text})
    assert result.verdict == "allowed"
    assert not any(name in reason and "does not match" in reason for reason in result.reasons)


def test_which_names_are_read_as_a_guide():
    assert role_for("RESPONSIBLE_USE.md") == role_for("USAGE.md") == role_for("USAGE_GUIDELINES.md") == "use-guide"
    assert all(is_evidence_name(n) for n in ("RESPONSIBLE_USE.md", "USAGE.md", "USAGE_GUIDELINES.md", "usage.txt"))
    # a use policy, a license or terms file keep their roles; the code's manual deeper in the repo and code are not read
    assert role_for("USAGE_POLICY.md") == "use-policy"
    assert role_for("USAGE_TERMS.md") == "license"
    assert not any(is_evidence_name(n) for n in ("docs/usage.md", "usage.py", "USAGE.json", "examples/USAGE.md",
                                                   "usage_examples.md", "misusage.md"))


# --- real cards of the benchmark whose words about production are advice or a description --------------------------

def test_replits_advice_about_production_systems_is_no_ban():
    # "We recommend that users exercise reasonable caution when using in production systems" (Apache-2.0)
    assert case("replit__replit-code-v1_5-3b").verdict == "allowed"
