"""Review29: a base named before the data it was trained on. A sentence naming a dataset was read as a sentence about
data (a trap) unless the dataset ended it right after the first "on", so "Fine-tuned from LLaMA-7B using the Alpaca
dataset" on BERT's own Apache card passed a LLaMA fine-tune. Each sentence below is appended to the real BERT card."""

from __future__ import annotations

import pytest

from tests.test_card_text_reading import bert

# (sentence, a license the base it names brings)
BASE_BEFORE_THE_DATA = [
    ("This model was fine-tuned on LLaMA-7B for 3 epochs on the Alpaca dataset.", "llama1-weights"),
    ("This model was fine-tuned on Llama-2-13b on the OpenOrca dataset.", "llama2"),
    ("This model was fine-tuned on top of LLaMA-13B on our instruction dataset.", "llama1-weights"),
    ("This model was fine-tuned on LLaMA-7B, on the Alpaca dataset.", "llama1-weights"),
    ("This model was fine-tuned on LLaMA-7B and the Alpaca dataset.", "llama1-weights"),
    ("This model was fine-tuned on LLaMA-7B (using the Alpaca dataset).", "llama1-weights"),
    ("This model was trained on LLaMA-7B by LoRA on the Alpaca-GPT4 dataset.", "llama1-weights"),
    ("This LoRA was trained on FLUX.1-dev on a custom dataset.", "flux1-dev-noncommercial"),
    ("This model is fine-tuned on Llama-2-7b-chat in 4-bit on the Guanaco dataset.", "llama2"),
    ("Fine-tuned from LLaMA-7B using the Alpaca dataset.", "llama1-weights"),
    ("This model is LLaMA-7B fine-tuned with the Alpaca dataset.", "llama1-weights"),
    ("A LLaMA-13B model fine-tuned with LoRA using the Alpaca dataset.", "llama1-weights"),
    ("Based on LLaMA-7B, trained on a dataset of 52K instructions.", "llama1-weights"),
]


@pytest.mark.parametrize("sentence, license_id", BASE_BEFORE_THE_DATA, ids=[s for s, _ in BASE_BEFORE_THE_DATA])
def test_a_base_named_before_the_data_it_was_trained_on_is_read(tmp_path, sentence, license_id):
    result = bert(tmp_path, "\n" + sentence + "\n")
    assert result.verdict != "allowed" and any(c.startswith(license_id) for c in result.classification.candidates), \
        (result.verdict, result.classification.candidates, result.reasons)


@pytest.mark.parametrize("sentence", [
    "This model was trained on a dataset generated with Llama 2.",
    "The training corpus was translated with NLLB-200 and then cleaned by hand.",
    "Fine-tuned on a dataset distilled from Llama 2 outputs.",
    "Fine-tuned on Llama 2 outputs from the Alpaca dataset.",
    "This model was fine-tuned on the [Dolly](https://huggingface.co/datasets/databricks/databricks-dolly-15k) and "
    "[Vicuna-chats](https://huggingface.co/datasets/x/vicuna_chats) datasets.",
])
def test_a_model_that_made_the_data_is_still_no_base(tmp_path, sentence):
    result = bert(tmp_path, "\n" + sentence + "\n")
    assert result.verdict == "allowed", result.reasons
