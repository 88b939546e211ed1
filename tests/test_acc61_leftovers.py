"""acc61: the lineage leftovers of reviews 56-58, all false allows (a non-commercial or unreadable base let through).

1. "Building upon [X](hub), we trained Acme-7B." and "We release Acme-7B, building on [X](hub)." (review58 c052/c053):
   "Building on" named a base only at a sentence's start before the model's name or "this model".
2. "built on **acme/secret-nc-7b**, ..." (review58 c089): a bold or backticked bare id after "built on" was no reference.
3. "[X](hub) was trained further on ..." (the repo before the verb), "These are the weights of [X](hub) after instruction
   tuning", "fine-tuned from GPT-2 (https://huggingface.co/<org>/<nc>)" (review57 c046/c050/c031; the address in brackets
   names the repo, not the family name before it).
4. Trainer checkpoints (review58): two folders down ("runs/x/checkpoint-500"), "checkpoint-best", the base named only in
   an older folder past the four read, and "train_config.json" passed over after "args.json" and "hparams.json".
Cards are reviewer-style prose as acc60's tests' (tests/test_acc60_review56.py), the LICENSE the corpus's MIT or Apache
2.0 text; the base is not on the (fake) Hub, so its terms are unread and the checkpoint's verdict unknown."""

from __future__ import annotations

import pytest

from tests.test_acc60_review56 import _card, _verdict, checkpoint_evidence

HUB = "[CohereForAI/c4ai-command-r-v01](https://huggingface.co/CohereForAI/c4ai-command-r-v01)"


@pytest.mark.parametrize(("license_id", "line"), [
    ("apache-2.0", f"Building upon {HUB}, we trained Acme-7B."),
    ("apache-2.0", f"We release Acme-7B, building on {HUB}."),
    ("apache-2.0", "This model, building on top of [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b), adds tool use."),
    ("apache-2.0", "Acme-7B is built on **acme/secret-nc-7b**, code released under Apache-2.0."),
    ("apache-2.0", "Acme-7B is built on `acme/secret-nc-7b`."),
    ("mit", f"{HUB} was trained further on our corpus to produce Acme-7B."),
    ("mit", f"These are the weights of {HUB} after instruction tuning."),
    ("mit", "Acme-7B is fine-tuned from GPT-2 (https://huggingface.co/acme/secret-nc-gpt2)."),
])
def test_a_base_named_in_these_words_is_followed(tmp_path, license_id, line):
    assert _verdict(tmp_path, _card(license_id, "# Acme-7B", line), f"{license_id}.txt") in ("unknown", "denied")


@pytest.mark.parametrize("line", [
    "Building on [Acme-SFT](https://huggingface.co/datasets/acme/acme-sft), we trained Acme-7B.",
    "Building on [our previous work](https://huggingface.co/papers/2401.00001), we trained Acme-7B.",
    "Building upon the Qwen3 series, we release Acme-7B.",
    "We release our evaluation code, building on [lm-eval](https://github.com/EleutherAI/lm-evaluation-harness).",
    "Acme-7B is built on **huggingface/transformers**.",
    "Acme-7B was trained further on [UltraChat](https://huggingface.co/datasets/HuggingFaceH4/ultrachat_200k).",
])
def test_a_dataset_a_paper_code_or_a_family_names_no_base(tmp_path, line):
    # controls, allowed before and after: a dataset's, a paper's or GitHub's address, a family name, code
    assert _verdict(tmp_path, _card("apache-2.0", "# Acme-7B", line), "apache-2.0.txt") == "allowed"


_evidence = checkpoint_evidence


BASE = '{"model_name_or_path": "acme/secret-nc-7b"}'
EMPTY = '{"learning_rate": 1}'


@pytest.mark.parametrize(("files", "read"), [
    ({"runs/exp1/checkpoint-500/training_args.json": BASE}, "runs/exp1/checkpoint-500/training_args.json"),
    ({"checkpoint-best/training_args.json": BASE}, "checkpoint-best/training_args.json"),
    ({"checkpoint-100/training_args.json": BASE, **{f"checkpoint-{step}/training_args.json": EMPTY for step in range(200, 900, 100)}},
     "checkpoint-100/training_args.json"),
    ({"checkpoint-500/args.json": EMPTY, "checkpoint-500/hparams.json": EMPTY, "checkpoint-500/train_config.json": BASE},
     "checkpoint-500/train_config.json"),
])
def test_a_trainer_checkpoints_base_is_read(tmp_path, files, read):
    evidence = _evidence(tmp_path, files)
    assert [(c.file, c.value) for c in evidence.config_lineage] == [(read, "acme/secret-nc-7b")]
    assert not evidence.problems and not any("checkpoint" in note for note in evidence.notes)


def test_checkpoint_folders_past_the_cap_are_left_unread_and_the_evidence_is_incomplete(tmp_path):
    # (acc61 said so in a note only, and the base in the folders left unread passed: review59 c090/c109)
    files = {"checkpoint-100/training_args.json": BASE,
             **{f"checkpoint-{step}/training_args.json": EMPTY for step in range(200, 1500, 100)}}
    evidence = _evidence(tmp_path, files)
    assert evidence.config_lineage == ()
    assert not evidence.complete
    assert [problem for problem in evidence.problems if "checkpoint" in problem] == [
        "checkpoint-200/training_args.json: not read: licscan reads the training arguments of at most 12 trainer "
        "checkpoint folders, newest first, for the base model they record, and none of those read names a Hub repo; 2 "
        "older folders are not read, and the base they may record is not known"]


def test_the_newest_checkpoint_naming_a_base_is_the_one_read(tmp_path):
    files = {"checkpoint-100/training_args.json": '{"model_name_or_path": "acme/old-7b"}',
             "checkpoint-300/training_args.json": BASE, "checkpoint-400/training_args.json": EMPTY}
    assert [(c.file, c.value) for c in _evidence(tmp_path, files).config_lineage] == [
        ("checkpoint-300/training_args.json", "acme/secret-nc-7b")]
