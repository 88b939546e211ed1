"""acc39 (review38): what the family and merge-tag readers of acc37 read wrongly.

1. On a card tagged as a merge, a slashed tag that is no model ("roleplay/uncensored", "en/us", "4-bit/8-bit") was taken for
   a parent (a false unknown: "repository not found"), and a tag's parent was reported as listed by "the mergekit card".
   Only tags shaped like a model's Hub repo id are parents, and the note says they come from the card's tags.
2. "Llama3.1ForFinance" (a model's name) was taken for a transformers class, so the Llama 3.1 base it names was dropped
   (a fail-open). Only transformers' task endings name a class.
3. "llama-32k-instruct" (a 32K context) was read as Llama 3.2.
4. SDXL-Lightning (openrail++), Juggernaut XL and NoobAI-XL (terms licscan does not know) named as a LoRA's base, and
   "Base model - Illustrious", left the card's MIT alone (fail-opens).

The merge cards are the review's (mergekit's card template's words, its tags varied), with the real Apache-2.0 text of
license_texts/ as LICENSE; their parents are served from the fake Hub's real copies (tests/fakehub/repos). The diffusion
cards are the real diffusers DreamBooth-LoRA card of benchmarks/real_cards (MaxTGH/SDXL1e-3) as test_acc37_derivatives
makes it (base_model out, MIT), its template sentence replaced by the review's words.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from licscan.model import Evidence, ManifestEntry, Result
from licscan.sources.card_parents import merge_tag_models
from tests.test_acc37_derivatives import CLASSIFIER, COMMERCIAL, judge_card, mit_lora, verdict
from tests.test_config_lineage import local, not_on_the_hub

ROOT = Path(__file__).resolve().parent.parent
FAKEHUB = ROOT / "tests" / "fakehub" / "repos"

# --- 1. merge parents in a card's tags ---------------------------------------------------------------------------------


def merge_card(tags: list[str]) -> str:
    return ("---\nlicense: apache-2.0\ntags:\n" + "".join(f"- {tag}\n" for tag in tags)
            + "---\n# Merge\n\nThis is a merge of pre-trained language models.\n")


def from_the_fake_hub(tmp_path: Path):
    """A fetch serving the fake Hub's copies (README.md, LICENSE) of its repos, and 'repository not found' for others."""
    def fetch(entry: ManifestEntry) -> Evidence:
        source = FAKEHUB / entry.ref
        if not (source / "README.md").is_file():
            return not_on_the_hub(entry)
        folder = tmp_path / "hub" / entry.ref
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("README.md", "LICENSE"):
            if (source / name).is_file():
                shutil.copyfile(source / name, folder / name)
        return local(folder, entry.ref)
    return fetch


def judge_merge(tmp_path: Path, tags: list[str], body_extra: str = "") -> tuple[Result, list]:
    from licscan.lineage import Lineage

    folder = tmp_path / "merge"
    folder.mkdir()
    (folder / "README.md").write_text(merge_card(tags) + body_extra, encoding="utf-8")
    shutil.copyfile(ROOT / "license_texts" / "apache-2.0.txt", folder / "LICENSE")
    evidence = local(folder, "acme/merge")
    lineage = Lineage(from_the_fake_hub(tmp_path), CLASSIFIER)
    lineage.prefetch([evidence])
    ancestors = lineage.ancestors(evidence)
    return COMMERCIAL.evaluate(evidence, CLASSIFIER.classify(evidence), ancestors), ancestors


@pytest.mark.parametrize("not_a_model", ["roleplay/uncensored", "en/us", "4-bit/8-bit", "EN/US", "fp16/bf16"])
def test_a_slashed_tag_that_is_no_model_is_no_merge_parent(tmp_path: Path, not_a_model: str) -> None:
    # review38 d02, d06, d07: unknown ("repository not found") before
    result, ancestors = judge_merge(tmp_path, ["merge", "mergekit", "mistralai/Mistral-7B-v0.1", not_a_model])
    assert verdict(result) == ("allowed", "apache-2.0"), result.reasons
    assert [a.repo_id for a in ancestors] == ["mistralai/Mistral-7B-v0.1"]
    assert merge_tag_models(("merge", not_a_model)) == []


