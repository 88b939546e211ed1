"""Review59 of acc61 and acc62. False blocks: "The base model is <X/Y>" took any slashed pair as a repo ("The base model
is 7B/13B parameters in size", "... PyTorch/XLA compatible", "... Apache-2.0/MIT dual-licensed"); "A [tokenizer](hub)
tuned to Finnish text" and "A [reward model](hub) tuned to human preferences" named a part or a tool as the base; "The
original model is Acme-7B, and an ONNX export can be found here: [other](hub)" crossed into another clause; "built on
**PyTorch/XLA**". False allows (trainer checkpoints): a local path in the newest folder ("checkpoint-best") ended the
search before an older folder's Hub id; a file past the per-folder cap, or folders past the folder cap, were only a
note, and the base they named passed. Cards and folders are acc60's and acc61's tests' (a corpus MIT LICENSE; the base
acme/secret-nc-7b not on the fake Hub: its terms unread)."""

from __future__ import annotations

import pytest

from tests.test_acc60_review56 import _card, _verdict
from tests.test_acc61_leftovers import BASE, EMPTY, _evidence

LOCAL = '{"model_name_or_path": "/data/models/base"}'


@pytest.mark.parametrize("line", [
    "The base model is 7B/13B parameters in size.",
    "The base model is PyTorch/XLA compatible.",
    "The base model is Apache-2.0/MIT dual-licensed.",
    "A [tokenizer](https://huggingface.co/acme/acme-tokenizer) tuned to Finnish text is included.",
    "A [reward model](https://huggingface.co/otherorg/other-13b) tuned to human preferences scored the samples.",
    "The original model is Acme-7B, and an ONNX export can be found here: [otherorg/other-13b](https://huggingface.co/otherorg/other-13b).",
    "Acme-7B is built on **PyTorch/XLA**.",
])
def test_words_that_name_no_base_leave_the_card_allowed(tmp_path, line):
    assert _verdict(tmp_path, _card("mit", "# Acme-7B", line)) == "allowed"


@pytest.mark.parametrize("line", [
    "The base model is acme/secret-nc-7b, which we fine-tuned on chat data.",
    "The base model is [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b).",
    "The original model can be found here: [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b).",
])
def test_the_forms_that_do_name_a_base_still_follow_it(tmp_path, line):
    assert _verdict(tmp_path, _card("mit", "# Acme-7B", line)) == "unknown"


def test_a_local_path_in_the_newest_checkpoint_does_not_hide_an_older_ones_base(tmp_path):
    evidence = _evidence(tmp_path, {"checkpoint-best/training_args.json": LOCAL, "checkpoint-500/training_args.json": BASE})
    assert ("checkpoint-500/training_args.json", "acme/secret-nc-7b") in [(c.file, c.value) for c in evidence.config_lineage]


def test_five_training_argument_files_of_one_checkpoint_are_all_read(tmp_path):
    files = {f"checkpoint-500/{name}": EMPTY for name in ("training_args.json", "train_config.json", "sft_args.json", "hparams.json")}
    evidence = _evidence(tmp_path, {**files, "checkpoint-500/args.json": BASE})
    assert [(c.file, c.value) for c in evidence.config_lineage] == [("checkpoint-500/args.json", "acme/secret-nc-7b")]
    assert evidence.complete


def test_training_argument_files_past_the_cap_leave_the_evidence_incomplete(tmp_path):
    names = ["training_args.json", "train_config.json", "sft_args.json", "sft_config.json", "dpo_config.json",
             "lora_config.json", "peft_config.json", "hparams.json", "args.json"]
    evidence = _evidence(tmp_path, {f"checkpoint-500/{name}": EMPTY for name in names})
    assert not evidence.complete
    assert any("training-argument files of a trainer checkpoint folder" in problem for problem in evidence.problems)


@pytest.mark.parametrize("line", [
    # review59's gaps in the new forms (allowed before and after acc61/acc62): a label's other wordings, and a family name
    # followed by another repo's Hub address in square brackets or with a word before it
    "Base model is: acme/secret-nc-7b",
    "The base model is: acme/secret-nc-7b",
    "The base model used here is acme/secret-nc-7b.",
    "The base model we used is acme/secret-nc-7b.",
    "The base model for this work is acme/secret-nc-7b.",
    "Acme-7B is fine-tuned from GPT-2 [https://huggingface.co/acme/secret-nc-7b].",
    "Acme-7B is fine-tuned from GPT-2 (weights: https://huggingface.co/acme/secret-nc-7b).",
    "Acme-7B is fine-tuned from GPT-2 (see https://huggingface.co/acme/secret-nc-7b).",
])
def test_other_wordings_of_the_base_name_it(tmp_path, line):
    assert _verdict(tmp_path, _card("mit", "# Acme-7B", line)) == "unknown"


@pytest.mark.parametrize("line", [
    "The base model we used is licensed under Apache 2.0.",
    "Base model is: not included in this repository.",
    "Acme-7B is fine-tuned from GPT-2 (see https://huggingface.co/docs/transformers).",
])
def test_other_wordings_that_name_no_base_leave_the_card_allowed(tmp_path, line):
    assert _verdict(tmp_path, _card("mit", "# Acme-7B", line)) == "allowed"


@pytest.mark.parametrize("line", [
    # review59's gaps left at its fix: the label's dash and "used" forms, a checkpoint, the original weights or checkpoint
    f"Pretrained model - {'[acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b)'}",
    "Pre-trained model used: acme/secret-nc-7b",
    "Pretrained checkpoint: acme/secret-nc-7b",
    "The original weights can be found here: [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b).",
    "The original checkpoint can be found here: [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b).",
    "Original model can be found here: [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b).",
    "The original model is available here: [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b).",
])
def test_the_labels_other_forms_name_the_base(tmp_path, line):
    assert _verdict(tmp_path, _card("mit", "# Acme-7B", line)) == "unknown"


@pytest.mark.parametrize("line", [
    "The original paper is available here: [arXiv](https://arxiv.org/abs/2401.00001).",
    "Pretrained model - see the table below.",
    "The original code can be found here: [acme-labs/acme](https://github.com/acme-labs/acme).",
])
def test_the_labels_other_forms_naming_no_model_leave_the_card_allowed(tmp_path, line):
    assert _verdict(tmp_path, _card("mit", "# Acme-7B", line)) == "allowed"
