"""Lineage false blocks and open findings (acc19): a family name pinning no version under the family license the card
names (Yi), a model this one succeeds or is measured against (ChatGLM), prose naming a second base beside a declared
one (review16 F10), a [dev] variant beside schnell (review16), Qwen2-VL's sizes and a template or tokenizer named after
a family (review18). Real cards through test_real_card_gaps.judge; the others the real BERT card of benchmarks/real_cards
(license: apache-2.0 beside its Apache LICENSE, allowed as it is) with the sentence added.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_card_text_reading import BERT, bert
from tests.test_lineage_round11 import hub, judged, local
from tests.test_real_card_gaps import judge


def _apply(result: object) -> tuple[str, str, str]:
    return result.classification.license_id, result.classification.category, result.verdict  # type: ignore[attr-defined]


# --- 1. Yi: the family's license the card declares or names covers a Yi name that pins no version -------------------------

def test_yi_s_own_card_under_the_community_license_is_not_read_under_the_first_yi_license():
    # license_name: yi-license (the Community License 2.1), and "Yi-34B" in its ecosystem list and tables
    result = judge("01-ai__Yi-34B-Chat-4bits")
    assert _apply(result) == ("yi-community-2.1", "other-restricted", "conditional"), result.reasons
    assert "yi-license-1.0" not in result.classification.candidates


def test_a_yi_fine_tune_whose_card_names_the_yi_license_is_under_that_license():
    # Apache LICENSE, "基于零一万物开源的 Yi-34B 模型", and "遵守协议和 [Yi License](.../MODEL_LICENSE_AGREEMENT.txt)"
    result = judge("OrionStarAI__OrionStar-Yi-34B-Chat")
    assert _apply(result) == ("yi-community-2.1", "other-restricted", "conditional"), result.reasons
    assert any("Yi-34B" in reason and "yi-community-2.1" in reason for reason in result.reasons), result.reasons


def test_a_yi_name_without_a_yi_license_named_keeps_the_first_yi_license(tmp_path):
    result = bert(tmp_path, "\n## Training\n\nThis model is fine-tuned from Yi-34B on Korean chat data.\n")
    assert "yi-license-1.0" in result.classification.candidates and result.verdict == "denied", result.reasons


# --- 2. ChatGLM: the model a card succeeds or measures against is no base ---------------------------------------------------

# chatJeffrey__GLM2-6B is left out since review22: its card also says "extended the context length of the base model from
# 2K in ChatGLM-6B to 32K", which reads as a base (below)
@pytest.mark.parametrize(("case", "license_id"), [
    ("czk1997__chatglm3-copy", "chatglm3-6b-license-20231027"),
])
def test_chatglm_re_uploads_comparing_with_chatglm_6b_are_not_its_fine_tunes(case, license_id):
    result = judge(case)
    assert _apply(result) == (license_id, "other-restricted", "conditional"), result.reasons
    assert "chatglm-6b-license-20230314-nc" not in result.classification.candidates


@pytest.mark.parametrize("sentence", [
    # the real cards' sentences (chatJeffrey/GLM2-6B, czk1997/chatglm3-copy)
    "ChatGLM**2**-6B is the second-generation version of the open-source bilingual (Chinese-English) chat model "
    "[ChatGLM-6B](https://github.com/THUDM/ChatGLM-6B).",
    "3. **More Comprehensive Open-source Series:** In addition to the dialogue model ChatGLM3-6B, the base model "
    "ChatGLM-6B-Base and the long-text dialogue model ChatGLM3-6B-32K are also open-sourced.",
])
def test_a_successor_a_comparison_or_a_release_list_names_no_base(tmp_path, sentence):
    result = bert(tmp_path, "\n## Introduction\n\n" + sentence + "\n")
    assert result.verdict == "allowed", result.reasons


@pytest.mark.parametrize("sentence", [
    # review22: a context length extended "from 2K in X to 32K" reads the same whether X is the model this one succeeds
    # (ChatGLM2's own cards) or its base ("...the base model from 4K in Llama-2-13B to 32K, then instruction-tuned"):
    # read as a base, failing closed
    "2. **Longer Context**: Based on [FlashAttention](https://github.com/HazyResearch/flash-attention) technique, we have "
    "extended the context length of the base model from 2K in ChatGLM-6B to 32K, and trained with a context length of 8K.",
    "2. **更长的上下文**：基于 [FlashAttention](https://github.com/HazyResearch/flash-attention) 技术，我们将基座模型的上下文"
    "长度（Context Length）由 ChatGLM-6B 的 2K 扩展到了 32K。",
    "This model is fine-tuned from ChatGLM-6B on legal QA; we extended its context length from 2K to 8K.",
    "Based on ChatGLM-6B, we extended the context length from 2K in the original model to 32K.",
    "This model is fine-tuned from ChatGLM-6B; a 4-bit version is also released.",
])
def test_a_real_fine_tune_of_chatglm_6b_still_carries_its_terms(tmp_path, sentence):
    result = bert(tmp_path, "\n## Training\n\n" + sentence + "\n")
    assert "chatglm-6b-license-20230314-nc" in result.classification.candidates and result.verdict == "denied", result.reasons


# --- 3. review16 F10: a declared base does not hide another one the prose names ---------------------------------------------

def _with_declared_base(folder: Path, declared: tuple[str, str], appended: str) -> object:
    """The BERT card with ``declared`` (its words, what they become) declaring a base, judged as acme/wizard-65b-chat
    on a Hub where the declared base is a copy of BERT's own files (Apache-2.0)."""
    folder.mkdir(parents=True)
    card = (BERT / "README.md").read_text(encoding="utf-8")
    assert declared[0] in card
    (folder / "README.md").write_text(card.replace(declared[0], declared[1], 1) + appended, encoding="utf-8")
    (folder / "LICENSE").write_bytes((BERT / "LICENSE").read_bytes())
    helper = folder.parent / "helper"
    shutil.copytree(BERT, helper)
    return judged(local(folder, "acme/wizard-65b-chat"), hub({"acme/tag-helper": helper, "acme/Llama-2-7b-chat-helper": helper}))


