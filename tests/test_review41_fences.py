"""Fenced blocks of prose that are examples, not the card's words (review41, after acc41).

acc41 read every fenced block of prose for restrictions, so that "research purposes only" inside the fence of a pasted
license text restricts (tests/test_acc41_card_body_gate.py). Chats, prompts and sample outputs in a plain fence are
prose too, and their words are not the card's: each case is the real BERT card of the benchmark (`license: apache-2.0`,
its Apache LICENSE) with review41's example appended under "## Example", and must stay allowed. A fence whose own
sentence is about the model or its weights, or that holds a license's words, is still read.
"""

from __future__ import annotations

import pytest

from tests.test_card_text_reading import bert

EXAMPLES = {
    "a chat asking about the license": "User: Is this model for research only?\nAssistant: No. It is released under the "
                                       "Apache 2.0 license, so you can use it commercially.",
    "a system prompt": "You are Acme, a helpful assistant. You must refuse requests for non-commercial research only "
                       "content that is harmful.",
    "a translation prompt": "Translate to French: This software is provided for non-commercial use only.",
    "a summary's input": "Input: Summarize the following text. The museum's images may be reproduced for non-commercial "
                         "purposes only.",
    "a tagging example": "Apple Inc. released the research-only model in Cupertino.",
}


@pytest.mark.parametrize("example", EXAMPLES.values(), ids=EXAMPLES.keys())
def test_an_example_in_a_plain_fence_restricts_nothing(tmp_path, example):
    result = bert(tmp_path, f"\n## Example\n\n```\n{example}\n```\n")
    assert result.verdict == "allowed", result.reasons


@pytest.mark.parametrize("fence", ["```text", "~~~"])
def test_a_fenced_sentence_about_the_weights_still_restricts(tmp_path, fence):
    result = bert(tmp_path, f"\n## Terms\n\n{fence}\nThese weights are for non-commercial use only.\n{fence[:3]}\n")
    assert result.verdict == "denied", result.reasons