def test_a_tags_parent_is_said_to_come_from_the_tags(tmp_path: Path) -> None:
    result, _ = judge_merge(tmp_path, ["merge", "mergekit", "mistralai/Mistral-7B-v0.1"])
    assert "note: the card's tags list 'mistralai/Mistral-7B-v0.1' among the models merged (read as base_model)" in result.reasons
    assert not any("the mergekit card lists" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize(("tags", "expected", "parents"), [
    # review38 d01, d04, d10: real repos in the tags stay parents, whatever their names' shape
    (["merge", "mergekit", "lazymergekit", "mistralai/Mistral-7B-v0.1", "openai/whisper-small"], ("allowed", "apache-2.0"),
     ["mistralai/Mistral-7B-v0.1", "openai/whisper-small"]),
    (["merge", "facebook/musicgen-small"], ("denied", "cc-by-nc-4.0"), ["facebook/musicgen-small"]),
    (["merge", "mergekit", "mistralai/Mistral-7B-v0.1", "openai/gpt-oss-20b"], ("allowed", "apache-2.0"),
     ["mistralai/Mistral-7B-v0.1", "openai/gpt-oss-20b"]),
    # a repo the Hub does not have, shaped like a model's: still a parent that could not be read
    (["merge", "mistralai/Mistral-7B-v0.1", "acme-labs/secret-merge-7B"], ("unknown", "unknown"),
     ["mistralai/Mistral-7B-v0.1", "acme-labs/secret-merge-7B"]),
])
def test_tags_shaped_like_models_stay_merge_parents(tmp_path: Path, tags: list[str], expected: tuple[str, str],
                                                    parents: list[str]) -> None:
    result, ancestors = judge_merge(tmp_path, tags)
    assert verdict(result) == expected, result.reasons
    assert sorted(a.repo_id for a in ancestors) == sorted(parents)


def test_mergekits_own_list_keeps_its_note(tmp_path: Path) -> None:
    listed = ("\n## Models Merged\n\nThe following models were included in the merge:\n"
              "* [mistralai/Mistral-7B-v0.1](https://huggingface.co/mistralai/Mistral-7B-v0.1)\n")
    result, _ = judge_merge(tmp_path, ["merge", "mergekit", "mistralai/Mistral-7B-v0.1"], listed)
    assert verdict(result) == ("allowed", "apache-2.0"), result.reasons
    assert "note: the mergekit card lists 'mistralai/Mistral-7B-v0.1' among the models merged (read as base_model)" in result.reasons


def test_real_lazymergekit_tags_are_read() -> None:
    tags = ("merge", "mergekit", "lazymergekit", "teknium/OpenHermes-2.5-Mistral-7B", "abacusai/Slerp-CM-mist-dpo",
            "berkeley-nest/Starling-LM-7B-alpha", "mergekit-community/good_mix_model_Stock", "model_stock", "dpo")
    assert merge_tag_models(tags) == list(tags[3:7])


# --- 2. a model's name with "For" in it --------------------------------------------------------------------------------

TEXT_MODEL = "license: mit\ntags:\n- text-generation"


def text_card(body: str) -> str:
    return f"---\n{TEXT_MODEL}\n---\n# Chatbot\n\n{body}\n"


def test_a_models_name_with_for_is_no_code_class(tmp_path: Path) -> None:
    # review38 e06: allowed (MIT alone) before
    result = judge_card(tmp_path, "fin-chat", text_card("Fine-tuned from Llama3.1ForFinance, our previous model."))
    assert verdict(result) == ("conditional", "llama3.1"), result.reasons


@pytest.mark.parametrize(("body", "unexpected"), [
    ("Architecture: Qwen2ForCausalLM. Trained from scratch on our data.", "tongyi-qianwen"),   # review38 c10
    ("Architecture: LlamaForSequenceClassification. Trained from scratch on our data.", "llama1-weights"),
    ("Architecture: Qwen2_5_VLForConditionalGeneration. Trained from scratch on our data.", "qwen-research"),
])
def test_transformers_classes_still_name_no_base(tmp_path: Path, body: str, unexpected: str) -> None:
    result = judge_card(tmp_path, "scratch", text_card(body))
    assert verdict(result) == ("allowed", "mit"), result.reasons
    assert unexpected not in result.classification.candidates


# --- 3. a context length after a family's name -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["llama-32k-instruct", "llama31k-chat", "qwen25k-base"])
def test_a_context_length_is_no_compact_version(tmp_path: Path, name: str) -> None:
    # review38: "llama-32k-instruct" was read as Llama 3.2 (conditional)
    result = judge_card(tmp_path, name, "---\nlicense: apache-2.0\n---\n\n# Model X\n\nA small text model fine-tuned for chat.\n")
    assert not {"llama3.2", "llama3.1", "qwen-research"} & set(result.classification.candidates), result.reasons


# --- 4. SDXL models named as a LoRA's base -----------------------------------------------------------------------------


def test_sdxl_lightning_is_under_openrail_plus_plus(tmp_path: Path) -> None:
    # review38 c15: allowed (MIT alone) before
    result = judge_card(tmp_path, "lora", mit_lora("These are LoRA adaption weights for ByteDance/SDXL-Lightning."))
    assert verdict(result) == ("conditional", "openrail++"), result.reasons


@pytest.mark.parametrize(("sentence", "named"), [
    ("Trained on Juggernaut XL v9 (RunDiffusion/Juggernaut-XL-v9).", "juggernaut-xl-terms"),     # review38 c16
    ("Base model - Illustrious", "illustrious-xl-license"),                                      # review38 c27
    ("Trained on NoobAI-XL (Illustrious-based).", "noobai-xl-license"),                          # review38 c28
])
def test_a_base_under_terms_licscan_does_not_know_is_unknown(tmp_path: Path, sentence: str, named: str) -> None:
    result = judge_card(tmp_path, "lora", mit_lora(None, sentence))
    assert result.verdict == "unknown", result.reasons
    assert any(named in r and "does not know" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize("sentence", [
    "A lightning-fast style LoRA for SDXL.",
    "This style hits like a juggernaut. Works with SDXL.",
    "Noob-friendly settings: 20 steps, CFG 7.",
    "An illustrious career inspired this style.",
])
def test_the_words_name_no_base(tmp_path: Path, sentence: str) -> None:
    assert verdict(judge_card(tmp_path, "lora", mit_lora(None, sentence))) == ("allowed", "mit")
