"""False blocks of round 49 (acc80): cards with no license of their own that state their base plainly, where licscan read none
and said no license was declared.

1. akdeniz27/mDeBERTa-v3-base-turkish-ner: 'This model is the fine-tuned version of "microsoft/mDeBERTa-v3-base"': the id in
   double quotes after "the fine-tuned version of" (a source phrase) was not read; quotes are a mark an id is written in, as
   backticks and bold are.
2. joelito/bert-base-uncased-sem_eval_2010_task_8: a body line 'Base Model: bert-base-uncased': the label was read with an
   ORG/NAME value only; a legacy single-name id there is the base as surely (read where the card has no license of its own,
   as such an id in a sentence is).
3. M-FAC/bert-tiny-finetuned-mrpc: its base named only in the script that reproduces it ('python run_glue.py --seed 42
   --model_name_or_path prajjwal1/bert-tiny ... --do_train'): a training command's model argument names the model the run
   started from, as a training run's saved arguments do.
Each base read so decides as a declared one does: its license applies (a restrictive one denies), one the Hub lacks leaves
the checkpoint unknown; a card's own restrictive license still decides.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_lineage_round11 import MUSICGEN, copy_case, hub, judged, local
from tests.test_real_card_gaps import CASES

MDEBERTA = CASES / "microsoft__mdeberta-v3-base" / "files"
BERT = CASES / "google-bert__bert-base-uncased" / "files"
BERT_TINY = CASES / "prajjwal1__bert-tiny" / "files"

AKDENIZ = "akdeniz27__mDeBERTa-v3-base-turkish-ner"
JOELITO = "joelito__bert-base-uncased-sem_eval_2010_task_8"
MFAC = "M-FAC__bert-tiny-finetuned-mrpc"

AKDENIZ_SENTENCE = 'This model is the fine-tuned version of "microsoft/mDeBERTa-v3-base"'
AKDENIZ_CODE = 'model_checkpoint = "microsoft/mdeberta-v3-base"'
MFAC_ARGUMENT = "--model_name_or_path prajjwal1/bert-tiny"


def _ref(case: str) -> str:
    return case.replace("__", "/", 1)


def _ancestors(result) -> list[tuple[str, str]]:
    return [(a.repo_id, a.license_id) for a in result.ancestors]


# --- 1. an id in double quotes after a source phrase --------------------------------------------------------------------

def test_a_quoted_id_the_card_says_it_is_the_fine_tuned_version_of_is_followed():
    # the Hub answers an id whatever its case: the fake one here by the case's own id
    result = judged(local(CASES / AKDENIZ / "files", _ref(AKDENIZ)), hub({"microsoft/mDeBERTa-v3-base": MDEBERTA}))
    assert _ancestors(result) == [("microsoft/mDeBERTa-v3-base", "mit")], result.reasons
    assert result.verdict == "allowed", result.reasons
    # the base's license decides: a non-commercial one denies, one the Hub lacks leaves it unknown
    assert judged(local(CASES / AKDENIZ / "files", _ref(AKDENIZ)), hub({"microsoft/mDeBERTa-v3-base": MUSICGEN})).verdict == "denied"
    assert judged(local(CASES / AKDENIZ / "files", _ref(AKDENIZ)), hub({})).verdict == "unknown"


def test_the_quoted_source_of_a_card_with_a_restrictive_license_of_its_own_does_not_make_it_pass(tmp_path):
    folder = copy_case(AKDENIZ, tmp_path, {"README.md": ("language: tr\n", "language: tr\nlicense: cc-by-nc-4.0\n")})
    result = judged(local(folder, _ref(AKDENIZ)), hub({"microsoft/mDeBERTa-v3-base": MDEBERTA}))
    assert result.verdict == "denied", result.reasons


@pytest.mark.parametrize("sentence", [
    # a comparison, a model it is unlike: no source
    'This model outperforms the fine-tuned version of "microsoft/mDeBERTa-v3-base"',
    'Unlike the fine-tuned version of "microsoft/mDeBERTa-v3-base", this model was trained from scratch',
])
def test_a_quoted_id_the_card_only_compares_with_is_no_source(tmp_path, sentence):
    folder = copy_case(AKDENIZ, tmp_path, {"README.md": (AKDENIZ_SENTENCE, sentence)})
    # (its fine-tuning parameters name the model too: without them the card names no base)
    text = (folder / "README.md").read_text(encoding="utf-8").replace(AKDENIZ_CODE, 'model_checkpoint = "./checkpoints/run1"')
    (folder / "README.md").write_text(text, encoding="utf-8")
    result = judged(local(folder, _ref(AKDENIZ)), hub({"microsoft/mDeBERTa-v3-base": MDEBERTA}))
    assert not result.ancestors and result.verdict == "unknown", result.reasons


# --- 2. "Base Model: <legacy id>" ---------------------------------------------------------------------------------------

def test_a_base_model_line_with_a_legacy_id_is_followed():
    evidence = local(CASES / JOELITO / "files", _ref(JOELITO))
    result = judged(evidence, hub({"bert-base-uncased": BERT}))
    assert _ancestors(result) == [("bert-base-uncased", "apache-2.0")] and result.verdict == "allowed", result.reasons
    assert judged(evidence, hub({"bert-base-uncased": MUSICGEN})).verdict == "denied"
    assert judged(evidence, hub({})).verdict == "unknown"


@pytest.mark.parametrize("line", [
    "Base Model: our own",
    "Base Model: 7b",
    "Base Model: bert",
    "Base Model: bert-base-uncased-finetuned-squad/checkpoint-500",
])
def test_a_base_model_line_naming_no_legacy_id_names_no_base(tmp_path, line):
    folder = copy_case(JOELITO, tmp_path, {"README.md": ("Base Model: bert-base-uncased", line)})
    result = judged(local(folder, _ref(JOELITO)), hub({"bert-base-uncased": BERT}))
    assert all(a.repo_id != "bert-base-uncased" for a in result.ancestors) and result.verdict == "unknown", result.reasons


def test_a_legacy_base_model_line_beside_a_restrictive_license_of_its_own_stays_denied(tmp_path):
    folder = copy_case(JOELITO, tmp_path, {"README.md": ("Trained for 3 epochs", "Trained for 3 epochs\n\nLicense: CC BY-NC 4.0")})
    result = judged(local(folder, _ref(JOELITO)), hub({"bert-base-uncased": BERT}))
    assert result.verdict == "denied", result.reasons


# --- 3. a training command's model argument -------------------------------------------------------------------------------

def test_the_model_a_cards_training_command_starts_from_is_followed():
    evidence = local(CASES / MFAC / "files", _ref(MFAC))
    result = judged(evidence, hub({"prajjwal1/bert-tiny": BERT_TINY}))
    assert _ancestors(result) == [("prajjwal1/bert-tiny", "mit")] and result.verdict == "allowed", result.reasons
    assert judged(evidence, hub({"prajjwal1/bert-tiny": MUSICGEN})).verdict == "denied"
    assert judged(evidence, hub({})).verdict == "unknown"


def test_a_parameter_list_that_trains_names_its_starting_model(tmp_path):
    # akdeniz27's "Fine-tuning parameters" block alone ('model_checkpoint = ...' beside 'learning_rate = 2e-5'), its sentence gone
    folder = copy_case(AKDENIZ, tmp_path, {"README.md": (AKDENIZ_SENTENCE, "This model is a Turkish NER model")})
    result = judged(local(folder, _ref(AKDENIZ)), hub({"microsoft/mdeberta-v3-base": MDEBERTA}))
    assert _ancestors(result) == [("microsoft/mdeberta-v3-base", "mit")] and result.verdict == "allowed", result.reasons


@pytest.mark.parametrize("old,new", [
    # a command that does not train: an evaluation of another model names no base
    ("--do_train \\\n  --do_eval", "--do_eval"),
    # a local folder or a variable is no repo
    (MFAC_ARGUMENT, "--model_name_or_path ./bert-tiny"),
    (MFAC_ARGUMENT, "--model_name_or_path $MODEL"),
    # the card's own repo
    (MFAC_ARGUMENT, "--model_name_or_path M-FAC/bert-tiny-finetuned-mrpc"),
])
def test_a_command_naming_no_starting_model_names_no_base(tmp_path, old, new):
    folder = copy_case(MFAC, tmp_path, {"README.md": (old, new)})
    if old.startswith("--do_train"):
        text = (folder / "README.md").read_text(encoding="utf-8")
        for hyper in ("  --per_device_train_batch_size 32 \\\n", "  --learning_rate 1e-4 \\\n", "  --num_train_epochs 5 \\\n"):
            assert hyper in text
            text = text.replace(hyper, "")
        (folder / "README.md").write_text(text, encoding="utf-8")
    result = judged(local(folder, _ref(MFAC)), hub({"prajjwal1/bert-tiny": BERT_TINY}))
    assert not result.ancestors and result.verdict == "unknown", result.reasons


def test_a_training_command_beside_a_restrictive_license_of_its_own_stays_denied(tmp_path):
    folder = copy_case(MFAC, tmp_path)
    text = (folder / "README.md").read_text(encoding="utf-8")
    (folder / "README.md").write_text("---\nlicense: cc-by-nc-4.0\n---\n" + text, encoding="utf-8")
    result = judged(local(folder, _ref(MFAC)), hub({"prajjwal1/bert-tiny": BERT_TINY}))
    assert result.verdict == "denied", result.reasons


def test_the_training_command_reader_reads_no_card_without_such_an_argument():
    from licscan.training_commands import training_command_bases

    assert training_command_bases("```bash\npython train.py --learning_rate 1e-4\n```\n", "acme/x") == []
    assert training_command_bases("--model_name_or_path prajjwal1/bert-tiny --do_train", "acme/x") == []   # no code block
    assert training_command_bases(Path(CASES / MFAC / "files" / "README.md").read_text(encoding="utf-8"), _ref(MFAC)) == [
        ("prajjwal1/bert-tiny", MFAC_ARGUMENT)]


# --- 4. the names a card gives its model: a one-heading card's heading; none on an image classifier's card ----------------

YURIBOT = "lonewanderer27__YuriBot"
LLAMA_OR_WHAT = "firebolt__llama_or_what"


def test_a_card_whose_whole_text_is_one_heading_naming_dialogpt_reads_as_its_name():
    # '# Camp Buddy - Yuri - DialoGPTMedium Model' (its size joined to the name): the DialoGPT family, to confirm, as a repo
    # name naming it is
    result = judged(local(CASES / YURIBOT / "files", _ref(YURIBOT)), hub({}))
    assert (result.classification.license_id, result.verdict) == ("mit", "conditional"), result.reasons


def test_a_heading_over_more_text_is_no_name_of_the_model(tmp_path):
    folder = copy_case(YURIBOT, tmp_path, {"README.md": ("DialoGPTMedium Model", "DialoGPTMedium Model\n\nA chatbot for a game.\n")})
    assert judged(local(folder, _ref(YURIBOT)), hub({})).verdict == "unknown"


def test_an_image_classifiers_repo_name_names_no_language_model():
    # a HuggingPics classifier of llamas, alpacas, guanacos and vicunas: its name is its classes', not a Llama's
    result = judged(local(CASES / LLAMA_OR_WHAT / "files", _ref(LLAMA_OR_WHAT)), hub({}))
    assert result.verdict == "unknown" and "llama1-weights" not in result.classification.candidates, result.reasons


def test_the_same_name_on_a_card_of_no_image_task_still_suggests_llama(tmp_path):
    folder = copy_case(LLAMA_OR_WHAT, tmp_path, {"README.md": ("- image-classification\n- pytorch", "- text-generation\n- pytorch")})
    result = judged(local(folder, _ref(LLAMA_OR_WHAT)), hub({}))
    assert "llama1-weights" in result.classification.candidates and result.verdict != "allowed", result.reasons
