"""Lineage fail-opens the sixteenth review found (F2, F3, F7, F8, F9): each on the real BERT card of
benchmarks/real_cards (license: apache-2.0 beside its Apache LICENSE, allowed as it is) with a review's sentence
added, the repo name given where it matters.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_card_text_reading import BERT, bert
from tests.test_lineage_round11 import hub, judged, local


def _bert_as(folder: Path, repo: str, appended: str, license_line: str = "license: apache-2.0") -> object:
    """The BERT card, with ``appended`` as its last section and ``license_line`` as its license, judged as ``repo``;
    its Apache LICENSE only when the card declares apache-2.0."""
    folder.mkdir(parents=True)
    card = (BERT / "README.md").read_text(encoding="utf-8")
    assert "license: apache-2.0\n" in card
    (folder / "README.md").write_text(card.replace("license: apache-2.0\n", license_line + "\n", 1) + appended, encoding="utf-8")
    if license_line == "license: apache-2.0":
        (folder / "LICENSE").write_bytes((BERT / "LICENSE").read_bytes())
    return judged(local(folder, repo), hub({}))


# --- F2: a sibling's version written after a base is not the base's version -----------------------------------------

@pytest.mark.parametrize(("sentence", "rule", "verdict"), [
    ("A LoRA fine-tuned from Mistral Large 2 with Mistral Large 3 as judge.", "mistral-research-license", "denied"),
    ("Fine-tuned from Aya 23 8B, with the Aya 101 tokenizer, on legal QA.", "cc-by-nc-4.0", "denied"),
    ("Fine-tuned from Yi-34B with the Yi-1.5 chat template on Korean data.", "yi-license-1.0", "denied"),
    ("A QLoRA fine-tune of Codestral-22B, with Mistral-7B as the draft model.", "mistral-non-production-license", "denied"),
    ("This model is fine-tuned from DeepSeek-Coder-V2-Lite on DeepSeek-R1 reasoning traces.", "deepseek-model", "conditional"),
    ("Fine-tuned from Qwen2.5-72B-Instruct with the Qwen3 chat template.", "tongyi-qianwen", "conditional"),
    ("This model is fine-tuned from LLaMA-13B, with Llama-3-70B as the reward model.", "llama1-weights", "denied"),
])
def test_a_version_written_after_another_model_is_not_the_base_s(tmp_path, sentence, rule, verdict):
    result = bert(tmp_path, "\n## Training\n\n" + sentence + "\n")
    assert rule in result.classification.candidates and result.verdict == verdict, result.reasons


def test_a_version_written_right_after_the_name_still_pins_it(tmp_path):
    # Mistral Large 3 is Apache-2.0: the family's name written with it says so, whatever model is named before it
    result = bert(tmp_path, "\n## Training\n\nQuantized from Mistral-Large-3-675B-Instruct-2512, with Qwen3-8B as the draft model.\n")
    assert result.verdict == "allowed", result.reasons


# --- F3: a tool's version number ends no sentence ---------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "rule"), [
    ("Quantized with AutoAWQ 0.2.6. Original model: Codestral-22B-v0.1 by Mistral AI.", "mistral-non-production-license"),
    ("GGUF quants made with llama.cpp b3600. Mistral-Large-Instruct-2407 weights, imatrix from calibration_datav3.",
     "mistral-research-license"),
    ("A passthrough merge made with mergekit 0.0.4. LLaMA-65B and Llama-2-70B layers interleaved.", "llama1-weights"),
])
def test_a_base_after_a_tool_s_version_is_read_with_its_cue(tmp_path, sentence, rule):
    result = bert(tmp_path, "\n## Model\n\n" + sentence + "\n")
    assert rule in result.classification.candidates and result.verdict == "denied", result.reasons


def test_a_model_s_version_still_ends_its_sentence(tmp_path):
    result = bert(tmp_path, "\n## Model\n\nQuantized from Mistral Small 3.1. Mistral Large, by contrast, is a much larger model.\n")
    assert "mistral-research-license" not in result.classification.candidates and result.verdict == "allowed", result.reasons


# --- F7: only the family's own cards list each other --------------------------------------------------------------------

@pytest.mark.parametrize(("repo", "sentence"), [
    ("acme/DeepSeek-R1-Coder-33B-SFT", "This model is fine-tuned from deepseek-coder-33b-instruct on R1-style reasoning traces."),
    ("acme/DeepSeek-V3.1-style-chat", "This model is fine-tuned from DeepSeek-V2-Lite-Chat."),
])
def test_a_community_repo_named_after_deepseek_keeps_the_base_its_words_name(tmp_path, repo, sentence):
    result = _bert_as(tmp_path / repo.split("/")[1], repo, "\n## Training\n\n" + sentence + "\n")
    assert "deepseek-model" in result.classification.candidates and result.verdict == "conditional", result.reasons


def test_deepseek_s_own_card_listing_its_models_is_decided_by_its_name(tmp_path):
    result = _bert_as(tmp_path / "DeepSeek-R1", "deepseek-ai/DeepSeek-R1",
                      "\n## Training\n\nDeepSeek-R1 is trained based on DeepSeek-V3-Base.\n")
    assert "deepseek-model" not in result.classification.candidates, result.reasons


# --- F8: LlamaGuard-7b ---------------------------------------------------------------------------------------------------

def test_llamaguard_7b_written_as_one_word_is_llama_guard(tmp_path):
    result = bert(tmp_path, "\n## Model\n\nGGUF quantizations of LlamaGuard-7b.\n")
    assert "llama2" in result.classification.candidates and result.verdict == "conditional", result.reasons


# --- F9: the card's own license of a family covers only a version the words leave open --------------------------------

@pytest.mark.parametrize("license_id", ["llama3.1", "llama2"])
def test_a_newer_llama_license_does_not_cover_the_original_llama_weights(tmp_path, license_id):
    result = _bert_as(tmp_path / "wizard-65b-chat", "acme/wizard-65b-chat",
                      "\n## Training\n\nThis model is fine-tuned from LLaMA-65B on chat data.\n", f"license: {license_id}")
    assert "llama1-weights" in result.classification.candidates and result.verdict == "denied", result.reasons


def test_the_card_s_own_llama_license_covers_the_llama_it_names_without_a_version(tmp_path):
    result = _bert_as(tmp_path / "wizard-8b-chat", "acme/wizard-8b-chat",
                      "\n## Training\n\nThis model is fine-tuned from Llama on chat data.\n", "license: llama3.1")
    assert "llama1-weights" not in result.classification.candidates and result.verdict == "conditional", result.reasons
