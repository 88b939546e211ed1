"""Sources a card names in words rounds 16 and 17 found unread (each a false allow: the base could not be read, and
the card's own MIT was taken): "This model is a [kobart](https://huggingface.co/hyunwoongko/kobart) fine-tuned on
...", "It was trained starting from an instance of [bert-base-italian-cased](...)", "The model weights come from a
pre-trained instance of [...]"."""

from __future__ import annotations

from dataclasses import replace

import pytest

from licscan.classify.named_sources import named_source_ids
from tests.test_real_card_gaps import case_evidence


@pytest.mark.parametrize("folder,source", [
    ("ainize__kobart-news", "hyunwoongko/kobart"),
    ("neuraly__bert-base-italian-cased-sentiment", "dbmdz/bert-base-italian-cased"),
])
def test_the_repo_a_real_card_says_it_was_made_from_is_its_source(folder, source):
    evidence = case_evidence(folder)
    assert [repo for repo, _ in named_source_ids(evidence, evidence.entry.ref)] == [source]


@pytest.mark.parametrize("sentence,source", [
    ("This model is a [kobart](https://huggingface.co/hyunwoongko/kobart) fine-tuned on news articles.", "hyunwoongko/kobart"),
    ("It was trained starting from an instance of [X](https://huggingface.co/acme/x-base).", "acme/x-base"),
    ("The model weights come from a pre-trained instance of [X](https://huggingface.co/acme/x-base).", "acme/x-base"),
    # not a source: a model the card only compares with, a dataset, a model fine-tuned by the reader
    ("Unlike [kobart](https://huggingface.co/hyunwoongko/kobart) fine-tuned on news, ours reads dialogue.", None),
    ("Training starts from the texts of [X](https://huggingface.co/datasets/acme/x-corpus).", None),
    ("You can start from [X](https://huggingface.co/acme/x-base) and fine-tune it on your data.", None),
])
def test_the_source_words_name_the_repo_they_say_the_weights_come_from(sentence, source):
    evidence = case_evidence("neuraly__bert-base-italian-cased-sentiment")
    evidence = replace(evidence, card_body=f"# A model\n\n{sentence}\n")
    found = [repo for repo, _ in named_source_ids(evidence, "someone/a-model")]
    assert found == ([source] if source else []), found


def test_a_model_a_chinese_card_compares_itself_with_is_no_base():
    # baichuan-inc/Baichuan-13B-Chat (round 16): "与标准的 LLaMA-13B 相比，...推理速度提升 31.6%" (compared with the
    # standard LLaMA-13B): the original LLaMA's non-commercial terms are not this model's
    from tests.test_real_card_gaps import judge

    assert "llama1-weights" not in judge("baichuan-inc__Baichuan-13B-Chat").classification.candidates


def test_a_chinese_card_naming_its_base_still_gives_it(tmp_path):
    from tests.test_card_text_reading import bert

    result = bert(tmp_path, "\n## 模型介绍\n\n本模型基于 LLaMA-13B 微调，与 LLaMA-13B 的许可相同。\n")
    assert "llama1-weights" in result.classification.candidates and result.verdict == "denied", result.reasons
