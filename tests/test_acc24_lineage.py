"""Lineage misses left on real cards and review leftovers (acc24): a Yi License named without its version (review21 F4),
a model named as a dataset's source in Japanese, Chinese and Korean (review23), the T5, DistilRoBERTa, multilingual BERT,
DialoGPT and Whisper families on the real cards that name them only in prose or the repo name, and an OpenAI source the
Hub copy lacks beside the Apache-2.0 text the card ships. Each with its restricted twin, which still fails closed."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from licscan.classify.card_words import load_card_words
from licscan.classify.strategies.families_named import families_named
from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.model import Evidence, ManifestEntry, Project
from licscan.sources.local import LocalSource
from tests.test_card_text_reading import CLASSIFIER, KB, bert, case
from tests.test_config_lineage import not_on_the_hub
from tests.test_real_card_gaps import CASES

TEXTS = Path(__file__).resolve().parent.parent / "license_texts"

# --- review21 F4: the Yi License named without its version ------------------------------------------------------------

# review21's repros (/tmp/review21/yi-meta, yi-prose): a Yi-34B fine-tune copying 01-ai's first metadata, and one whose
# License section names "the Yi License"
YI_META = """---
license: other
license_name: yi-license
license_link: https://github.com/01-ai/Yi/blob/main/MODEL_LICENSE_AGREEMENT.txt
language:
- en
pipeline_tag: text-generation
---

# Yi-34B-Legal-SFT

This model is a fine-tuned version of Yi-34B on 40k legal question-answer pairs.
{more}
## Training procedure

Full fine-tune, 3 epochs, lr 1e-5, 8xA100.
"""
YI_PROSE = """---
language:
- en
pipeline_tag: text-generation
---

# Tess-Legal-34B

This model is a fine-tuned version of Yi-34B on 40k legal question-answer pairs.

## License

