"""acc65: rounds 37-38's misses and two fail-open gaps.

1. Prose bases not read (round 37 false blocks; with a CC BY-NC base each would pass): AdapterHub's template "An
   [adapter](https://adapterhub.ml) for the `roberta-base` model", "German BERT ([BERT-base-german-cased](https://
   huggingface.co/bert-base-german-cased)) fine-tuned on", "based on a fine-tuned facebook/m2m100_418M model", Korean
   "skt/kogpt2-base-v2에 ... fine-tuning한 모델입니다". Each real card of the set is judged with its base served as the set's
   copy (it passes), then as a CC BY-NC 4.0 case (facebook/nllb-200-1.3B): it must not pass.
2. Round 38's hunterbown/shannon-control-unit: "**Code:** AGPL-3.0 for research/academia — commercial licenses available"
   beside "**Model Weights:** Llama 3.2 Community License" is the code's term, not the model's.
3. `license: mit` with "All models are licensed under MIT and the Acme Model Terms.": terms licscan does not know beside a
   known license leave the checkpoint unknown, as they do when nothing else applies.
4. review59 c085-c092: a Hub id a training run's arguments record as its starting model, unread, fails closed (unknown).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_acc57_review55 import _checkpoint
from tests.test_acc64_review_gaps import LINK, SID, _judged
from tests.test_lineage_round11 import hub, judged, local
from tests.test_real_card_gaps import CASES

NC = CASES / "facebook__nllb-200-1.3B" / "files"   # license: cc-by-nc-4.0 (a real card of the set; denied)


def _files(case_name: str) -> Path:
    return CASES / case_name / "files"


def _copy(tmp_path: Path, case_name: str, old: str | None = None, new: str = "") -> Path:
    """The case's real files in tmp_path, with one string of its card (which it must have) replaced."""
    folder = tmp_path / case_name
    folder.mkdir()
    for path in _files(case_name).iterdir():
        shutil.copyfile(path, folder / path.name)
    if old is not None:
        card = (folder / "README.md").read_text(encoding="utf-8")
        assert old in card, old
        (folder / "README.md").write_text(card.replace(old, new), encoding="utf-8")
    return folder


# --- 1. prose bases -------------------------------------------------------------------------------------------------

# (case, its Hub id, the words that name the base, the base's id as the words give it, the set's case of that base)
PROSE_BASES = [
    ("AdapterHub__roberta-base-pf-quoref", "AdapterHub/roberta-base-pf-quoref",
     "An [adapter](https://adapterhub.ml) for the `roberta-base` model", "roberta-base", "FacebookAI__roberta-base"),
    ("mrm8488__bert-base-german-finetuned-ler", "mrm8488/bert-base-german-finetuned-ler",
     "German BERT ([BERT-base-german-cased](https://huggingface.co/bert-base-german-cased)) fine-tuned on",
     "bert-base-german-cased", "google-bert__bert-base-german-cased"),
    ("masakhane__m2m100_418M-en-zu-mt", "masakhane/m2m100_418M-en-zu-mt",
     "based on a fine-tuned facebook/m2m100_418M model", "facebook/m2m100_418M", "facebook__m2m100_418M"),
    ("jack-oh__KoGPT2_finetuned_wellness", "jack-oh/KoGPT2_finetuned_wellness",
     "skt/kogpt2-base-v2에 wellness 및 일상챗봇 데이터를 fine-tuning한 모델입니다", "skt/kogpt2-base-v2", "skt__kogpt2-base-v2"),
]


@pytest.mark.parametrize(("case", "repo", "words", "base", "base_case"), PROSE_BASES)
def test_the_base_the_words_name_is_followed(case, repo, words, base, base_case):
    assert words in (_files(case) / "README.md").read_text(encoding="utf-8")
    result = judged(local(_files(case), repo), hub({base: _files(base_case)}))
    assert any(a.repo_id == base and not a.problem for a in result.ancestors), result.reasons
    expected = "denied" if base_case == "skt__kogpt2-base-v2" else "allowed"   # kogpt2-base-v2: cc-by-nc-sa-4.0
    assert result.verdict == expected, result.reasons


@pytest.mark.parametrize(("case", "repo", "words", "base", "base_case"), PROSE_BASES)
def test_a_non_commercial_base_so_named_does_not_pass(case, repo, words, base, base_case):
    result = judged(local(_files(case), repo), hub({base: NC}))
    assert result.verdict == "denied", result.reasons


# _judged: a sentence put into facebook/bart-base's real card (apache-2.0, names no base), the CC BY-NC case served as SID


@pytest.mark.parametrize("sentence", [
    f"A LoRA adapter for {LINK}, trained on our chat data.",
    f"This is an adapter for the `{SID}` model.",
    f"Acme BERT ({LINK}) fine-tuned on our legal corpus.",
    f"Acme-7B is a chat model based on the {LINK} model.",
    f"This model is based on a fine-tuned {SID} model.",
    f"{SID}を社内データでファインチューニングしたモデルです。",
])
def test_such_words_on_another_card_follow_the_base(tmp_path, sentence):
    result = _judged(tmp_path, sentence)
    assert result.verdict == "denied", result.reasons


@pytest.mark.parametrize("sentence", [
    # a comparison; a family card's paragraph about another of its models; transformers' docs; a mention of an adapter
    f"Compared to GPT-2 ({LINK}) fine-tuned on the same data, it scores higher.",
    f"Based on the {LINK} model, this small model meets strict latency budgets.",
    "It is based on the [BART](https://huggingface.co/transformers/model_doc/bart.html) model.",
    f"We also provide an adapter for {LINK} in another repository.",
    f"Our tokenizer is based on the {LINK} model.",
])
def test_words_that_name_no_base_of_this_model(tmp_path, sentence):
    result = _judged(tmp_path, sentence)
    assert result.verdict == "allowed", result.reasons


