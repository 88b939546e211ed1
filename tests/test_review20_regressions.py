"""review20 F1-F4: restrictions acc20's exemptions let pass, each on a real card of benchmarks/real_cards plus the
sentence (the BERT card, `license: apache-2.0` and the Apache LICENSE, tests/test_weights_terms_and_license_keys.bert),
beside the benign twin acc20 fixed, which still passes.

F1: a paper or demo named inside a phrase about the model is not the restriction's subject. F2: "should be limited
to research" is a term in a License section or said of the weights. F3: a license text pasted under a License label
or heading after a data section is the card's. F4: a Korean negated ban followed by a condition keeps the condition.
"""

from __future__ import annotations

import pytest

from tests.test_real_card_gaps import CASES, judge
from tests.test_weights_terms_and_license_keys import bert

NC_TEXT = (CASES.parent.parent.parent / "license_texts" / "cc-by-nc-4.0.txt").read_text(encoding="utf-8")


def _license_section(tmp_path, text: str):
    return bert(tmp_path, f"\n## License\n\n{text}\n")


def _usage(tmp_path, text: str):
    return bert(tmp_path, f"\n## Usage\n\n{text}\n")


def _fails(result) -> str:
    return f"{result.verdict} {sorted(result.classification.candidates)} {result.reasons}"


# --- F1: "the model ... in our paper", "the weights behind our demo"

@pytest.mark.parametrize("sentence", [
    "The code in this repository is licensed under Apache 2.0. The model weights described in the paper are released "
    "under CC BY-NC 4.0.",
    "The code in this repository is licensed under Apache 2.0. The model presented in our paper is for non-commercial "
    "use only.",
    "The code in this repository is licensed under Apache 2.0. The weights behind our online demo are available for "
    "non-commercial use only.",
    "The model weights accompanying the paper are for non-commercial research use only.",
    "The model released with our paper is for research purposes only and may not be used commercially.",
    # a license statement (license_lines reads it with the same words)
    "The weights used in our demo are licensed under CC BY-NC 4.0.",
])
def test_a_paper_or_demo_named_in_a_phrase_about_the_model_is_not_the_subject(tmp_path, sentence):
    result = _license_section(tmp_path, sentence)
    assert result.verdict == "denied", _fails(result)


@pytest.mark.parametrize("sentence", [
    "The demo is for non-commercial use only.",
    "The paper is for research purposes only.",
    "Our online demo is available for non-commercial use only.",
])
def test_a_demo_or_paper_that_is_the_subject_still_restricts_only_itself(tmp_path, sentence):
    result = _usage(tmp_path, sentence)
    assert result.verdict == "allowed", _fails(result)


def test_salesforces_release_statement_before_its_fitness_disclaimer_is_noted_not_a_term():
    # Salesforce/blip2-opt-2.7b, "## Ethical Considerations": "This release is for research purposes only in support of
    # an academic paper. Our models, datasets, and code are not specifically designed or evaluated for all downstream
    # purposes. ..." (the boilerplate of Salesforce's cards, beside their MIT or BSD license): what the release was made
    # for, not a term of its license (acc43; review20 had read it as one). The reader sees the words set aside. This
    # harness reads no base: the real card's OPT base keeps it unknown in the benchmark.
    result = judge("Salesforce__blip2-opt-2.7b")
    assert "card-research-only" not in result.classification.candidates and result.verdict == "allowed", _fails(result)
    assert any("“This release is for research purposes only in support of an academic paper" in note
               and "not as a term of its license" in note for note in result.classification.notes), _fails(result)


# --- F2: advice in a License section, or about the weights

@pytest.mark.parametrize("sentence", [
    "The code is licensed under Apache 2.0. Use of the model weights should be limited to academic research.",
    "Its use should be limited to research purposes.",
])
def test_should_be_limited_to_research_in_a_license_section_is_a_term(tmp_path, sentence):
    result = _license_section(tmp_path, sentence)
    assert result.verdict == "denied" and "card-research-only" in result.classification.candidates, _fails(result)


