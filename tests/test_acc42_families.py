"""Family knowledge review45 left (acc42): rules/card-words/families.yaml.

- GLM-4.6, GLM-4.7 and GLM-4.1V (zai-org's cards and README: MIT) and DeepSeek-OCR (its card and LICENSE: MIT) were read as
  the glm-4-9b Model License and the DeepSeek License: a derivative naming them now carries MIT;
- NVIDIA's other Nemotron lines and the Minitron models passed under a derivative's own license (Mistral-NeMo-Minitron as
  Mistral NeMo's Apache-2.0): each is now under NVIDIA terms licscan has no text for, unknown; the Llama-based Nemotrons
  read through their Llama base, NVIDIA's "Llama-3_3-..." spelling as Llama 3.3, not Llama 3;
- "HunyuanVideo <word>", an unversioned HunyuanImage and Hunyuan-MT-7B were read as the non-commercial Hunyuan3D-1
  license: each is now under its own edition (Hunyuan-MT's not in the corpus: unknown);
- MedGemma was read under the Gemma terms (its card: the Health AI Developer Foundations terms), Falcon-H1 and Falcon-E
  under the Falcon 180B license (their cards: TII's Falcon LLM License, no text here: unknown).

Prose cards are the real BERT card of the benchmark (`license: apache-2.0`) with a sentence appended, as review45's; the
quantization cards are local folders with bartowski's heading, as acc33's. The twins keep their reading.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_acc33_family_versions import ids, judge
from tests.test_card_text_reading import bert


def said(tmp_path: Path, sentence: str):
    return bert(tmp_path, f"\n## Model\n\n{sentence}\n")


# --- 1. GLM-4.6 / 4.7 / 4.1V and DeepSeek-OCR: MIT ------------------------------------------------------------------

@pytest.mark.parametrize(("name", "body"), [
    ("GLM-4.6-GGUF", "## Llamacpp imatrix Quantizations of GLM-4.6 by zai-org"),
    ("GLM-4.7-Flash-GGUF", "## Llamacpp imatrix Quantizations of GLM-4.7-Flash by zai-org"),
    ("GLM-4.1V-9B-Thinking-GGUF", "## Llamacpp imatrix Quantizations of GLM-4.1V-9B-Thinking by zai-org"),
    ("DeepSeek-OCR-invoices", "# DeepSeek-OCR invoices\n\nFine-tuned from DeepSeek-OCR on scanned invoices."),
])
def test_a_later_glm_and_deepseek_ocr_under_mit_are_allowed(tmp_path: Path, name: str, body: str) -> None:
    result = judge(tmp_path, name, "mit", body)
    assert result.verdict == "allowed", (result.verdict, result.reasons)
    assert ids(result) == {"mit"}, result.reasons


@pytest.mark.parametrize(("name", "body", "restricted"), [
    ("glm-4-9b-chat-GGUF", "## Llamacpp imatrix Quantizations of glm-4-9b-chat by THUDM", "glm-4-9b-license"),
    ("GLM-4.6V-GGUF", "## Llamacpp imatrix Quantizations of GLM-4.6V by zai-org", "glm-4-9b-license"),   # no card seen
    ("DeepSeek-V2-Lite-GGUF", "## Llamacpp imatrix Quantizations of DeepSeek-V2-Lite by deepseek-ai", "deepseek-model"),
    ("DeepSeek-OCR-2-GGUF", "## Llamacpp imatrix Quantizations of DeepSeek-OCR-2 by deepseek-ai", "deepseek-model"),
])
def test_the_glm_and_deepseek_twins_keep_their_reading(tmp_path: Path, name: str, body: str, restricted: str) -> None:
    result = judge(tmp_path, name, "mit", body)
    assert restricted in ids(result), result.reasons
    assert result.verdict == "conditional", (result.verdict, result.reasons)


def test_glm_4_5_stays_mit(tmp_path: Path) -> None:
    result = judge(tmp_path, "GLM-4.5-Air-GGUF", "mit", "## Llamacpp imatrix Quantizations of GLM-4.5-Air by zai-org")
    assert result.verdict == "allowed" and ids(result) == {"mit"}, result.reasons


# --- 2. Nemotron and Minitron ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "This model is a fine-tune of Nemotron-4-340B-Instruct on support tickets.",
    "A LoRA fine-tune of Nemotron-Mini-4B-Instruct for role-play.",
    "This model is fine-tuned from NVIDIA-Nemotron-Nano-9B-v2.",
    "GGUF quants of Nemotron-Nano-12B-v2-VL.",
    "A fine-tune of Mistral-NeMo-Minitron-8B-Base on legal text.",          # was Mistral NeMo's Apache-2.0
    "Continued pretraining of Minitron-4B-Base on Hindi.",
])
def test_a_nemotron_or_minitron_base_under_terms_licscan_has_no_text_for_is_unknown(tmp_path: Path, sentence: str) -> None:
    result = said(tmp_path, sentence)
    assert result.verdict == "unknown", (result.verdict, result.reasons)


@pytest.mark.parametrize(("sentence", "llama"), [
    ("This model is a fine-tune of Llama-3.1-Nemotron-70B-Instruct.", "llama3.1"),
    ("This model is a fine-tune of nvidia/Llama-3_3-Nemotron-Super-49B-v1.", "llama3.3"),   # was read as Llama 3
    ("This model is a fine-tune of Llama-3_1-Nemotron-Ultra-253B-v1.", "llama3.1"),
])
def test_a_llama_based_nemotron_reads_through_its_llama_version(tmp_path: Path, sentence: str, llama: str) -> None:
    result = said(tmp_path, sentence)
    assert result.verdict == "conditional", (result.verdict, result.reasons)
    assert llama in result.classification.candidates, result.reasons
    assert "llama3" not in result.classification.candidates or llama == "llama3", result.reasons


@pytest.mark.parametrize("sentence", [
    "A fine-tune of Mistral-NeMo-Instruct-2407 on legal text.",       # Mistral NeMo itself: Apache-2.0
    "We pruned the model with NVIDIA's Minitron approach.",          # the method, no Minitron model
    "Trained on the Nemotron-CC data set.",                          # a data set
])
def test_the_open_twins_and_the_plain_words_stay_allowed(tmp_path: Path, sentence: str) -> None:
    assert said(tmp_path, sentence).verdict == "allowed"


def test_a_size_after_llama_3_is_no_version(tmp_path: Path) -> None:
    result = said(tmp_path, "A fine-tune of Llama 3 8B on recipes.")
    assert "llama3" in result.classification.candidates, result.reasons


# --- 3. Hunyuan editions --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "license_id"), [
    ("A LoRA for HunyuanVideo fast motion.", "tencent-hunyuan-community-hunyuanvideo"),
    ("A fine-tune of HunyuanVideo on dance clips.", "tencent-hunyuan-community-hunyuanvideo"),
    ("This is a LoRA for HunyuanVideo-PromptRewrite.", "tencent-hunyuan-community-hunyuanvideo"),
    ("A LoRA for HunyuanImage trained on posters.", "tencent-hunyuan-community-hunyuanimage-2.1"),
])
def test_a_hunyuan_line_named_with_a_word_after_it_is_under_its_own_edition(tmp_path: Path, sentence: str,
                                                                           license_id: str) -> None:
    result = said(tmp_path, sentence)
    assert license_id in result.classification.candidates, result.reasons
    assert "tencent-hunyuan-non-commercial-hunyuan3d-1" not in result.classification.candidates, result.reasons
    assert result.verdict == "conditional", (result.verdict, result.reasons)


def test_hunyuan_mt_is_under_its_own_edition_which_licscan_has_no_text_for(tmp_path: Path) -> None:
    result = said(tmp_path, "This model is a fine-tune of Hunyuan-MT-7B for Yoruba.")
    assert result.verdict == "unknown", (result.verdict, result.reasons)


@pytest.mark.parametrize(("sentence", "license_id", "verdict"), [
    ("GGUF quants of HunyuanVideo.", "tencent-hunyuan-community-hunyuanvideo", "conditional"),
    ("A fine-tune of HunyuanVideo-I2V on dance clips.", "tencent-hunyuan-community-hunyuanvideo-i2v", "conditional"),
    ("A fine-tune of Hunyuan-A13B-Instruct.", "tencent-hunyuan-a13b", "conditional"),
    ("A LoRA on Hunyuan3D-1 meshes.", "tencent-hunyuan-non-commercial-hunyuan3d-1", "denied"),
])
def test_the_hunyuan_twins_keep_their_edition(tmp_path: Path, sentence: str, license_id: str, verdict: str) -> None:
    result = said(tmp_path, sentence)
    assert license_id in result.classification.candidates, result.reasons
    assert result.verdict == verdict, (result.verdict, result.reasons)


# --- 4. MedGemma, Falcon-H1 and Falcon-E ----------------------------------------------------------------------------

def test_medgemma_is_under_the_hai_def_terms(tmp_path: Path) -> None:
    result = said(tmp_path, "This model is a fine-tune of MedGemma 4B on radiology reports.")
    assert "google-hai-def-terms" in result.classification.candidates, result.reasons
    assert "gemma" not in result.classification.candidates, result.reasons


def test_gemma_3_stays_under_the_gemma_terms(tmp_path: Path) -> None:
    result = said(tmp_path, "This model is a fine-tune of Gemma 3 4B on radiology reports.")
    assert "gemma" in result.classification.candidates, result.reasons


@pytest.mark.parametrize("sentence", [
    "This model is a fine-tune of Falcon-H1-7B-Instruct.",
    "A LoRA fine-tune of Falcon-E-3B-Instruct.",
])
def test_falcon_h1_and_falcon_e_are_under_terms_licscan_has_no_text_for(tmp_path: Path, sentence: str) -> None:
    result = said(tmp_path, sentence)
    assert result.verdict == "unknown", (result.verdict, result.reasons)
    assert "falcon-180b-tii-license" not in result.classification.candidates, result.reasons


def test_falcon_3_stays_under_its_license(tmp_path: Path) -> None:
    result = said(tmp_path, "This model is a fine-tune of Falcon3-7B-Instruct.")
    assert "falcon3-tii-license" in result.classification.candidates, result.reasons
