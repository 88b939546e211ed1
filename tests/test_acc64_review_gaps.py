"""acc64: review59/review60's remaining false allows and false blocks.

False allows (an NC base named, the checkpoint passed): "made by taking the weights of [X](hub)", "obtained by distilling
[X]", "This is a [X](hub) tuned to", "It is based on the following model: org/x", "Based on: [X]", "Acme-7B is based on the
following model: [X]", "Building on [X], our team trained", "Building on [X] and our own data, we trained", "building upon
**org/x**", "__org/x__" / "*org/x*", "[X] was then fine-tuned on", "These weights are [X] after instruction tuning",
"GPT-2 (hf.co/org/x)" (a Hub address without its scheme); trainer checkpoint folders three levels down, "checkpoint_500",
"global_step500", "epoch-3"; "checkpoint-best" recording the model's own id or a relative path before an older folder's base.
False blocks: "The base model is Llama-3/Mistral compatible", "The base model is GPT-J/NeoX.", "... fp16/bf16 (both
provided)". Each sentence is put into a real card of the set (facebook/bart-base, apache-2.0, which names no base) whose
base is then a CC BY-NC 4.0 case (facebook/nllb-200-1.3B) on the fake Hub: it must not pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_acc57_review55 import APACHE_CARD, _checkpoint
from tests.test_lineage_round11 import hub, judged, local
from tests.test_real_card_gaps import CASES
from tests.test_review55_fixes import _verdict

NC = CASES / "facebook__nllb-200-1.3B" / "files"   # license: cc-by-nc-4.0 (a real card of the set; denied)
HOST = CASES / "facebook__bart-base" / "files" / "README.md"
TITLE = "# BART (base-sized model) \n"
SID = "acme/secret-nc-7b"
LINK = f"[{SID}](https://huggingface.co/{SID})"


def _judged(tmp_path: Path, sentence: str):
    card = HOST.read_text(encoding="utf-8")
    assert TITLE in card
    (tmp_path / "README.md").write_text(card.replace(TITLE, f"{TITLE}\n{sentence}\n", 1), encoding="utf-8")
    return judged(local(tmp_path, "facebook/bart-base"), hub({SID: NC}))


def test_the_host_card_alone_is_allowed(tmp_path):
    result = _judged(tmp_path, "A model card.")
    assert result.verdict == "allowed", result.reasons


@pytest.mark.parametrize("sentence", [
    f"This model was made by taking the weights of {LINK} and merging in a LoRA.",
    f"This model was obtained by distilling {LINK}.",
    f"This is a {LINK} tuned to follow instructions.",
    f"It is based on the following model: {SID}",
    f"Based on: {LINK}",
    f"Acme-7B is based on the following model: {LINK}",
    f"Building on {LINK}, our team trained Acme-7B.",
    f"Building on {LINK} and our own data, we trained Acme-7B.",
    f"We release Acme-7B, building upon **{SID}**.",
    f"Acme-7B is built on __{SID}__.",
    f"Acme-7B is built on *{SID}*.",
    f"{LINK} was then fine-tuned on our chat data to give Acme-7B.",
    f"These weights are {LINK} after instruction tuning.",
    f"Acme-7B is fine-tuned from GPT-2 (hf.co/{SID}).",
])
def test_a_base_named_so_is_followed_and_a_non_commercial_one_does_not_pass(tmp_path, sentence):
    result = _judged(tmp_path, sentence)
    assert result.verdict == "denied", result.reasons
    assert any(a.repo_id == SID for a in result.ancestors), result.reasons


@pytest.mark.parametrize("sentence", [
    # comparisons, "see also", datasets, tokenizers, papers, a related model that is no base
    f"Unlike {LINK}, this model is based on the following model: our own pretraining run.",
    f"See also {LINK}, which was then fine-tuned on other data.",
    f"It is based on the following paper: [{SID}](https://arxiv.org/abs/1910.13461)",
    f"Based on: [the {SID} dataset](https://huggingface.co/datasets/{SID})",
    f"This is a [tokenizer](https://huggingface.co/{SID}) tuned to Finnish text.",
    f"This model was obtained by distilling [{SID}](https://huggingface.co/datasets/{SID}) data.",
    f"Building on {LINK}'s success, the community trained many models.",
    f"For a comparison, {LINK} was then fine-tuned on the same data.",
    "The base model is 7B/13B parameters in size.",
])
def test_words_that_name_no_base_are_not_followed(tmp_path, sentence):
    result = _judged(tmp_path, sentence)
    assert result.verdict == "allowed", result.reasons


@pytest.mark.parametrize("line", [
    "The base model is Llama-3/Mistral compatible.",
    "The base model is GPT-J/NeoX.",
    "The base model is fp16/bf16 (both provided).",
])
def test_alternatives_and_compatibility_name_no_base(tmp_path, line):
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == "allowed"


NCID = "CohereForAI/c4ai-command-r-v01"   # Command R: CC BY-NC 4.0 by its family's name
RECORD = '{"model_name_or_path": "%s"}'


@pytest.mark.parametrize("files", [
    {"outputs/runs/exp1/checkpoint-500/training_args.json": RECORD % NCID},
    {"checkpoint_500/training_args.json": RECORD % NCID},
    {"global_step500/training_args.json": RECORD % NCID},
    {"epoch-3/training_args.json": RECORD % NCID},
    {"checkpoint-best/training_args.json": RECORD % "acme/Acme-7B", "checkpoint-500/training_args.json": RECORD % NCID},
    {"checkpoint-best/training_args.json": RECORD % "models/base", "checkpoint-500/training_args.json": RECORD % NCID},
])
def test_a_trainer_folders_non_commercial_base_does_not_pass(tmp_path, files):
    evidence, result = _checkpoint(tmp_path, files)
    assert NCID in [c.value for c in evidence.config_lineage], evidence.config_lineage
    assert result.verdict == "denied", result.reasons


def test_a_numbered_folders_record_still_ends_the_search(tmp_path):
    evidence, _ = _checkpoint(tmp_path, {"checkpoint-900/training_args.json": RECORD % "acme/secret-nc-7b",
                                         "checkpoint-500/training_args.json": RECORD % NCID})
    assert [c.value for c in evidence.config_lineage] == ["acme/secret-nc-7b"]


DOCS = "[Llama](https://huggingface.co/docs/transformers/model_doc/llama)"


def test_a_family_linked_to_its_architectures_documentation_is_no_base(tmp_path):
    # review59 c100: the architecture's page in transformers' docs names the code, not the weights
    assert _verdict(tmp_path, APACHE_CARD + f"This model is based on the following architecture: {DOCS}\n") == "allowed"


def test_a_base_named_beside_the_architectures_documentation_is_still_read(tmp_path):
    line = f"This model is fine-tuned from LLaMA-65B (architecture: {DOCS}).\n"
    assert _verdict(tmp_path, APACHE_CARD + line) == "denied"
