"""acc20: readings that blocked legitimate checkpoints, each with its restricted twin (a fail-open is worse than a
false block): advice about safe use is no research-only term; "not only for research" in Spanish and negated Korean
bans are no bans; a restriction of an earlier release, a demo or a paper is theirs; a badge whose words are only
"Model License" gives the license its link names; a row of a license table naming the card's own model gives its
license.

Cards are real: the labelled cases of benchmarks/real_cards, and the BERT card (`license: apache-2.0` and the Apache
LICENSE) with one sentence or table added (tests/test_weights_terms_and_license_keys.bert).
"""

from __future__ import annotations

import pytest

from licscan.evaluate import Evaluator
from licscan.matcher import Matcher
from licscan.model import ManifestEntry, Project
from licscan.normalize import tokens
from licscan.sources.local import LocalSource
from tests.test_real_card_gaps import CASES, judge
from tests.test_weights_terms_and_license_keys import BERT, CLASSIFIER, KB, bert

OPENBIO = "aaditya__OpenBioLLM-Llama3-70B"
# the sentence of its "Advisory Notice!" that was read as a research-only term
ADVISORY = ("Its use should be limited to research, development, and exploratory applications by qualified individuals "
            "who understand its limitations.")


def _usage(tmp_path, sentence: str):
    return bert(tmp_path, f"\n## Usage\n\n{sentence}\n")


# --- item 1: a medical advisory's "should be limited to research" is advice, not a license term

def test_openbiollm_advisory_is_read_from_its_real_card():
    assert ADVISORY in (CASES / OPENBIO / "files" / "README.md").read_text(encoding="utf-8")


def test_openbiollm_advisory_notice_is_no_research_only_term():
    result = judge(OPENBIO)
    assert "card-research-only" not in result.classification.candidates, result.reasons
    # its LICENSE is the Llama 3 license: still conditional at best, never allowed on the Apache key alone
    assert "llama3" in result.classification.candidates and result.verdict != "allowed", result.reasons


@pytest.mark.parametrize("sentence", [
    ADVISORY,
    "We recommend that the model be limited to research use until it has been validated clinically.",
    "The model is not intended for clinical use.",
])
def test_advice_about_safe_use_is_no_ban(tmp_path, sentence):
    result = _usage(tmp_path, sentence)
    assert result.verdict == "allowed", (result.classification.candidates, result.reasons)


@pytest.mark.parametrize("sentence", [
    # the advisory's sentence with a modal that binds
    "Its use must be limited to research, development, and exploratory applications by qualified individuals.",
    "Use of the model is limited to research.",
    # "only" in the phrase itself stays a ban whatever advice word is before it
    "The model should be used for research purposes only.",
    "This model should only be used for research.",
    "We recommend using this model for research only.",
    "The model may only be used for research.",
    "Research use only.",
])
def test_the_restricted_twins_of_the_advice_still_deny(tmp_path, sentence):
    result = _usage(tmp_path, sentence)
    assert result.verdict == "denied" and result.classification.license_id == "card-research-only", result.reasons


# --- item 2: review18's leftovers

@pytest.mark.parametrize("sentence", [
    "El modelo está disponible no solo para investigación sino también para uso comercial.",
    "이 모델은 상업적 사용을 금지하지 않습니다.",
    "상업적 이용은 금지되지 않습니다.",
    "상업적 사용이 불가능하지 않습니다.",
    "Our previous release was for non-commercial use only. This version is licensed under Apache 2.0.",
    "The demo is for non-commercial use only.",
    "The paper is for research purposes only.",
])
def test_negations_and_restrictions_of_other_things_are_no_bans(tmp_path, sentence):
    result = _usage(tmp_path, sentence)
    assert result.verdict == "allowed", (result.classification.candidates, result.reasons)


@pytest.mark.parametrize("sentence", [
    "Solo para investigación.",
    "¿Uso comercial? No, solo para investigación.",
    "이 모델은 상업적 사용을 금지합니다.",
    "상업적 사용은 금지되어 있습니다.",
    "상업적 사용 불가능.",
    "This version, like our previous release, is for non-commercial use only.",
    "Unlike our previous release, this model is for non-commercial use only.",
    "The original model is for research only.",
])
def test_the_restricted_twins_of_negations_and_other_things_still_deny(tmp_path, sentence):
    result = _usage(tmp_path, sentence)
    assert result.verdict == "denied", (result.classification.candidates, result.reasons)


# --- item 3: review17's leftovers, a badge labelled "Model License" and a table of the card's own models

BY_NC = "https://creativecommons.org/licenses/by-nc/4.0/"


@pytest.mark.parametrize("alt", ["Model License", "License"])
def test_a_badge_whose_words_are_only_a_label_gives_the_license_it_links(tmp_path, alt):
    badge = f"[![{alt}](https://img.shields.io/badge/{alt.replace(' ', '%20')}-CC%20BY--NC%204.0-red)]({BY_NC})"
    result = bert(tmp_path, f"\n{badge}\n")
    assert result.verdict == "denied" and result.classification.license_id == "cc-by-nc-4.0", result.reasons


