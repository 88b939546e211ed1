"""review30's unread restrictions (F2-F5) and false blocks (FB1, FB3): a careful reader denies commercial use, or puts it
under a condition, where licscan allowed the card's Apache license; or licscan denied on words that restrict nothing of
the model.

F2: "It is prohibited / forbidden to use this model for commercial purposes" (a civitai description in HTML). F3: a line
that is a short label of the model's use ("Academic use only.", "Usage: Non-commercial", "Non-commercial."), not a
heading nor a table's cell. F4: Japanese, Spanish, German and Chinese phrasings. F5: the model kept from services,
SaaS products, production and deployment. FB1: restrictions said not to apply; FB3: the outputs of a hosted demo.

Each card is the real BERT card (benchmarks/real_cards/cases/google-bert__bert-base-uncased: `license: apache-2.0` and
the Apache LICENSE, allowed as it is) with the words appended; beside each, twins that must stay allowed: negations,
descriptions of intended use, restrictions of data, outputs or another thing.
"""

from __future__ import annotations

import pytest

from licscan.model import Result
from tests.test_card_text_reading import bert


def _fails(result: Result) -> str:
    return f"{result.verdict} {sorted(result.classification.candidates)} {result.reasons}"


def _denies(tmp_path, appended: str, rule_id: str) -> None:
    result = bert(tmp_path, appended)
    assert rule_id in result.classification.candidates and result.verdict == "denied", _fails(result)


def _allowed(tmp_path, appended: str) -> None:
    result = bert(tmp_path, appended)
    assert result.verdict == "allowed", _fails(result)


# --- F2: "It is prohibited / forbidden to use this model for commercial purposes"

@pytest.mark.parametrize("appended", [
    # the civitai description as review30 found it (a 'Gakki' SD 1.5 model's, in a GitHub mirror), HTML and all
    "\n<h2>Legal &amp; Risk</h2><p>It is prohibited to use this model for commercial purposes and any scenarios of illegal "
    "acts and purposes.</p><p></p><h2>Tips</h2>\n",
    "\n\nIt is prohibited to use this model for commercial purposes.\n",
    "\n\nIt is forbidden to use the model commercially.\n",
    "\n\nIt is strictly prohibited to use this LoRA for commercial purposes.\n",
    "\n\nIt is not permitted to use these weights in any commercial product.\n",
])
def test_it_is_prohibited_to_use_the_model_commercially_denies(tmp_path, appended):
    _denies(tmp_path, appended, "card-non-commercial")


@pytest.mark.parametrize("sentence", [
    "It is not prohibited to use this model for commercial purposes.",
    "It is prohibited to use the data for commercial purposes.",
    "It is forbidden to use the outputs commercially.",
    "It is prohibited to use this model for illegal purposes.",
])
def test_it_is_prohibited_of_something_else_or_denied_stays_allowed(tmp_path, sentence):
    _allowed(tmp_path, f"\n\n{sentence}\n")


# --- F3: a short line that labels the model's use

@pytest.mark.parametrize("appended, rule_id", [
    ("\n\nAcademic use only.\n", "card-research-only"),
    ("\n\nUsage: Non-commercial\n", "card-non-commercial"),
    ("\n\nNon-commercial.\n", "card-non-commercial"),
    ("\n\n- **Non-commercial.**\n", "card-non-commercial"),
    ("\n\n<p>Non-commercial.</p>\n", "card-non-commercial"),
    ("\n\n**License:** Non-commercial use only\n", "card-non-commercial"),
    ("\n\nUsage: Academic use only\n", "card-research-only"),
])
def test_a_line_that_labels_the_models_use_restricts(tmp_path, appended, rule_id):
    _denies(tmp_path, appended, rule_id)


@pytest.mark.parametrize("appended", [
    # headings of a card that compares licenses name sections, they state nothing
    "\n\n## Non-commercial\n\n- Acme-Base-7B\n\n## Commercial\n\n- Acme-Pro-7B\n",
    "\n\n## Academic use only\n\n- Acme-Base-7B\n\n## Commercial use\n\n- Acme-Pro-7B\n",
    # a table of datasets, a dataset's label, another model's line
    "\n\n| Dataset | Usage |\n|---|---|\n| ShareGPT | Non-commercial |\n| Dolly | Commercial |\n",
    "\n\nDataset usage: Non-commercial\n",
    "\n\n- Acme-Base-7B: Academic use only.\n",
    # both kinds of use, an intended academic use, a question
    "\n\nUsage: Non-commercial and commercial\n",
    "\n\nCommercial or non-commercial.\n",
    "\n\nIntended use: academic use only\n",
    "\n\nAcademic use is welcome.\n",
])
def test_headings_tables_and_other_things_labels_stay_allowed(tmp_path, appended):
    _allowed(tmp_path, appended)