def test_should_be_limited_to_research_said_of_the_weights_is_a_term_anywhere(tmp_path):
    result = _usage(tmp_path, "Use of the model weights should be limited to academic research.")
    assert result.verdict == "denied" and "card-research-only" in result.classification.candidates, _fails(result)


def test_a_bold_terms_label_is_a_terms_section_too(tmp_path):
    result = bert(tmp_path, "\n**Terms of use**\n\nIts use should be limited to research purposes.\n")
    assert result.verdict == "denied", _fails(result)


def test_openbiollms_medical_advisory_stays_advice():
    card = (CASES / "aaditya__OpenBioLLM-Llama3-70B" / "files" / "README.md").read_text(encoding="utf-8")
    assert "**Advisory Notice!**" in card and "Its use should be limited to research, development" in card
    result = judge("aaditya__OpenBioLLM-Llama3-70B")
    assert "card-research-only" not in result.classification.candidates, _fails(result)


def test_the_same_advice_outside_a_license_section_stays_advice(tmp_path):
    result = _usage(tmp_path, "Its use should be limited to research, development, and exploratory applications by "
                              "qualified individuals who understand its limitations.")
    assert result.verdict == "allowed", _fails(result)


# --- F3: a license text under a License label or heading after a data section

@pytest.mark.parametrize("label", ["**License**", "### License", "License:", "__Model License__"])
def test_a_license_text_pasted_under_a_license_label_after_a_data_section_is_the_cards(tmp_path, label):
    result = bert(tmp_path, f"\n## Training Data\n\nThe model was fine-tuned on 1.2M licensed stock images.\n\n{label}\n\n"
                            f"{NC_TEXT}\n")
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, _fails(result)


def test_license_texts_among_the_training_samples_stay_data():
    card = (CASES / "sajaa45__sbert_finetuned_licenses" / "files" / "README.md").read_text(encoding="utf-8")
    assert "#### Unnamed Dataset" in card
    result = judge("sajaa45__sbert_finetuned_licenses")
    assert "bsd-3-clause" not in result.classification.candidates, _fails(result)


# --- F4: Korean, a negated ban followed by a condition

@pytest.mark.parametrize(("sentence", "rule_id"), [
    # not prohibited, but prior written permission is required
    ("본 모델의 상업적 사용은 금지되지 않지만, 반드시 사전에 서면 허가를 받아야 합니다.", "card-commercial-permission"),
    # commercial use is not prohibited, but a separate license agreement is needed
    ("상업적 이용을 금지하지는 않으나 별도의 라이선스 계약이 필요합니다.", "card-commercial-permission"),
    # for commercial use, contact us
    ("상업적으로 사용하시려면 이메일로 문의해 주세요.", "card-commercial-permission"),
    # companies with annual revenue of 1 billion won or more need a separate agreement
    ("본 모델의 상업적 사용은 금지되지 않으나 연간 매출 10억 원 이상의 기업은 별도 계약이 필요합니다.", "card-revenue-threshold"),
])
def test_a_korean_condition_on_commercial_use_is_kept(tmp_path, sentence, rule_id):
    result = _license_section(tmp_path, sentence)
    assert rule_id in result.classification.candidates and result.verdict != "allowed", _fails(result)


@pytest.mark.parametrize("sentence", [
    "이 모델은 상업적 사용을 금지하지 않습니다.",
    "상업적 이용은 금지되지 않습니다.",
    # commercial use needs no separate permission
    "상업적 사용에는 별도의 허가가 필요하지 않습니다.",
    "상업적 이용은 금지되지 않으며 별도의 라이선스 계약이 필요 없습니다.",
])
def test_a_korean_negated_ban_with_no_condition_is_no_restriction(tmp_path, sentence):
    result = _license_section(tmp_path, sentence)
    assert result.verdict == "allowed", _fails(result)
