"""Review45: restricted model families of 2025-26 named only by a derivative's words or name.

Each card is the real BERT card of the benchmark with `license: apache-2.0` (or mit) and review45's sentence appended,
no base_model: the base a sentence names carries its family's license whatever the derivative declares. The twins
name a model of the same maker under an open license, or the word without the model.
"""

from __future__ import annotations

import pytest

from tests.test_card_text_reading import bert

RESTRICTED = [
    ("GGUF quants of Kimi-K2-Instruct.", "kimi-k2-modified-mit"),
    ("GGUF quants of Kimi K2 Thinking.", "kimi-k2-modified-mit"),
    ("A fine-tune of MiniMax-M2 on agentic coding traces.", "minimax-m2-modified-mit"),
    ("GGUF quants of MiniMax-M2.1.", "minimax-m2.1-modified-mit"),
    ("GGUF quants of MiniMax-Text-01.", "minimax-model-license"),
    ("A LoRA trained on Flux Kontext for relighting.", "flux1-dev-noncommercial"),
    ("A LoRA for Flux Krea.", "flux1-dev-noncommercial"),
    ("A Kontext dev LoRA that removes backgrounds.", "flux1-dev-noncommercial"),
    ("This model is a fine-tuned version of FunctionGemma 270M for smart-home tool calls.", "gemma"),
    ("A fine-tune of VaultGemma 1B on private email data.", "gemma"),
    ("This is a LoRA fine-tune of Command-A on legal Q&A.", "cc-by-nc-4.0"),
    ("GGUF quants of command-a-vision.", "cc-by-nc-4.0"),
    ("Fine-tuned from SV3D on product turntables.", "stability-noncommercial-community-sv3d"),
    ("A fine-tune of Janus-Pro-7B on diagrams.", "deepseek-model"),
]


@pytest.mark.parametrize(("sentence", "license_id"), RESTRICTED)
def test_a_restricted_family_named_by_a_derivative_applies(tmp_path, sentence, license_id):
    result = bert(tmp_path, f"\n## Model\n\n{sentence}\n")
    assert result.verdict != "allowed", result.reasons
    assert license_id in result.classification.candidates, result.reasons


def test_a_base_under_terms_licscan_has_no_text_for_is_unknown(tmp_path):
    # Nemotron-H: NVIDIA's Internal Scientific Research and Development Model License, a text licscan does not have
    result = bert(tmp_path, "\n## Model\n\nThis is a LoRA fine-tune of Nemotron-H-8B-Base-8K.\n")
    assert result.verdict == "unknown", result.reasons


@pytest.mark.parametrize("sentence", [
    "A fine-tune of MiniMax-M1-40k on agentic coding traces.",      # MiniMax-M1: Apache-2.0
    "Wir erklären den Kontext der Aufgabe.",                         # the German word, no FLUX model
    "It uses a minimax search over the moves.",                      # the algorithm
    "Kimi is our team's mascot.",                                    # a name, no K2
    "Run the command a second time if it fails.",                    # words, not Command A
    "Janus, the two-faced god, watches over this repository.",        # the god, no Janus model
])
def test_the_open_twins_and_the_plain_words_stay_allowed(tmp_path, sentence):
    assert bert(tmp_path, f"\n## Notes\n\n{sentence}\n").verdict == "allowed"