This model is subject to the Yi License of its base model.
"""


def judged_folder(folder: Path, card: str, ref: str, files: dict[str, bytes] | None = None):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(card, encoding="utf-8")
    for name, data in (files or {}).items():
        (folder / name).write_bytes(data)
    evidence = LocalSource(folder, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    evidence = replace(evidence, entry=ManifestEntry(ref=ref, kind="local", line=1))
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))


@pytest.mark.parametrize("card", [YI_META.format(more=""), YI_PROSE], ids=["license_name", "prose"])
def test_a_yi_license_named_without_its_version_beside_a_yi_base_is_the_first_text(tmp_path, card):
    result = judged_folder(tmp_path, card, "acme/Yi-34B-Legal-SFT")
    assert "yi-license-1.0" in result.classification.candidates and result.verdict == "denied", result.reasons
    assert any("the card naming the Yi license without its version" in r for r in result.reasons), result.reasons


def test_a_yi_card_shipping_the_community_license_text_is_under_it(tmp_path):
    result = judged_folder(tmp_path, YI_META.format(more=""), "acme/Yi-34B-Legal-SFT",
                           {"LICENSE": (TEXTS / "yi-community-2.1.txt").read_bytes()})
    assert "yi-license-1.0" not in result.classification.candidates, result.reasons
    assert (result.classification.license_id, result.verdict) == ("yi-community-2.1", "conditional"), result.reasons


def test_a_yi_card_naming_the_community_license_is_under_it(tmp_path):
    more = "\nAll use must follow the Yi Series Models Community License Agreement.\n"
    result = judged_folder(tmp_path, YI_META.format(more=more), "acme/Yi-34B-Legal-SFT")
    assert "yi-license-1.0" not in result.classification.candidates and result.verdict == "conditional", result.reasons


def test_a_yi_license_name_alone_names_no_version(tmp_path):
    # no Yi model named: "license_name: yi-license" is still the name of every Yi text
    card = "---\nlicense: other\nlicense_name: yi-license\n---\n\n# Legal-SFT-34B\n\nA legal assistant.\n"
    result = judged_folder(tmp_path, card, "acme/Legal-SFT-34B")
    assert "yi-license-1.0" in result.classification.candidates and result.verdict == "denied", result.reasons


def test_a_yi_community_license_name_pins_its_version(tmp_path):
    card = "---\nlicense: other\nlicense_name: yi-community-license\n---\n\n# Legal-SFT-34B\n\nFine-tuned from Yi-34B.\n"
    result = judged_folder(tmp_path, card, "acme/Legal-SFT-34B")
    assert (result.classification.license_id, result.verdict) == ("yi-community-2.1", "conditional"), result.reasons


@pytest.mark.parametrize("folder", ["01-ai__Yi-34B-Chat-4bits", "OrionStarAI__OrionStar-Yi-34B-Chat"])
def test_acc19s_yi_cards_naming_the_community_license_stay_under_it(folder):
    # "The Yi Series Models Community License Agreement is updated to v2.1"; "《Yi-34B 模型社区许可协议》"
    result = case(folder)
    assert (result.classification.license_id, result.verdict) == ("yi-community-2.1", "conditional"), result.reasons


# --- review23: a model named as the source of a dataset ----------------------------------------------------------------


@pytest.mark.parametrize("appended", [
    "本モデルは Mistral-7B-v0.1 を、Vicuna の会話データを元に作成した日本語データセットでファインチューニングしたモデルです。",
    "本模型基于 Mistral-7B-v0.1，使用 Vicuna 的对话数据进行微调。",
    "이 모델은 Mistral-7B-v0.1을 기반으로 Vicuna 대화 데이터로 미세 조정되었습니다.",
])
def test_a_model_named_as_a_datasets_source_is_no_base(tmp_path, appended):
    result = bert(tmp_path, f"\n## Model\n\n{appended}\n")
    assert "llama1-weights" not in result.classification.candidates and result.verdict == "allowed", result.reasons


@pytest.mark.parametrize("appended", [
    "本モデルは Vicuna-13B をベースに、日本語データセットでファインチューニングしたモデルです。",
    "本模型基于 Vicuna-13B，使用中文数据集进行微调。",
    "이 모델은 Vicuna-13B를 기반으로 한국어 데이터로 미세 조정되었습니다.",
    "本モデルは Vicuna-13Bを日本語データでファインチューニングしたモデルです。",
])
def test_a_base_named_beside_the_data_words_is_still_read(tmp_path, appended):
    result = bert(tmp_path, f"\n## Model\n\n{appended}\n")
    assert "llama1-weights" in result.classification.candidates and result.verdict == "denied", result.reasons


# --- round 17: the families named only in prose or the repo name --------------------------------------------------------


@pytest.mark.parametrize("folder,license_id", [
    ("SEBIS__code_trans_t5_base_code_documentation_generation_php", "apache-2.0"),   # "based on the `t5-base` model"
    ("mrm8488__distilroberta-finetuned-age_news-classification", "apache-2.0"),      # "distilroberta-base fine-tuned on"
    ("bhavikardeshna__multilingual-bert-base-cased-german", "apache-2.0"),           # the repo name only
    ("eclare__DialoGPT-small-SCHAEFER", "mit"),
    ("ssam__DialoGPT-small-RickmfSanchez", "mit"),
])
def test_a_card_naming_its_base_family_only_in_words_carries_its_license(folder, license_id):
    result = case(folder)
    assert result.classification.license_id == license_id and not result.failed, result.reasons


@pytest.mark.parametrize("written", [
    "the T5 tokenizer", "t5-base-japanese", "mt5-base", "flan-t5-base", "long-t5-base", "the t5-base tokenizer",
    "BERT-style encoder", "bert-base-multilingual-uncased", "distil-whisper/distil-large-v3", "kotoba-whisper-v2.0",
    "faster-whisper-large-v3", "a whisper", "GPT-2 tokenizer",
])
def test_common_words_and_other_models_name_none_of_the_new_families(written):
    new = {"T5", "DistilRoBERTa", "multilingual BERT", "Whisper", "DialoGPT"}
    named = {family.family for family in families_named(load_card_words(), [(written, written)])}
    assert not named & new, named


def test_a_card_named_after_another_t5_stays_unknown(tmp_path):
    # sonoisa's t5-base-japanese was trained from scratch: its name is no Google T5
    result = judged_folder(tmp_path, "# t5-base-japanese fine-tuned for QA\n", "acme/t5-base-japanese-qa")
    assert result.classification.license_id == "unknown" and result.failed, result.reasons


# --- round 19: an OpenAI source the Hub copy lacks, beside the Apache-2.0 text the card ships -----------------------------


def whisper_bn(tmp_path: Path, source: str = "openai/whisper-small", license_text: str = "") -> Evidence:
    folder = tmp_path / "whisper"
    shutil.copytree(CASES / "shhossain__whisper_small_bn_anuragshas" / "files", folder)
    card = (folder / "README.md").read_text(encoding="utf-8")
    (folder / "README.md").write_text(card.replace("openai/whisper-small", source), encoding="utf-8")
    if license_text:
        shutil.copyfile(TEXTS / license_text, folder / "LICENSE")
    evidence = LocalSource(folder, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    return replace(evidence, entry=ManifestEntry(ref="shhossain/whisper_small_bn_anuragshas", kind="local", line=1))


def judged_with_lineage(evidence: Evidence):
    lineage = Lineage(not_on_the_hub, CLASSIFIER)
    lineage.prefetch([evidence])
    ancestors = lineage.ancestors(evidence)
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), ancestors), ancestors


def test_an_openai_source_the_hub_lacks_passes_down_the_whisper_license_the_card_ships(tmp_path):
    result, ancestors = judged_with_lineage(whisper_bn(tmp_path))
    assert [(a.repo_id, a.license_id) for a in ancestors] == [("openai/whisper-small", "apache-2.0")]
    assert result.classification.license_id == "apache-2.0" and not result.failed, result.reasons


@pytest.mark.parametrize("source,license_text", [("openai/whisper-small", "bsd-3-clause.txt"), ("acme/whisper-small", "")],
                         ids=["another-license-shipped", "another-owner"])
def test_a_whisper_source_the_hub_lacks_is_unknown_beside_another_license_or_owner(tmp_path, source, license_text):
    result, ancestors = judged_with_lineage(whisper_bn(tmp_path, source, license_text))
    assert [(a.repo_id, a.license_id) for a in ancestors] == [(source, "unknown")]
    assert result.failed, result.reasons


# --- item 5: a context extension on the family publisher's own card ---------------------------------------------------


def test_thudms_own_card_extending_chatglm_6bs_context_names_its_predecessor():
    # "我们将基座模型的上下文长度由 ChatGLM-6B 的 2K 扩展到了 32K" on THUDM's card of ChatGLM2-6B-32K (MODEL_LICENSE: the
    # later ChatGLM2-6B License): ChatGLM-6B is the model it succeeds
    result = case("THUDM__chatglm2-6b-32k")
    assert (result.classification.license_id, result.verdict) == ("chatglm2-6b-license", "conditional"), result.reasons


def test_the_same_card_under_another_owner_with_a_license_of_no_chatglm_kind_still_reads_chatglm_6b_as_its_base(tmp_path):
    # the same words on a third party's card may extend the context of the base it fine-tuned (review22): fail closed,
    # unless the card ships a license of the ChatGLM family, whose model it says its own succeeds (acc50: a re-upload of
    # THUDM's card with its MODEL_LICENSE, tests/test_acc50_prose_bases.py)
    shutil.copyfile(CASES / "THUDM__chatglm2-6b-32k" / "files" / "README.md", tmp_path / "README.md")
    shutil.copyfile(TEXTS / "apache-2.0.txt", tmp_path / "LICENSE")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    evidence = replace(evidence, entry=ManifestEntry(ref="acme/chatglm2-6b-32k", kind="local", line=1))
    result = Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))
    assert "chatglm-6b-license-20230314-nc" in result.classification.candidates and result.verdict == "denied", result.reasons