@pytest.mark.parametrize("declared", [
    ("license: apache-2.0\n", "license: apache-2.0\nbase_model: acme/tag-helper\n"),
    ("- exbert\n", "- exbert\n- base_model:finetune:acme/tag-helper\n"),   # the Hub's tag, no base_model key
])
def test_a_declared_base_does_not_hide_a_restricted_base_the_prose_names(tmp_path, declared):
    result = _with_declared_base(tmp_path / "wizard-65b-chat", declared, "\n## Training\n\nThis model is fine-tuned from LLaMA-65B on chat data.\n")
    assert [a.repo_id for a in result.ancestors] == ["acme/tag-helper"], result.reasons
    assert "llama1-weights" in result.classification.candidates and result.verdict == "denied", result.reasons


def test_the_declared_base_s_family_named_again_in_prose_adds_nothing(tmp_path):
    declared = ("license: apache-2.0\n", "license: apache-2.0\nbase_model: acme/Llama-2-7b-chat-helper\n")
    result = _with_declared_base(tmp_path / "wizard-65b-chat", declared,
                                 "\n## Training\n\nThis model is fine-tuned from Llama on chat data.\n")
    # the base's own name says Llama 2 (its terms come down through lineage); the prose's "Llama" is that base
    assert [a.repo_id for a in result.ancestors] == ["acme/Llama-2-7b-chat-helper"], result.reasons
    assert "llama1-weights" not in result.classification.candidates and result.verdict == "conditional", result.reasons


# --- 4. review16: a [dev] variant beside FLUX.1-schnell -----------------------------------------------------------------------

def test_a_flux_dev_variant_named_beside_schnell_keeps_the_dev_license(tmp_path):
    result = bert(tmp_path, "\n## Model\n\nA LoRA trained on FLUX.1-Krea-dev, also works with FLUX.1-schnell.\n")
    assert "flux1-dev-noncommercial" in result.classification.candidates and result.verdict == "denied", result.reasons


# --- 5. review18: Qwen2-VL's sizes; a template or a tokenizer is not the weights' source ------------------------------------

@pytest.mark.parametrize(("base", "verdict"), [("Qwen2-VL-2B-Instruct", "allowed"), ("Qwen2-VL-7B-Instruct", "allowed"),
                                               ("Qwen2-VL-72B-Instruct", "conditional")])
def test_qwen2_vl_2b_and_7b_are_apache_and_72b_under_the_qwen_license(tmp_path, base, verdict):
    result = bert(tmp_path, f"\n## Training\n\nThis model is a fine-tuned version of {base} on our in-house customer-support dataset.\n")
    assert result.verdict == verdict, result.reasons
    assert ("tongyi-qianwen" in result.classification.candidates) == (verdict == "conditional"), result.reasons


@pytest.mark.parametrize("sentence", [
    "Fine-tuned from bert-base-uncased with the Llama 3 chat template.",
    "Fine-tuned from bert-base-uncased; we reuse the Gemma tokenizer (256k vocabulary).",
    'Fine-tuned from bert-base-uncased. Usage: `llm = Llama(model_path="./bert.gguf", chat_format="llama-2")`',
])
def test_a_family_s_template_or_tokenizer_is_not_a_base(tmp_path, sentence):
    result = bert(tmp_path, "\n## Training\n\n" + sentence + "\n")
    assert result.verdict == "allowed", result.reasons


def test_a_family_s_weights_in_a_file_format_are_still_a_base(tmp_path):
    result = bert(tmp_path, "\n## Model\n\nQuantized from Llama-2-7B in GGUF format.\n")
    assert "llama2" in result.classification.candidates and result.verdict == "conditional", result.reasons
