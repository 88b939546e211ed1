"""acc67: review62's false allows among prose bases, and rounds 37/39's GPT-2 sizes written "GPT2-medium", "GPT2-L".

1. An adapter's base written the other ways cards write it ("We trained a LoRA adapter for [X]", "These are adapter weights
   for X", "PEFT adapter trained on top of X", "Acme-7B is a QLoRA adapter for X", "This adapter must be loaded on X"), "based
   on a fine-tuned X." with no "model" after the id, and Korean "[X](hub)를 기반으로 학습되었습니다": each sentence is put into a
   real card of the set (facebook/bart-base, apache-2.0, names no base) whose base is then served as the CC BY-NC 4.0 case
   facebook/nllb-200-1.3B: it must not pass. Sentences that name no base of this model still pass.
2. ethzanalytics/ai-msgbot-gpt2-L ("GPT2-L (774M parameters) trained on ...") and ktrapeznikov/gpt2-medium-topic-small-set
   ("GPT2-medium fine tuned on a small news corpus"): no license of their own, GPT-2's sizes in prose: the family's MIT.
"""

from __future__ import annotations

import shutil

import pytest

from tests.test_acc65_rounds37_38 import LINK, SID, _judged
from tests.test_lineage_round11 import hub, judged, local
from tests.test_real_card_gaps import CASES

# --- 1. adapters' and prose bases ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    f"We trained a LoRA adapter for {LINK} on our data.",
    f"These are adapter weights for {SID}.",
    f"PEFT adapter trained on top of {SID} for summarization.",
    f"Acme-7B is a QLoRA adapter for {SID}.",
    f"This adapter must be loaded on {SID}.",
    f"This LoRA should be applied to {LINK}.",
    f"This model is based on a fine-tuned {SID}.",
    f"This model is based on a fine-tuned {LINK}.",
    f"이 모델은 {LINK}를 기반으로 학습되었습니다.",
    f"{SID} をベースに日本語データで学習したモデルです。",
])
def test_an_adapters_or_a_prose_base_so_written_does_not_pass(tmp_path, sentence):
    result = _judged(tmp_path, sentence)
    assert result.verdict == "denied", result.reasons


@pytest.mark.parametrize("sentence", [
    "This is an adapter for the sentiment analysis task.",
    "An [adapter](https://adapterhub.ml) for the `squad/v2` dataset.",
    # a sibling release, as acc65 decided: "also" says it is another repo's
    f"We also provide an adapter for {LINK} in another repository.",
    f"We also trained a LoRA adapter for {SID}.",
    f"Our model outperforms an adapter for {SID}.",
    f"Compared to an adapter for {LINK}, this model scores higher.",
    f"See also our LoRA adapter for {LINK}.",
    "This model is based on the acme/wiki-corpus dataset.",
    f"Unlike other models based on a fine-tuned {SID}, ours is trained from scratch.",
    "This model is based on a fine-tuned approach described in acme/paper repository code.",
])
def test_words_that_name_no_base_of_this_model_still_pass(tmp_path, sentence):
    result = _judged(tmp_path, sentence)
    assert result.verdict == "allowed", result.reasons


# --- 2. GPT-2's sizes written "GPT2-medium", "GPT2-L" ------------------------------------------------------------------

GPT2_CASES = [
    ("ethzanalytics__ai-msgbot-gpt2-L", "ethzanalytics/ai-msgbot-gpt2-L", "GPT2-L (774M parameters) trained on"),
    ("ktrapeznikov__gpt2-medium-topic-small-set", "ktrapeznikov/gpt2-medium-topic-small-set",
     "GPT2-medium fine tuned on a small news corpus"),
]


@pytest.mark.parametrize(("case", "repo", "words"), GPT2_CASES)
def test_gpt2_sizes_written_without_the_hyphen_are_the_family(case, repo, words):
    files = CASES / case / "files"
    assert words in (files / "README.md").read_text(encoding="utf-8")
    result = judged(local(files, repo), hub({}))
    assert (result.verdict, result.classification.license_id) == ("allowed", "mit"), result.reasons


@pytest.mark.parametrize(("old", "new"), [
    # the architecture, its tokenizer, a model joined after the name, a bare "GPT2": not the family's weights
    ("GPT2-L (774M parameters) trained on", "A GPT2-L architecture trained from scratch on"),
    ("GPT2-L (774M parameters) trained on", "A model with the GPT2-L tokenizer trained on"),
    ("GPT2-L (774M parameters) trained on", "GPT2-L-chat (774M parameters) trained on"),
    ("GPT2-L (774M parameters) trained on", "GPT2 (774M parameters) trained on"),
])
def test_other_gpt2_words_still_name_no_base(tmp_path, old, new):
    folder = tmp_path / "card"
    shutil.copytree(CASES / GPT2_CASES[0][0] / "files", folder)
    card = (folder / "README.md").read_text(encoding="utf-8")
    assert old in card
    (folder / "README.md").write_text(card.replace(old, new), encoding="utf-8")
    result = judged(local(folder, GPT2_CASES[0][1]), hub({}))
    assert result.verdict == "unknown", result.reasons
