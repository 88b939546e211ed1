"""Derivatives of restricted families the fifteenth review found passing (F4), lineage cues it found missed (F5),
a config.json's local path (F11), and the Mistral 3 family's false blocks: each on the real BERT card of
benchmarks/real_cards (license: apache-2.0 beside its Apache LICENSE, allowed as it is) with the words added, and on
real cards that name a family as their own model.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from licscan.manifest import ManifestEntry
from licscan.sources.local import LocalSource
from tests.test_card_text_reading import BERT, bert, case
from tests.test_lineage_round11 import hub, judged, local


def _candidates(result) -> set[str]:
    return set(result.classification.candidates)


# --- F4: families licscan had no entry for ---------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "rule", "verdict"), [
    ("This model is a fine-tuned version of Aya Expanse 8B on a legal QA dataset.", "cc-by-nc-4.0", "denied"),
    ("This model is a fine-tuned version of aya-23-8B.", "cc-by-nc-4.0", "denied"),
    ("This model is a fine-tuned version of c4ai-command-r-08-2024 for Japanese.", "cc-by-nc-4.0", "denied"),
    ("GGUF quants of Command R v01 (35B), made with llama.cpp b3600.", "cc-by-nc-4.0", "denied"),
    ("Fine-tuned from EXAONE-3.5-7.8B-Instruct on Korean financial reports.", "exaone-1.1-nc", "denied"),
    ("Fine-tuned from EXAONE-4.0-1.2B on Korean financial reports.", "exaone-1.2-nc", "denied"),
    ("LoRA trained on SDXL-Turbo for 1-step anime portraits.", "stability-noncommercial-research-community", "denied"),
    ("Fine-tuned from Stable Video Diffusion XT on dance clips.", "stable-video-diffusion-noncommercial", "denied"),
    ("A LoRA for Stable Cascade trained with OneTrainer.", "stability-noncommercial-research-community-cascade", "denied"),
    ("LoRA weights trained on Stable Diffusion 3 Medium with DreamBooth.", "stability-noncommercial-research-community", "denied"),
    ("LoRA weights trained on Stable Diffusion 3.5 Large with DreamBooth.", "stability-community", "conditional"),
    ("Fine-tuned from Hunyuan-7B-Instruct on customer support logs.", "tencent-hunyuan-7b", "conditional"),
    ("This model is a fine-tuned version of Yi-34B-Chat on Chinese poetry.", "yi-license-1.0", "denied"),
    ("Fine-tuned from MiniCPM-2B-sft on medical dialogues.", "minicpm-model-license", "conditional"),
    ("Post-trained from Cosmos-Predict2-2B on warehouse videos.", "nvidia-open-model-license-20251024", "conditional"),
    ("This model is a fine-tuned version of DeepSeek-V2-Lite-Chat.", "deepseek-model", "conditional"),
    # Llama Guard: the Llama of its time (Guard 2 on Llama 3, Guard 3 1B on Llama 3.2), not the original LLaMA's terms
    ("Fine-tuned from Meta-Llama-Guard-2-8B on our moderation data.", "llama3", "conditional"),
    ("Fine-tuned from Llama-Guard-3-1B on our moderation data.", "llama3.2", "conditional"),
    ("Fine-tuned from Llama-Guard-4-12B on our moderation data.", "llama4", "conditional"),
])
def test_a_derivative_of_a_restricted_family_carries_its_license(tmp_path, sentence, rule, verdict):
    result = bert(tmp_path, "\n## Training\n\n" + sentence + "\n")
    assert rule in _candidates(result) and result.verdict == verdict, result.reasons


@pytest.mark.parametrize("sentence", [
    "This model is a fine-tuned version of aya-101 on a legal QA dataset.",          # Aya 101: Apache-2.0
    "This model is a fine-tuned version of DeepSeek-V3-0324.",                          # MIT from V3-0324 on
    "This model is a fine-tuned version of DeepSeek-V4-Flash.",
    "This model is a fine-tuned version of Yi-Coder-9B-Chat.",                          # Yi-Coder, Yi-1.5: Apache-2.0
    "GGUF quants of Ministral 3 8B.",                                                   # the Mistral 3 family: Apache-2.0
    "Quantized from Mistral-Large-3-675B-Instruct-2512.",
    # families named beside the base, not as it: a comparison, a sentence after a version number
    "Fine-tuned from BERT; it outperforms Yi-34B and Command R on our benchmark.",
    "Quantized from Mistral Small 3.1. Mistral Large, by contrast, is only available under another license.",
])
def test_a_family_that_is_not_a_restricted_base_changes_nothing(tmp_path, sentence):
    result = bert(tmp_path, "\n## Training\n\n" + sentence + "\n")
    assert result.verdict == "allowed", result.reasons


@pytest.mark.parametrize("sentence", [
    "Quantized from Ministral-8B-Instruct-2410.",
    "Quantized from Mistral-Large-Instruct-2411.",
])
def test_ministral_8b_and_mistral_large_2_stay_under_the_research_license(tmp_path, sentence):
    result = bert(tmp_path, "\n## Training\n\n" + sentence + "\n")
    assert "mistral-research-license" in _candidates(result) and result.verdict == "denied", result.reasons


# --- F5: lineage cues ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "rule"), [
    ("Q4_K_M quant of Llama-3.2-3B-Instruct.", "llama3.2"),
    ("Initialized from Llama-2-7b weights.", "llama2"),
    ("This is an SFT of gemma-2-9b-it.", "gemma"),
    ("Trained on top of Gemma 2 9B with Korean instructions.", "gemma"),
    ("A LoRA for Flux Dev trained with ai-toolkit.", "flux1-dev-noncommercial"),
    ("LoRA for flux-dev fill trained with kohya.", "flux1-dev-noncommercial"),
])
def test_a_lineage_said_in_other_words_is_read(tmp_path, sentence, rule):
    result = bert(tmp_path, "\n## Training\n\n" + sentence + "\n")
    assert rule in _candidates(result) and result.verdict != "allowed", result.reasons


def test_flux_schnell_named_without_its_1_stays_apache(tmp_path):
    result = bert(tmp_path, "\n## Training\n\nA LoRA for Flux Schnell trained with ai-toolkit.\n")
    assert result.verdict == "allowed", result.reasons


def test_a_model_index_name_naming_a_family_is_read_as_the_repo_name(tmp_path):
    result = bert(tmp_path, front_matter="model-index:\n- name: gemma-2-9b-it-sft-ko\n  results: []\n")
    assert "gemma" in _candidates(result) and result.verdict == "conditional", result.reasons
    assert any("name suggests a Gemma base" in reason for reason in result.reasons), result.reasons


def _bert_evidence(tmp_path: Path, card: str):
    (tmp_path / "README.md").write_text(card, encoding="utf-8")
    (tmp_path / "LICENSE").write_bytes((BERT / "LICENSE").read_bytes())
    return LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))


def test_the_base_model_tags_the_hub_writes_declare_the_base(tmp_path):
    card = (BERT / "README.md").read_text(encoding="utf-8")
    assert "- exbert\n" in card and "base_model" not in card
    tagged = card.replace("- exbert\n", "- exbert\n- base_model:CohereForAI/aya-expanse-8b\n"
                                        "- base_model:finetune:CohereForAI/aya-expanse-8b\n", 1)
    assert _bert_evidence(tmp_path, tagged).base_models == ("CohereForAI/aya-expanse-8b",)


def test_base_models_in_the_plural_declares_the_base(tmp_path):
    card = (BERT / "README.md").read_text(encoding="utf-8")
    plural = card.replace("license: apache-2.0\n", "license: apache-2.0\nbase_models:\n- CohereForAI/aya-expanse-8b\n", 1)
    assert _bert_evidence(tmp_path, plural).base_models == ("CohereForAI/aya-expanse-8b",)


def test_an_exbert_tag_declares_no_base(tmp_path):
    assert _bert_evidence(tmp_path, (BERT / "README.md").read_text(encoding="utf-8")).base_models == ()


# --- F11: a config.json's local path naming a family ---------------------------------------------------------------

def test_a_config_loaded_from_a_local_copy_of_command_r7b_carries_its_license(tmp_path):
    config = json.dumps({"_name_or_path": "/data/models/c4ai-command-r7b-12-2024",
                         "architectures": ["Cohere2ForCausalLM"], "model_type": "cohere2"})
    result = bert(tmp_path, files={"config.json": config})
    assert "cc-by-nc-4.0" in _candidates(result) and result.verdict == "denied", result.reasons


# --- real cards naming their own family ------------------------------------------------------------------------------

def test_the_svd_xt_card_under_the_community_license_stays_conditional():
    # its text names Stable Video Diffusion, whose first license was non-commercial; its own license_name
    # (stable-video-diffusion-community) says which terms apply
    result = case("stabilityai__stable-video-diffusion-img2vid-xt")
    assert result.verdict == "conditional" and "stable-video-diffusion-noncommercial" not in _candidates(result), result.reasons


def test_deepseek_r1s_card_naming_deepseek_v3_base_stays_mit():
    # "DeepSeek-R1-Zero & DeepSeek-R1 are trained based on DeepSeek-V3-Base": the repo name says which DeepSeek it is
    result = case("deepseek-ai__DeepSeek-R1")
    # (conditional for another reason: its License section's words about the Qwen distills, read as its label says)
    assert "deepseek-model" not in _candidates(result) and result.verdict == "conditional", result.reasons


# --- a chain: a LoRA of a GGUF repo whose card names Aya Expanse (review15's hub chain r15/leaf-lora -> r15/mid-gguf) --

def _bert_folder(folder: Path, card: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(card, encoding="utf-8")
    (folder / "LICENSE").write_bytes((BERT / "LICENSE").read_bytes())
    return folder


@pytest.mark.parametrize("declared", [
    "license: apache-2.0\nbase_model: acme/aya-expanse-8b-gguf\n",
    # the tags the Hub writes for that base_model, the key itself left out
    "license: apache-2.0\n",
])
def test_a_lora_of_a_quant_of_aya_expanse_is_denied(tmp_path, declared):
    card = (BERT / "README.md").read_text(encoding="utf-8")
    mid = _bert_folder(tmp_path / "mid", card + "\n## Quants\n\nGGUF quants of Aya Expanse 8B.\n")
    leaf_card = card.replace("license: apache-2.0\n", declared, 1)
    if "base_model" not in declared:
        leaf_card = leaf_card.replace("- exbert\n", "- exbert\n- base_model:finetune:acme/aya-expanse-8b-gguf\n", 1)
    leaf = _bert_folder(tmp_path / "leaf", leaf_card)
    result = judged(local(leaf, "acme/leaf-lora"), hub({"acme/aya-expanse-8b-gguf": mid}))
    assert result.verdict == "denied", result.reasons
    assert any("cc-by-nc-4.0" in reason for reason in result.reasons), result.reasons
