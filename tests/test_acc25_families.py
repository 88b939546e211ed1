"""Bases a card names in words that licscan did not know (review24, acc25): NLLB-200, MMS, SeamlessM4T, MusicGen,
Chameleon, Command A, FLUX.2, "Flux Krea Dev", CogVideoX, Kolors, LTX-2, Playground v2.5, StableLM 2, Stable Audio Open,
Jamba 1.5, Sana, EmbeddingGemma, TxGemma, CodeQwen1.5 and the community's "L3-8B" for Llama 3; and the models read as
restricted although Apache-2.0 (Mamba-Codestral-7B, Qwen2-Audio-7B, Qwen2-Math-7B). rules/card-words/families.yaml.

Each card is a local checkpoint folder declaring `license: apache-2.0` and shipping the Apache License 2.0 text
(license_texts/apache-2.0.txt, byte for byte), whose one sentence names its base; the sentences are written for these
tests. The twins name no family (an ordinary word, a data set's or a tool's name) or another version under another
license: they must not be read as the restricted base.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from licscan.classify import Classifier
from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.model import ManifestEntry, Project, Result
from licscan.rules import load_knowledge_base
from licscan.sources.local import LocalSource
from tests.test_config_lineage import not_on_the_hub

ROOT = Path(__file__).resolve().parents[1]
APACHE = (ROOT / "license_texts" / "apache-2.0.txt").read_bytes()
KB = load_knowledge_base()
CLASSIFIER = Classifier(KB)
COMMERCIAL = Evaluator(KB, Project(name="p", use="commercial"), today="2026-12-06")


def judge(tmp_path: Path, sentence: str, name: str = "acme-tuned", extra: dict[str, str] | None = None) -> Result:
    """The commercial-use result of a local folder declaring apache-2.0, shipping its text, whose card says ``sentence``."""
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(f"---\nlicense: apache-2.0\n---\n\n# {name}\n\n{sentence}\n", encoding="utf-8")
    (folder / "LICENSE").write_bytes(APACHE)
    for file, text in (extra or {}).items():
        (folder / file).write_text(text, encoding="utf-8")
    evidence = LocalSource(tmp_path, str(tmp_path / "models.lock")).fetch(ManifestEntry(name, "local", 1))
    lineage = Lineage(not_on_the_hub, CLASSIFIER)   # no network: a Hub base would be unreadable, and none is named
    lineage.prefetch([evidence])
    return COMMERCIAL.evaluate(evidence, CLASSIFIER.classify(evidence), lineage.ancestors(evidence))


def said(result: Result) -> str:
    return " ".join((*result.reasons, *result.classification.conflicts, *result.classification.notes))


# --- a base licscan knows the license of: that license applies, and the card's apache-2.0 does not allow it ------------

@pytest.mark.parametrize(("sentence", "rule_id", "verdict"), [
    ("This model is NLLB-200-distilled-600M fine-tuned on two million English-Swahili sentence pairs.", "cc-by-nc-4.0", "denied"),
    ("Fine-tuned from nllb-moe-54b on Hausa news.", "cc-by-nc-4.0", "denied"),
    ("A Yoruba speech recogniser: MMS-1B-all with its adapter fine-tuned on forty hours of read speech.", "cc-by-nc-4.0", "denied"),
    ("We fine-tuned SeamlessM4T v2 Large on Hindi call-centre audio for speech-to-text.", "cc-by-nc-4.0", "denied"),
    ("Fine-tuned from SeamlessExpressive on our studio recordings.", "seamless-license", "denied"),
    ("Fine-tuned from MusicGen-small on thirty hours of lo-fi loops.", "cc-by-nc-4.0", "denied"),
    ("This is Cohere's Command A fine-tuned with LoRA on contract clauses.", "cc-by-nc-4.0", "denied"),
    ("Fine-tuned from command-a-03-2025 on our support tickets.", "cc-by-nc-4.0", "denied"),
    ("A LoRA trained on FLUX.2 [dev] with ai-toolkit, 3000 steps.", "flux-noncommercial-v2.1", "denied"),
    ("A LoRA for Flux Krea Dev, 40 portraits.", "flux1-dev-noncommercial", "denied"),
    ("A LoRA for CogVideoX-5B, trained with cogvideox-factory.", "cogvideox-license", "conditional"),
    ("A LoRA for Kolors. Trigger: `inkwash`.", "kolors-model-license-20240705", "denied"),
    ("A LoRA for LTX-2. Trigger: `filmgrain`.", "ltx-2-community-20260105", "conditional"),
    ("A fine-tune of Playground v2 on product photos.", "playground-v2-community", "conditional"),
    ("Stable Audio Open Small fine-tuned on one-shot drum samples.", "stability-community", "conditional"),
    ("This is EmbeddingGemma-300m fine-tuned on legal question-passage pairs.", "gemma", "conditional"),
    ("TxGemma-9B-predict fine-tuned on our toxicity assays.", "google-hai-def-terms", "conditional"),
    ("This model is CodeQwen1.5-7B-Chat fine-tuned on text-to-SQL pairs.", "tongyi-qianwen", "conditional"),
    ("A roleplay fine-tune of L3-8B-Instruct on multi-turn chats.", "llama3", "conditional"),
    ("A merge of L3-8B-Stheno-v3.2 and L3-8B-Lunaris-v1, SLERP, t=0.5.", "llama3", "conditional"),
    ("A fine-tune of L3.1-70B-Euryale on story prompts.", "llama3.1", "conditional"),
    ("This model is Qwen2-Math-72B-Instruct fine-tuned on olympiad problems.", "tongyi-qianwen", "conditional"),
    ("This model is Codestral-22B-v0.1 fine-tuned on Python functions.", "mistral-non-production-license", "denied"),
])
def test_a_base_named_in_words_carries_its_license(tmp_path, sentence, rule_id, verdict):
    result = judge(tmp_path, sentence)
    assert rule_id in result.classification.candidates, (sentence, result.classification.candidates, result.reasons)
    assert result.verdict == verdict, (sentence, result.verdict, result.reasons)
    assert any(rule_id in reason for reason in result.reasons), result.reasons   # the verdict says why


def test_an_adapter_whose_base_is_a_local_nllb_200_folder_carries_its_license(tmp_path):
    config = json.dumps({"base_model_name_or_path": "/data/nllb-200-distilled-600M", "peft_type": "LORA", "r": 8})
    result = judge(tmp_path, "A LoRA adapter for English to Hausa.", extra={"adapter_config.json": config})
    assert result.classification.license_id == "cc-by-nc-4.0", result.reasons
    assert result.verdict == "denied", result.reasons
    assert any("nllb-200-distilled-600M" in reason and "cc-by-nc-4.0" in reason for reason in result.reasons), result.reasons


# --- a base under a license licscan has no text for: unknown, naming it ---------------------------------------------

@pytest.mark.parametrize(("sentence", "missing"), [
    ("This is Chameleon-7B fine-tuned for dense image captioning.", "chameleon-research-license"),
    ("A fine-tune of Playground v2.5 on product photos.", "playground-v2.5-community"),
    ("Fine-tuned from StableLM 2 Zephyr 1.6B on customer-support dialogues.", "stablelm-2-noncommercial-research-community"),
    ("Stable Audio Open 1.0 fine-tuned on one-shot drum samples.", "stable-audio-nc-community"),
    ("This model is Jamba 1.5 Mini fine-tuned on support tickets.", "jamba-open-model-license"),
    ("This model is AI21-Jamba-Large-1.6 fine-tuned on support tickets.", "jamba-open-model-license"),
    ("A LoRA for Sana 1600M 1024px.", "nvidia-sana-nscl-v2-custom"),
])
def test_a_base_whose_license_licscan_lacks_is_unknown_and_says_which(tmp_path, sentence, missing):
    result = judge(tmp_path, sentence)
    assert result.verdict == "unknown", (sentence, result.verdict, result.reasons)
    assert missing in said(result), (sentence, result.reasons)


# --- Apache-2.0 models of restricted families, and other versions under other licenses --------------------------------

@pytest.mark.parametrize("sentence", [
    "This model is Mamba-Codestral-7B-v0.1 fine-tuned on fifty thousand Python functions.",
    "This model is Qwen2-Audio-7B-Instruct fine-tuned on call-centre audio.",
    "This model is Qwen2-Math-7B-Instruct fine-tuned on olympiad problems.",
    "A LoRA for CogVideoX-2B, trained on 200 clips.",
    "A LoRA for FLUX.2 [klein] 4B, 2000 steps.",
    "This model is Jamba-v0.1 fine-tuned on support tickets.",
])
def test_an_apache_base_of_a_restricted_family_stays_allowed(tmp_path, sentence):
    result = judge(tmp_path, sentence)
    assert result.classification.candidates == ("apache-2.0",), (sentence, result.classification.candidates, result.reasons)
    assert result.verdict == "allowed", (sentence, result.reasons)


# --- ordinary words, data sets and tools: no family ------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Fine-tuned from Mistral-7B-v0.1 on the NLLB data set (allenai/nllb) for Swahili.",
    "Fine-tuned from Mistral-7B-v0.1 on MMS messages from our support line.",
    "Fine-tuned from Mistral-7B-v0.1 for seamless streaming translation of live captions.",
    "Fine-tuned from Mistral-7B-v0.1; generate soundtracks with the MusicGen pipeline afterwards.",
    "Fine-tuned from Mistral-7B-v0.1 on chameleon colour-change videos.",
    "Fine-tuned from Mistral-7B-v0.1; run the command a second time to resume training.",
    "Fine-tuned from Mistral-7B-v0.1 on prompts asking for vibrant kolors and soft light.",
    "Fine-tuned from Mistral-7B-v0.1 on photos of a playground in summer.",
    "Fine-tuned from Mistral-7B-v0.1 on dance videos: salsa, jamba and samba.",
    "Fine-tuned from Mistral-7B-v0.1 su ricette per una cucina sana.",
    "Fine-tuned from Mistral-7B-v0.1 with L3 cache-friendly kernels on 8 GPUs.",
    "Fine-tuned from Mistral-7B-v0.1, trained with cogvideox-factory's data loader.",
])
def test_an_ordinary_word_or_a_tools_name_names_no_base(tmp_path, sentence):
    result = judge(tmp_path, sentence)
    assert result.classification.candidates == ("apache-2.0",), (sentence, result.classification.candidates, result.reasons)
    assert result.verdict == "allowed", (sentence, result.reasons)
