"""Bases the twenty-first review found dropped by this session's lineage exemptions, on the real BERT card (license:
apache-2.0 and its Apache LICENSE): a successor's sentence that goes on to name its base, a context extension of a
model that is not measured against this one's base model, a label naming the base model and its tokenizer. Each with
the wording the exemption was made for, which still names no base (THUDM's ChatGLM2 cards)."""

from __future__ import annotations

import pytest

from tests.test_card_text_reading import bert


@pytest.mark.parametrize("appended,base", [
    ("MedGLM-v2 is the successor to our MedGLM model and was fine-tuned from ChatGLM-6B on 200k medical dialogues.",
     "chatglm-6b-license-20230314-nc"),
    ("The second-generation version of MedGLM is fine-tuned from ChatGLM-6B on medical dialogues.", "chatglm-6b-license-20230314-nc"),
    ("With position interpolation and continued pretraining, we extended the context window from 2K in ChatGLM-6B to 8K.",
     "chatglm-6b-license-20230314-nc"),
    ("- **Base model and tokenizer:** ChatGLM-6B", "chatglm-6b-license-20230314-nc"),
    ("It was fine-tuned from the Llama 3.1 8B Instruct tokenizer and weights on our data.", "llama3.1"),
    ("通过位置插值和继续预训练，我们将上下文长度由 ChatGLM-6B 的 2K 扩展到了 32K。", "chatglm-6b-license-20230314-nc"),
    # review22: a sentence giving the base and comparing with it; a successor built on its base; a context extension of
    # the base model (the same words as ChatGLM2's own cards: read as a base, failing closed)
    ("本模型基于 ChatGLM-6B 在中文语料上进行增量预训练和指令微调，与原版 ChatGLM-6B 相比，中文能力显著提升。", "chatglm-6b-license-20230314-nc"),
    ("MedGLM2-13B is the second-generation version of MedGLM built on ChatGLM-6B with 2M medical dialogues.",
     "chatglm-6b-license-20230314-nc"),
    ("Through continued pre-training we extended the context length of the base model from 2K in ChatGLM-6B to 32K.",
     "chatglm-6b-license-20230314-nc"),
    # review22 P1: Japanese and Korean base wording
    ("本モデルは LLaMA-13B をベースに日本語コーパス 100B トークンで継続事前学習を行ったモデルです。", "llama1-weights"),
    ("이 모델은 LLaMA-13B를 기반으로 한국어 대화 데이터 30만 건으로 미세 조정되었습니다.", "llama1-weights"),
])
def test_a_base_named_beside_the_exempt_words_is_still_read(tmp_path, appended, base):
    result = bert(tmp_path, f"\n## Model\n\n{appended}\n")
    assert base in result.classification.candidates, result.reasons


@pytest.mark.parametrize("appended", [
    # the generation it succeeds (THUDM's wording), a model a Chinese card compares itself with (Baichuan's)
    "Acme-2 is the second-generation version of the open-source bilingual chat model ChatGLM-6B.",
    "与标准的 ChatGLM-6B 相比，推理速度提升 31.6%。",
    "本モデルは LLaMA-13B と比べて日本語の性能が高いです。",
    "We reuse the Gemma tokenizer.",
])
def test_the_wording_the_exemptions_were_made_for_names_no_base(tmp_path, appended):
    result = bert(tmp_path, f"\n## Model\n\n{appended}\n")
    assert not {"chatglm-6b-license-20230314-nc", "gemma", "llama1-weights"} & set(result.classification.candidates), result.reasons


def test_a_family_name_listing_other_sizes_carries_each_sizes_license(tmp_path):
    # review21 F5: "fine-tuned from Qwen2-VL-7B and 72B-Instruct" names the 72B model too (not under Apache-2.0)
    (tmp_path / "listed").mkdir()
    (tmp_path / "alone").mkdir()
    listed = bert(tmp_path / "listed", "\n## Model\n\nChartSage is fine-tuned from Qwen2-VL-7B and 72B-Instruct on charts; "
                                       "this repository holds the larger one.\n")
    assert {"apache-2.0", "tongyi-qianwen"} <= set(listed.classification.candidates) and listed.verdict != "allowed", listed.reasons
    alone = bert(tmp_path / "alone", "\n## Model\n\nChartSage is fine-tuned from Qwen2-VL-7B-Instruct on charts.\n")
    assert "tongyi-qianwen" not in alone.classification.candidates and alone.verdict == "allowed", alone.reasons


# --- review23: the last comparison spans and cues --------------------------------------------------------------------


@pytest.mark.parametrize("appended", [
    "本项目使用 LoRA 和 LLaMA-13B 进行比较高效的指令微调。",            # 比较 here is "fairly", no comparison
    "本モデルは LLaMA-13B に日本語コーパスで追加事前学習を行いました。",
    "이 모델은 LLaMA-13B에 기반한 한국어 모델로, 대화 데이터로 튜닝되었습니다.",
    "이 모델은 LLaMA-13B를 한국어 말뭉치로 추가 사전학습한 모델입니다.",
])
def test_review23_bases_in_chinese_japanese_and_korean_are_read(tmp_path, appended):
    result = bert(tmp_path, f"\n## Model\n\n{appended}\n")
    assert "llama1-weights" in result.classification.candidates, result.reasons


@pytest.mark.parametrize("appended", [
    "本モデルは Mistral-7B-v0.1 をベースにファインチューニングしたモデルで、LLaMA-13B と比べて高い日本語性能を示します。",
    "이 모델은 Mistral-7B-v0.1을 기반으로 미세 조정되었으며, LLaMA-13B와 비교하여 한국어 성능이 높습니다.",
    "本模型基于 Mistral-7B-v0.1 微调，相比 LLaMA-13B，中文能力更强。",
    "토크나이저는 LLaMA 토크나이저를 기반으로 한국어 어휘 2만 개를 추가했습니다.",
])
def test_review23_a_compared_model_or_a_tokenizer_is_no_base(tmp_path, appended):
    result = bert(tmp_path, f"\n## Model\n\n{appended}\n")
    assert "llama1-weights" not in result.classification.candidates, result.reasons


@pytest.mark.parametrize("line", ["A style LoRA for SDXL (personal & academic use only).", "A style LoRA for SDXL (personal use only)."])
def test_review23_a_ban_in_parentheses_is_read(tmp_path, line):
    assert bert(tmp_path, f"\n## Model\n\n{line}\n").verdict == "denied"
