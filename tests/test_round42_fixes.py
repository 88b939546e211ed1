"""Round 42's false allow: huggingface/CodeBERTa-small-v1 states no license and says its model is "a 6-layer, 84M
parameters, RoBERTa-like Transformer model - that's the same number of layers & heads as DistilBERT - initialized from the
default initialization settings and trained from scratch"; licscan read DistilBERT (a comparison of shape) as its base
and passed it under DistilBERT's Apache-2.0. The one name "the same <a few words> as" compares a shape with is no base;
a copy's words ("the same weights / checkpoint / base as X") and a base named elsewhere in the sentence still are."""

from __future__ import annotations

import pytest

from tests.test_acc57_review55 import APACHE_CARD
from tests.test_acc59_prose_bases import _copy, _files
from tests.test_lineage_round11 import hub, judged, local
from tests.test_review55_fixes import _verdict

CODEBERTA = "huggingface__CodeBERTa-small-v1"
SHAPE = "that’s the same number of layers & heads as DistilBERT"


def test_a_shape_compared_with_distilbert_gives_codeberta_no_base(tmp_path):
    result = judged(local(_copy(tmp_path, CODEBERTA), "huggingface/CodeBERTa-small-v1"), hub({}))
    assert result.verdict == "unknown", result.reasons
    assert not any("DistilBERT base" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("words", [
    "that’s the same number of layers & heads as LLaMA-7B",
    "with the same architecture as LLaMA-7B",
])
def test_a_shape_compared_with_a_restricted_family_is_no_base_either(tmp_path, words):
    # the same sentence with the compared model a non-commercial one: not its base (the card states no license: unknown)
    result = judged(local(_copy(tmp_path, CODEBERTA, {SHAPE: words}), "acme/code-model"), hub({}))
    assert result.verdict == "unknown", result.reasons


@pytest.mark.parametrize("words", [
    "fine-tuned from LLaMA-7B, with the same number of layers & heads as DistilBERT",
    "that’s the same number of layers & heads as DistilBERT, fine-tuned from LLaMA-7B",
    "with the same weights as LLaMA-7B, converted to fp16",
    "with the same base as LLaMA-7B, fine-tuned on code",
    "with the same pretrained checkpoint as LLaMA-7B, fine-tuned on code",
])
def test_a_base_named_beside_a_comparison_or_a_copys_words_is_still_read(tmp_path, words):
    result = judged(local(_copy(tmp_path, CODEBERTA, {SHAPE: words}), "acme/code-model"), hub({}))
    assert result.verdict == "denied", result.reasons
    assert "llama1-weights" in " ".join(result.reasons), result.reasons


# --- deutsche-telekom/mt5-small-sum-de-mit-v1 (round 42 false block) ----------------------------------------------------
# 'license: mit', "Licensed under the MIT License (the "License"); you may not use this work except in compliance with the
# License.", "This model is provided by the [One Conversation](https://www.welove.ai/)" / "team of [Deutsche Telekom AG](...)":
# the team that provides the model was read as the weights' unknown license, and (acc71) "the License" the notice refers back
# to as terms of their own.

MT5 = "deutsche-telekom__mt5-small-sum-de-mit-v1"


def test_who_provides_the_model_and_the_license_referred_back_to_are_no_terms():
    result = judged(local(_files(MT5), "deutsche-telekom/mt5-small-sum-de-mit-v1"),
                    hub({"google/mt5-small": _files("google__mt5-small")}))
    assert result.verdict == "allowed", result.reasons
    assert not any("One Conversation" in reason or "in compliance with the License" in reason for reason in result.reasons)


@pytest.mark.parametrize("tail", [
    "This model is provided by the [Acme Research](https://acme.example/) team.",
    "Licensed under the Apache License, Version 2.0 (the \"License\"); you may not use this file except in compliance with "
    "the License.",
    "Use of this model must comply with this License.",
])
def test_a_party_or_a_reference_back_leaves_an_apache_card_allowed(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "allowed"


@pytest.mark.parametrize("tail", [
    "This model is provided by the [Acme Model License](https://acme.example/model-license).",
    "The weights are released by Acme under the Acme Model License.",
    "Use of this model must comply with the Acme Model License.",
])
def test_terms_named_after_by_or_comply_with_still_count(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "unknown"