@pytest.mark.parametrize("badge", [
    f"[![Data License](https://img.shields.io/badge/Data%20License-CC%20BY--NC%204.0-red)]({BY_NC})",
    "[![Model License](https://img.shields.io/badge/Model%20License-Apache%202.0-green)](https://www.apache.org/licenses/LICENSE-2.0)",
])
def test_a_badge_of_the_data_or_of_the_same_license_does_not_deny(tmp_path, badge):
    assert bert(tmp_path, f"\n{badge}\n").verdict != "denied"


def _own_table(tmp_path, rows: str):
    # review17's table-two-rows-own card: the card's title names its model, the table lists it and a sibling
    card = ("---\nlicense: apache-2.0\n---\n\n# Acme-7B\n\nA chat model fine-tuned on instruction data.\n\n"
            f"| Model | License |\n|---|---|\n{rows}")
    (tmp_path / "README.md").write_text(card, encoding="utf-8")
    (tmp_path / "LICENSE").write_bytes((BERT / "LICENSE").read_bytes())   # the Apache License 2.0
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))


def test_a_row_naming_the_cards_own_model_in_a_table_of_its_siblings_gives_its_license(tmp_path):
    result = _own_table(tmp_path, "| Acme-7B | CC BY-NC 4.0 |\n| Acme-7B-GGUF | CC BY-NC 4.0 |\n")
    assert result.verdict == "denied" and result.classification.license_id == "cc-by-nc-4.0", result.reasons


def test_rows_of_other_models_in_such_a_table_are_theirs(tmp_path):
    result = _own_table(tmp_path, "| Acme-7B | Apache 2.0 |\n| Acme-70B-Research | CC BY-NC 4.0 |\n")
    assert result.verdict == "allowed", (result.classification.candidates, result.reasons)


# --- item 4: the training examples a sentence-transformers card shows under its dataset heading are data

SBERT = "sajaa45__sbert_finetuned_licenses"
NC_TEXT = (CASES.parent.parent.parent / "license_texts" / "cc-by-nc-4.0.txt").read_text(encoding="utf-8")


def test_license_texts_among_a_cards_training_samples_are_not_its_license_text():
    card = (CASES / SBERT / "files" / "README.md").read_text(encoding="utf-8")
    assert "### Training Dataset" in card and "| <code>Redistribution and use in source and binary forms" in card
    result = judge(SBERT)
    assert "bsd-3-clause" not in result.classification.candidates, result.reasons
    # still fail closed: its front matter is over licscan's limit and not read, and the samples name licenses it
    # does not know
    assert result.verdict == "unknown", result.reasons


@pytest.mark.parametrize("heading", ["## License", "## License and training data"])
def test_a_license_text_pasted_under_a_license_heading_is_still_the_cards(tmp_path, heading):
    result = bert(tmp_path, f"\n{heading}\n\n{NC_TEXT}\n")
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons


# --- item 5: the Gemma Terms converted to Markdown, the title line dropped and a link glued to the word before it

TEXTS = CASES.parent.parent.parent / "license_texts"
GEMMA = (TEXTS / "gemma-terms.txt").read_text(encoding="utf-8")


def _matched(text: str):
    return Matcher(KB, cache=False, memo=False).match(text)


def test_danleh_gemma_markdown_copy_without_its_title_is_the_gemma_terms():
    copy = (CASES / "danleh__gemma" / "files" / "LICENSE-GEMMA.txt").read_text(encoding="utf-8")
    assert not copy.startswith("Gemma Terms of Use") and "the[Appendix](https://ai.google.dev/gemma/terms#appendix)" in copy
    result = judge("danleh__gemma")
    assert result.classification.license_id == "gemma" and result.verdict == "conditional", result.reasons


def test_a_link_glued_to_the_word_before_it_is_a_word_of_its_own():
    assert tokens("identified in the[Appendix](https://ai.google.dev/gemma/terms#appendix), regardless") == \
        tokens("identified in the Appendix, regardless")


def test_the_gemma_terms_without_their_title_line_are_the_gemma_terms():
    match = _matched(GEMMA.split("\n", 1)[1])
    assert (match.rule_id, match.status) == ("gemma", "exact"), match.differences


def test_an_earlier_gemma_terms_without_its_title_is_not_read_as_the_current_one():
    earlier = (TEXTS / "gemma-terms-20240401.txt").read_text(encoding="utf-8")
    match = _matched(earlier.split("\n", 1)[1])
    assert match.rule_id == "gemma-terms-20240401", (match.rule_id, match.status, match.differences)


def test_without_its_title_a_changed_term_is_still_a_change():
    changed = GEMMA.split("\n", 1)[1].replace("you agree to be bound by this Agreement", "you agree to nothing", 1)
    assert changed != GEMMA.split("\n", 1)[1]
    match = _matched(changed)
    assert match.status == "modified" and match.rule_id == "gemma", match


def test_a_title_changed_to_another_name_is_still_a_change():
    match = _matched("Acme Model Terms\n" + GEMMA.split("\n", 1)[1])
    assert match.status == "modified", match
