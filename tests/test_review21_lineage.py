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
])
def test_a_base_named_beside_the_exempt_words_is_still_read(tmp_path, appended, base):
    result = bert(tmp_path, f"\n## Model\n\n{appended}\n")
    assert base in result.classification.candidates, result.reasons


@pytest.mark.parametrize("appended", [
    # THUDM's own wording: ChatGLM2's base model measured against ChatGLM-6B, and the generation it succeeds
    "Based on FlashAttention technique, we have extended the context length of the base model from 2K in ChatGLM-6B to 32K.",
    "我们将基座模型的上下文长度（Context Length）由 ChatGLM-6B 的 2K 扩展到了 32K，并在对话阶段使用 8K 的上下文长度训练。",
    "Acme-2 is the second-generation version of the open-source bilingual chat model ChatGLM-6B.",
    "We reuse the Gemma tokenizer.",
])
def test_the_wording_the_exemptions_were_made_for_names_no_base(tmp_path, appended):
    result = bert(tmp_path, f"\n## Model\n\n{appended}\n")
    assert not {"chatglm-6b-license-20230314-nc", "gemma"} & set(result.classification.candidates), result.reasons
