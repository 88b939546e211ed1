"""acc70: review63's false allows among adapters' and prose bases (FAIL-OPEN).

An adapter's base written the other ways cards write it ("This is a org/X LoRA.", a "# org/X LoRA" title, "LoRA adapter
(base: org/X)", "This adapter is for org/X", "Use this adapter with org/X", "A LoRA of org/X", "PEFT model for org/X", "Base
model for this adapter: org/X", "QLoRA finetune of org/X", "Our adapter is applied to org/X"), the weights a model started
from beside a family's name ("GPT2-medium ..., initialised from org/X", "Acme-7B is a GPT2-XL trained from org/X"), and
Korean, Japanese and Chinese "based on" ("org/X 모델을 기반으로 학습", "[org/X](hub) 기반으로 학습된", "org/Xをもとに学習",
"本模型基于org/X微调"). Each sentence is put into a real card of the set (facebook/bart-base, apache-2.0, names no base) whose
base is then served as the CC BY-NC 4.0 case facebook/nllb-200-1.3B: it must not pass. Words that name no base of this model
(a task, a tool, a paper, a sibling, a comparison, a dataset) still pass.
"""

from __future__ import annotations

import pytest

from tests.test_acc65_rounds37_38 import LINK, SID, _judged


@pytest.mark.parametrize("sentence", [
    f"This is a {SID} LoRA.",
    f"# {SID} LoRA",
    f"This is a {LINK} adapter.",
    f"LoRA adapter (base: {SID}) trained on our data.",
    f"This adapter is for {SID}.",
    f"This LoRA was trained for {LINK}.",
    f"Use this adapter with {SID}.",
    f"Load the LoRA onto {LINK} with PEFT.",
    f"A LoRA of {SID} for summarization.",
    f"PEFT model for {SID}, trained with QLoRA.",
    f"Base model for this adapter: {SID}",
    f"QLoRA finetune of {SID}.",
    f"Our adapter is applied to {SID} at inference.",
    f"GPT2-medium fine-tuned on our data, initialised from {SID}.",
    f"Acme-7B is a GPT2-XL trained from {SID}.",
    f"Initialized from {LINK} and trained on our chat data.",
    f"이 모델은 {SID} 모델을 기반으로 학습되었습니다.",
    f"{LINK} 기반으로 학습된 모델입니다.",
    f"{SID}をもとに学習したモデルです。",
    f"本模型基于{SID}微调。",
    f"本模型基于 {LINK} 进行微调。",
])
def test_an_adapters_or_a_prose_base_so_written_does_not_pass(tmp_path, sentence):
    result = _judged(tmp_path, sentence)
    assert result.verdict == "denied", result.reasons


@pytest.mark.parametrize("sentence", [
    "This is an adapter for the sentiment analysis task.",
    "An adapter for the squad dataset.",
    f"We also provide an adapter for {SID}.",
    "Use this adapter with vLLM.",
    "Use this adapter with the PEFT library.",
    "LoRA (Hu et al.) adds low-rank matrices to each layer.",
    "This is a LoRA adapter trained with rank 16.",
    # the diffusers / AutoTrain template: the id before "LoRA" is the adapter's own, its base the one after "for"
    f"These are {SID} LoRA adaption weights for the base model.",
    f"Our adapter outperforms a LoRA of {SID}.",
    f"Compared to the {SID} LoRA, ours scores higher.",
    "The model was trained from scratch on our data.",
    "This model was trained on acme/wiki-corpus.",
    "이 모델은 한국어 데이터를 기반으로 학습되었습니다.",
    "日本語のデータをもとに学習したモデルです。",
    "本模型基于大规模中文数据微调。",
])
def test_words_that_name_no_base_of_this_model_still_pass(tmp_path, sentence):
    result = _judged(tmp_path, sentence)
    assert result.verdict == "allowed", result.reasons
