"""Quantisation and conversion cards naming the original by its family's name (acc51, review52's false allows).

- A bare "Original model:" label line, as TheBloke's and LM Studio's quant cards write it ("- Original model: Yi-34B-Chat",
  "**Original model**: FLUX.1-dev"), gave no base unless a Hub id followed it (phrases.yaml source_phrases): the family's
  name now gives the family's base, as "Base model: X" does;
- a title that is a model's name and the format it was packaged in ("# SDXL-Turbo OpenVINO", "# SVD XT 1.1 fp8",
  "# musicgen-small-onnx") was read only with "GGUF" in it: the other packaging words now read the same way, in such a
  title only (a sentence of prose that runs a model "in fp16" names no base);
- Stable Code 3B and StableLM Zephyr 3B (Stability AI's Non-Commercial Research Community License of Dec 6 2023, later the
  Community License) were families licscan had no rule for;
- a sentence-transformers model's "0_Transformer/config.json" '_name_or_path' and a merge card's "### Models Merged" list
  without mergekit's lead-in line were not read: the base they name is followed (the fake Hub's facebook/musicgen-small,
  CC BY-NC 4.0).

Cards are local folders with reviewer-style quant headings (review52's cards), judged under the card's own permissive
license; the folder's name names no model, so the card's words decide. The folders of item 3 ship license_texts/mit.txt.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.test_acc28_lineage_files import TEXTS, checkpoint
from tests.test_acc28_lineage_files import judge as judge_folder
from tests.test_acc33_family_versions import ids, judge

# --- 1. "Original model:" naming a family ----------------------------------------------------------------------------

@pytest.mark.parametrize(("own", "body", "restricted"), [
    ("apache-2.0", "# Acme quants\n\nOriginal model: c4ai-command-r-plus-08-2024", "cc-by-nc-4.0"),
    ("apache-2.0", "Original model: Command R+", "cc-by-nc-4.0"),
    ("mit", "Original model: EXAONE-3.5-7.8B-Instruct", "exaone-1.1-nc"),
    ("mit", "- Original model: Yi-34B-Chat", "yi-license-1.0"),
    ("mit", "**Original model**: FLUX.1-dev", "flux1-dev-noncommercial"),
    ("mit", "Original model: Codestral-22B-v0.1", "mistral-non-production-license"),
    ("mit", "Model creator: Cohere\nOriginal model: Aya 23 8B", "cc-by-nc-4.0"),
    ("mit", "# MusicGen Small\n\nOriginal model: MusicGen Small by Meta.", "cc-by-nc-4.0"),
])
def test_an_original_model_line_naming_a_non_commercial_family_is_denied(tmp_path: Path, own: str, body: str,
                                                                         restricted: str) -> None:
    result = judge(tmp_path, "acme-quants", own, body)
    assert result.verdict == "denied", (result.verdict, result.reasons)
    assert restricted in ids(result), result.reasons


@pytest.mark.parametrize(("own", "body"), [
    ("apache-2.0", "- Original model: Yi-1.5-9B-Chat"),                 # Yi-1.5: Apache-2.0
    ("apache-2.0", "Original model: Mamba-Codestral-7B-v0.1"),          # Codestral Mamba: Apache-2.0
    ("mit", "Original model: our own 7B chat model, trained from scratch"),
])
def test_an_original_model_line_under_the_cards_own_terms_stays_allowed(tmp_path: Path, own: str, body: str) -> None:
    result = judge(tmp_path, "acme-quants", own, body)
    assert result.verdict == "allowed", (result.verdict, result.reasons)


# --- 1. titles: a family and the format it was packaged in -----------------------------------------------------------

@pytest.mark.parametrize(("body", "restricted", "verdict"), [
    ("# SDXL-Turbo OpenVINO\n\nConverted with optimum-intel.", "stability-noncommercial-research-community", "denied"),
    ("# SVD-XT fp16 safetensors\n\nHalf-precision weights.", "stable-video-diffusion-noncommercial", "denied"),
    ("# SVD XT 1.1 fp8\n\nEight-bit weights.", "stability-community", "conditional"),
    ("# musicgen-small-onnx\n\nExported with optimum.", "cc-by-nc-4.0", "denied"),
    ("# Yi-34B-Chat-AWQ\n\nFour-bit weights.", "yi-license-1.0", "denied"),
    ("# FLUX.1 [dev] fp8\n\nEight-bit weights.", "flux1-dev-noncommercial", "denied"),
])
def test_a_title_naming_a_family_and_its_packaging_gives_the_base(tmp_path: Path, body: str, restricted: str,
                                                                   verdict: str) -> None:
    result = judge(tmp_path, "acme-weights", "mit", body)
    assert result.verdict == verdict, (result.verdict, result.reasons)
    assert restricted in ids(result), result.reasons


@pytest.mark.parametrize("body", [
    "# Acme tagger\n\nWe recommend running the tagger in fp16; its outputs were compared against SDXL-Turbo in our paper.",
    "# Acme tagger\n\nExport it to ONNX with optimum, as you would export musicgen-small or any other model.",
])
def test_a_packaging_word_in_prose_gives_no_base(tmp_path: Path, body: str) -> None:
    result = judge(tmp_path, "acme-weights", "mit", body)
    assert result.verdict == "allowed", (result.verdict, result.reasons)


# --- 2. Stable Code 3B and StableLM Zephyr 3B ------------------------------------------------------------------------

@pytest.mark.parametrize(("own", "body"), [
    ("apache-2.0", "# stable-code-3b-GGUF\n\nOriginal model: stable-code-3b"),
    ("mit", "# stablelm-zephyr-3b-GGUF\n\nOriginal model: stablelm-zephyr-3b"),
    ("mit", "This model is a fine-tune of StableLM Zephyr 3B on support tickets."),
])
def test_stable_code_3b_and_stablelm_zephyr_3b_are_non_commercial(tmp_path: Path, own: str, body: str) -> None:
    result = judge(tmp_path, "acme-quants", own, body)
    assert result.verdict == "denied", (result.verdict, result.reasons)
    assert "stability-noncommercial-research-community-20231206" in ids(result), result.reasons


def test_a_card_under_the_community_license_naming_stable_code_3b_is_under_it(tmp_path: Path) -> None:
    # the models moved to the Community License: a card declaring it by name is under it, as a Yi card naming Yi's
    # Community License is
    result = judge(tmp_path, "acme-quants", "other\nlicense_name: stabilityai-ai-community",
                   "# stable-code-3b-GGUF\n\nOriginal model: stable-code-3b")
    assert (result.verdict, ids(result)) == ("conditional", {"stability-community"}), result.reasons


def test_a_card_naming_the_non_commercial_research_license_is_not_under_the_community_license(tmp_path: Path) -> None:
    result = judge(tmp_path, "acme-quants", "mit", "# stablelm-zephyr-3b-GGUF\n\nOriginal model: stablelm-zephyr-3b\n\n"
                   "License: StabilityAI Non-Commercial Research Community License.")
    assert result.verdict == "denied", (result.verdict, result.reasons)


@pytest.mark.parametrize("body", [
    "# stablecode-completion-alpha-3b-GGUF\n\nOriginal model: stablecode-completion-alpha-3b",   # Apache-2.0, an older model
    "# stablelm-3b-4e1t-GGUF\n\nOriginal model: stablelm-3b-4e1t",                               # CC BY-SA-4.0
])
def test_other_stability_3b_models_are_not_those_families(tmp_path: Path, body: str) -> None:
    result = judge(tmp_path, "acme-quants", "apache-2.0", body)
    assert "stability-noncommercial-research-community-20231206" not in ids(result), result.reasons


# --- 3. bases in other files: a sentence-transformers module's config, a "Models Merged" list without its lead-in ----

_MODULES = json.dumps([{"idx": 0, "name": "0", "path": "0_Transformer", "type": "sentence_transformers.models.Transformer"},
                       {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}])


@pytest.mark.parametrize("top_config", [None, json.dumps({"_name_or_path": "/root/out", "model_type": "bert"})])
def test_a_sentence_transformers_module_config_names_the_base(tmp_path: Path, top_config: str | None) -> None:
    files = {"modules.json": _MODULES, "0_Transformer/config.json": json.dumps({"_name_or_path": "facebook/musicgen-small"}),
             "1_Pooling/config.json": json.dumps({"word_embedding_dimension": 768})}
    if top_config is not None:
        files["config.json"] = top_config
    result = judge_folder(checkpoint(tmp_path / "st", "mit.txt", "mit", files))
    assert result.verdict == "denied", (result.verdict, result.reasons)
    assert "cc-by-nc-4.0" in ids(result), result.reasons


def test_a_sentence_transformers_module_config_naming_a_local_path_changes_nothing(tmp_path: Path) -> None:
    files = {"modules.json": _MODULES, "0_Transformer/config.json": json.dumps({"_name_or_path": "/root/runs/encoder"})}
    result = judge_folder(checkpoint(tmp_path / "st", "mit.txt", "mit", files))
    assert result.verdict == "allowed", (result.verdict, result.reasons)


def _merge_card(folder: Path, section: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(f"---\nlicense: mit\ntags:\n- merge\n---\n\n# Acme-Chat\n\nA chat model by Acme.\n\n{section}",
                                      encoding="utf-8")
    shutil.copyfile(TEXTS / "mit.txt", folder / "LICENSE")
    return folder


def test_a_models_merged_list_without_its_lead_in_names_the_parents(tmp_path: Path) -> None:
    section = ("### Models Merged\n\n* [facebook/musicgen-small](https://huggingface.co/facebook/musicgen-small)\n"
               "* [acme/no-license-model](https://huggingface.co/acme/no-license-model)\n")
    result = judge_folder(_merge_card(tmp_path / "merge", section))
    assert result.verdict == "denied", (result.verdict, result.reasons)
    assert "cc-by-nc-4.0" in ids(result), result.reasons


def test_a_list_under_another_heading_names_no_parent(tmp_path: Path) -> None:
    section = "### Models Compared\n\n* [facebook/musicgen-small](https://huggingface.co/facebook/musicgen-small)\n"
    result = judge_folder(_merge_card(tmp_path / "merge", section))
    assert result.verdict == "allowed", (result.verdict, result.reasons)