# --- F4: Japanese, Spanish, German, Chinese

@pytest.mark.parametrize("sentence, rule_id", [
    ("非商用利用に限ります。", "card-non-commercial"),
    ("非商用目的でのみ使用可能です。", "card-non-commercial"),
    ("本モデルは非商用利用に限定されています。", "card-non-commercial"),
    ("Uso exclusivamente académico.", "card-research-only"),
    ("El modelo no puede utilizarse con fines comerciales.", "card-non-commercial"),
    ("Nur für den nicht-kommerziellen Gebrauch.", "card-non-commercial"),
    ("本模型权重仅允许用于研究目的。", "card-research-only"),
])
def test_these_phrasings_in_other_languages_restrict(tmp_path, sentence, rule_id):
    _denies(tmp_path, f"\n\n{sentence}\n", rule_id)


@pytest.mark.parametrize("sentence", [
    "非商用に限らず、商用利用も可能です。",           # not limited to non-commercial use (was read as a ban before)
    "非商用利用に限りません。",
    "本モデルは商用・非商用を問わず利用可能です。",
    "Uso académico y comercial permitido.",
    "No solo para uso académico, sino también comercial.",
    "El modelo puede utilizarse con fines comerciales.",
    "Nicht nur für den nicht-kommerziellen Gebrauch, sondern auch kommerziell.",
    "本模型权重不仅允许用于研究目的，也允许商业使用。",
    "本数据集仅允许用于研究目的。",
])
def test_their_negations_and_the_datas_restrictions_stay_allowed(tmp_path, sentence):
    _allowed(tmp_path, f"\n\n{sentence}\n")


# --- F5: services to others, SaaS products, production, an evaluation license

@pytest.mark.parametrize("appended, rule_id", [
    ("\n\nYou may not use this model to provide a service to third parties.\n", "card-commercial-conditions"),
    ("\n\nYou may not use this model to provide a hosted API.\n", "card-commercial-conditions"),
    ("\n\nUse in any SaaS product is not permitted.\n", "card-commercial-conditions"),
    ("\n\nYou may not use this model to provide a commercial service.\n", "card-non-commercial"),
    ("\n\nThis is a research preview. Not licensed for production use.\n", "card-research-only"),
    ("\n\nThis model is not licensed for production use without a commercial agreement.\n", "card-research-only"),
    ("\n\nEvaluation license only; not for deployment.\n", "card-research-only"),
])
def test_services_saas_production_and_evaluation_licenses_restrict(tmp_path, appended, rule_id):
    result = bert(tmp_path, appended)
    # a condition on commercial use licscan cannot check is conditional, the others deny
    expected = "conditional" if rule_id == "card-commercial-conditions" else "denied"
    assert rule_id in result.classification.candidates and result.verdict == expected, _fails(result)


@pytest.mark.parametrize("sentence", [
    "You may use this model to provide a service to third parties.",
    "You may not use this model to provide medical advice.",
    "You may not use this model to provide a service that violates the law.",
    "You may not use the outputs to provide a service to third parties.",
    "Use in any SaaS product is permitted.",
    "This model is licensed for production use.",
    "The model is not yet tested for production use.",
    "The benchmark has an evaluation license only.",
])
def test_permissions_advice_and_other_things_stay_allowed(tmp_path, sentence):
    _allowed(tmp_path, f"\n\n{sentence}\n")


# --- FB1, FB3: restrictions said not to apply, a demo's images

@pytest.mark.parametrize("sentence", [
    "Neither non-commercial nor research-only restrictions apply.",
    "Neither research-only nor non-commercial restrictions apply.",
    "There are no non-commercial or research-only restrictions.",
    "Images generated with the hosted demo are for personal use only.",
    "Images generated with this model are for personal use only.",
])
def test_restrictions_said_not_to_apply_and_generated_images_stay_allowed(tmp_path, sentence):
    _allowed(tmp_path, f"\n\n{sentence}\n")


@pytest.mark.parametrize("sentence", [
    "Research-only restrictions apply.",
    "The model is research-only; no other restrictions apply.",
    "This model is for non-commercial use only, with no research-only restrictions.",
    "The model and images generated with it are for personal use only.",
    "This LoRA is for personal use only. Images made with it may be shared.",
])
def test_the_models_own_restriction_beside_them_still_denies(tmp_path, sentence):
    result = bert(tmp_path, f"\n\n{sentence}\n")
    assert result.verdict == "denied", _fails(result)
