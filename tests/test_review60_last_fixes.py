"""Review60 of the review59 fixes: three narrowings let a base through again, and the checkpoint caps blocked ordinary
runs. "The base model is X" named none unless a short list of words followed ("X - a strong base", "X but quantized", a
table cell, "X<br>", "X + a LoRA"): now only words saying what X is ("compatible", "parameters", "dual-licensed") or two
sizes as the id set it apart. "The original model, and its weights, can be found here" and "A [org/nc-classifier-7b](hub)
tuned to" (the excluded word inside a repo id) were passed over. A trainer run whose Trainer arguments name a Hub base,
or whose folders all record one local path, is settled by what was read: a cap is no problem there. Cards and folders
are acc60's and acc61's tests'."""

from __future__ import annotations

import pytest

from tests.test_acc60_review56 import _card, _verdict
from tests.test_acc61_leftovers import EMPTY, _evidence

NC_LINK = "[acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b)"


@pytest.mark.parametrize("line", [
    "The base model is `acme/secret-nc-7b` - a strong base.",
    "The base model is acme/secret-nc-7b but quantized.",
    "The base model is acme/secret-nc-7b — a 7B model.",
    "| Notes | The base model is acme/secret-nc-7b |",
    "The base model is acme/secret-nc-7b<br>",
    "The base model is acme/secret-nc-7b + a LoRA adapter.",
    f"The original model, and its weights, can be found here: {NC_LINK}.",
    "A [acme/secret-nc-classifier-7b](https://huggingface.co/acme/secret-nc-classifier-7b) tuned to Finnish text.",
])
def test_these_words_name_the_base(tmp_path, line):
    assert _verdict(tmp_path, _card("mit", "# Acme-7B", line)) == "unknown"


def test_a_folder_whose_trainer_arguments_name_a_hub_base_is_settled_past_the_file_cap(tmp_path):
    names = ["train_config.json", "sft_args.json", "sft_config.json", "dpo_config.json", "lora_config.json",
             "peft_config.json", "hparams.json", "args.json"]
    files = {f"checkpoint-500/{name}": EMPTY for name in names}
    evidence = _evidence(tmp_path, {**files, "checkpoint-500/training_args.json": '{"model_name_or_path": "acme/base-7b"}'})
    assert [(c.file, c.value) for c in evidence.config_lineage] == [("checkpoint-500/training_args.json", "acme/base-7b")]
    assert evidence.complete


def test_folders_past_the_cap_of_a_run_that_records_a_local_path_are_noted(tmp_path):
    local = '{"model_name_or_path": "/data/models/base"}'
    evidence = _evidence(tmp_path, {f"checkpoint-{step}/training_args.json": local for step in range(100, 1400, 100)})
    assert evidence.complete
    assert any("each folder read records a local path" in note for note in evidence.notes)


@pytest.mark.parametrize("line", [
    # review60's older gaps: other wordings of the base label, a quoted id, another repo's Hub address in brackets with a
    # few words before it, a comma after it, angle brackets or a link inside them
    "The base model we fine-tuned is acme/secret-nc-7b.",
    "The base model I used is acme/secret-nc-7b.",
    "The base model used in this work is acme/secret-nc-7b.",
    'The base model is "acme/secret-nc-7b".',
    "Acme-7B is fine-tuned from GPT-2 (see here: https://huggingface.co/acme/secret-nc-7b).",
    "Acme-7B is fine-tuned from GPT-2 (available at https://huggingface.co/acme/secret-nc-7b).",
    "Acme-7B is fine-tuned from GPT-2 (https://huggingface.co/acme/secret-nc-7b, 4-bit).",
    "Acme-7B is fine-tuned from GPT-2 (<https://huggingface.co/acme/secret-nc-7b>).",
    "Acme-7B is fine-tuned from GPT-2 ([weights](https://huggingface.co/acme/secret-nc-7b)).",
])
def test_more_wordings_name_the_base(tmp_path, line):
    assert _verdict(tmp_path, _card("mit", "# Acme-7B", line)) == "unknown"


@pytest.mark.parametrize("line", [
    "Acme-7B is fine-tuned from GPT-2 (see https://github.com/openai/gpt-2).",
    "The base model we fine-tuned is licensed under Apache 2.0.",
])
def test_more_wordings_that_name_no_other_base(tmp_path, line):
    assert _verdict(tmp_path, _card("mit", "# Acme-7B", line)) == "allowed"