# --- 2. a part labelled as the code's ------------------------------------------------------------------------------

SCU = "hunterbown__shannon-control-unit"
SCU_ID = "hunterbown/shannon-control-unit"
SCU_BASES = {"meta-llama/Llama-3.2-1B": _files("meta-llama__Llama-3.2-1B"), "meta-llama/Llama-3.2-3B": _files("meta-llama__Llama-3.2-3B")}
SCU_LINE = ("**Model Weights:** Llama 3.2 Community License | **Code:** AGPL-3.0 for research/academia — commercial licenses "
            "available ([GitHub](https://github.com/Hmbown/shannon-control-unit))")
SCU_ITEM = ("* **SCU training code:** AGPL-3.0 (research/academia). Commercial licenses available ([GitHub repository]"
            "(https://github.com/Hmbown/shannon-control-unit))")


def test_the_codes_commercial_licenses_are_not_the_models_terms():
    card = (_files(SCU) / "README.md").read_text(encoding="utf-8")
    assert SCU_LINE in card and SCU_ITEM in card
    result = judged(local(_files(SCU), SCU_ID), hub(SCU_BASES))
    assert (result.verdict, result.classification.license_id) == ("conditional", "llama3.2"), result.reasons
    assert "card-commercial-permission" not in result.classification.candidates, result.reasons


@pytest.mark.parametrize(("old", "new"), [
    # the weights' part still restricts, whatever the code's says
    (SCU_LINE, "**Model Weights:** for research only | **Code:** MIT"),
    (SCU_LINE, "**Code:** MIT | **Weights:** non-commercial use only"),
    # a label of the code and the weights is the model's
    (SCU_LINE, "**Code and weights:** AGPL-3.0 for research/academia — commercial licenses available"),
    # the code's item, with a sentence about the model in it
    (SCU_ITEM, "* **SCU training code:** AGPL-3.0. The model weights are for non-commercial use only."),
    # a line of its own with no label: whose it is, its words do not say
    (SCU_ITEM, "* **SCU training code:** AGPL-3.0 (research/academia).\n\nCommercial use requires a commercial license from us."),
])
def test_the_weights_words_still_restrict(tmp_path, old, new):
    folder = _copy(tmp_path, SCU, old, new)
    result = judged(local(folder, SCU_ID), hub(SCU_BASES))
    assert result.verdict in ("denied", "unknown"), result.reasons


# --- 3. unknown terms beside a known license -----------------------------------------------------------------------

DUTCH = "dbmdz__bert-base-historic-dutch-cased"   # license: mit, "All models are licensed under [MIT](LICENSE)."
DUTCH_ID = "dbmdz/bert-base-historic-dutch-cased"
DUTCH_LINE = "All models are licensed under [MIT](LICENSE)."


@pytest.mark.parametrize("line", [
    "All models are licensed under MIT and the Acme Model Terms.",
    "All models are licensed under MIT and the Acme Model License Agreement.",
    "All models are released under the MIT License, the Acme Terms of Use.",
])
def test_unknown_terms_beside_a_known_license_leave_it_unknown(tmp_path, line):
    assert judged(local(_files(DUTCH), DUTCH_ID), hub({})).verdict == "allowed"
    result = judged(local(_copy(tmp_path, DUTCH, DUTCH_LINE, line), DUTCH_ID), hub({}))
    assert result.verdict == "unknown", result.reasons
    assert any("terms it does not know" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize("line", [
    "All models are licensed under MIT and the Apache License 2.0.",
    "All models are licensed under MIT and our Acceptable Use Policy.",
    "All models are licensed under MIT, a permissive license.",
])
def test_known_licenses_or_a_policy_beside_it_are_no_unknown_terms(tmp_path, line):
    result = judged(local(_copy(tmp_path, DUTCH, DUTCH_LINE, line), DUTCH_ID), hub({}))
    assert result.verdict == "allowed", result.reasons


# --- 4. a training run's starting model, unread -------------------------------------------------------------------

RECORD = '{"model_name_or_path": "%s"}'


@pytest.mark.parametrize("files", [
    {"outputs/runs/exp1/checkpoint-500/training_args.json": RECORD % SID},
    {"checkpoint_500/training_args.json": RECORD % SID},
    {"epoch-3/training_args.json": RECORD % SID},
    {"checkpoint-best/training_args.json": '{"lr": 1}', "checkpoint-500/training_args.json": RECORD % SID},
])
def test_an_unread_starting_model_a_training_run_records_fails_closed(tmp_path, files):
    evidence, result = _checkpoint(tmp_path, files)
    assert SID in [c.value for c in evidence.config_lineage], evidence.config_lineage
    assert result.verdict == "unknown", result.reasons


def test_an_unread_config_name_or_path_stays_a_fact_to_confirm(tmp_path):
    # a saved model's config.json '_name_or_path' (what save_pretrained was given): conditional, as before
    evidence, result = _checkpoint(tmp_path, {"config.json": f'{{"_name_or_path": "{SID}", "model_type": "bert"}}'})
    assert SID in [c.value for c in evidence.config_lineage], evidence.config_lineage
    assert result.verdict == "conditional", result.reasons


def test_a_trainer_step_folder_recorded_as_the_start_is_a_local_folder(tmp_path):
    # review55 c062: "outputs/checkpoint-1000", the local folder a run resumed from, is shaped like a Hub id only by its slash
    evidence, result = _checkpoint(tmp_path, {"training_args.json": RECORD % "outputs/checkpoint-1000"})
    assert result.verdict == "conditional", result.reasons
