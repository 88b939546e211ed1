"""acc59: bases named in prose on rounds 33-34's real cards.

False blocks:
1. 01-ai/Yi-9B-200K: the official Yi cards' "Yi's relation with Llama" section ("- Both Yi and Llama are based on the
   Transformer structure, ...", beside "the Yi series models are NOT derivatives of Llama") was read as a Llama base
   (llama1-weights, denied). "Based on the Transformer structure/architecture" names an architecture, no base.
2. e-tony/gpt2-rnm "We used the original `gpt2` model and fine-tuned it on [...]": the legacy id so used is followed
   (ainize/gpt2-rnm-with-season-1 inherits through it); valhalla/distilbart-mnli-12-3 "the distilled version of
   bart-large-mnli ... We just copy alternating layers from `bart-large-mnli`" (its teacher's layers: its terms, as the
   label reads it): the one repo of that name the card links is followed; healx/gpt-2-pubmed-medium "GPT-2 (355M model)
   finetuned on ...": OpenAI's GPT-2 is a family (MIT, as openai-community/gpt2's card), read by its prose name only.
Possible false allows (all permissive in the set): prose Hub links naming what the model was made from were not
followed: "we finetuned a ... model called [RobBERT](hub)", "smaller versions of [X](hub)", "further MLM pre-training on
[X](hub)", "the checkpoint for [X](hub) after being trained on". Each real card is judged with its linked base as the
set has it (allowed) and with that base replaced by a CC BY-NC 4.0 case (facebook/nllb-200-1.3B): it must not pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_card_text_reading import case
from tests.test_lineage_round11 import hub, judged, local
from tests.test_real_card_gaps import CASES


def _files(case_name: str) -> Path:
    return CASES / case_name / "files"


NC = _files("facebook__nllb-200-1.3B")   # license: cc-by-nc-4.0 (a real card of the set; denied)


def _copy(tmp_path: Path, case_name: str, replaced: dict[str, str] | None = None) -> Path:
    """The case's real files in tmp_path, each of ``replaced``'s sentences (which the card must have) replaced."""
    for path in _files(case_name).iterdir():
        text = path.read_bytes()
        if path.name == "README.md":
            card = text.decode("utf-8")
            for old, new in (replaced or {}).items():
                assert old in card, old
                card = card.replace(old, new)
            text = card.encode("utf-8")
        (tmp_path / path.name).write_bytes(text)
    return tmp_path


def _ancestors(result) -> list[tuple[str, str]]:
    return [(a.repo_id, a.license_id) for a in result.ancestors]


# --- 1. "Both Yi and Llama are based on the Transformer structure" ---------------------------------------------------------

YI_SENTENCE = "- Both Yi and Llama are based on the Transformer structure, which has been the standard architecture"


def test_the_yi_cards_relation_with_llama_section_names_no_llama_base():
    result = case("01-ai__Yi-9B-200K")
    assert (result.classification.license_id, result.verdict) == ("yi-community-2.1", "conditional"), result.reasons
    assert not any("llama1-weights" in reason for reason in result.reasons), result.reasons


def test_a_yi_card_saying_it_was_fine_tuned_from_llama_is_still_read_so(tmp_path):
    folder = _copy(tmp_path, "01-ai__Yi-9B-200K",
                   {YI_SENTENCE: "- This model is fine-tuned from the original LLaMA-7B weights, which has been the standard architecture"})
    result = judged(local(folder, "acme/Yi-9B-200K-ft"), hub({}))
    assert result.verdict == "denied", result.reasons
    assert "llama1-weights" in " ".join(result.reasons)


@pytest.mark.parametrize("sentence", [
    "- Acme-7B is based on the transformer architecture of Llama 2, which has been the standard architecture",
    "- Both Yi and Llama are based on the Transformer structure, and this model is fine-tuned from LLaMA-7B, which has been "
    "the standard architecture",
])
def test_an_architecture_of_a_named_model_or_a_fine_tune_beside_it_is_still_a_base(tmp_path, sentence):
    folder = _copy(tmp_path, "01-ai__Yi-9B-200K", {YI_SENTENCE: sentence})
    result = judged(local(folder, "acme/Acme-7B"), hub({}))
    assert result.verdict in ("conditional", "denied"), result.reasons
    assert any(f"a Llama base the metadata does not declare; {license_id} applies" in " ".join(result.reasons)
               for license_id in ("llama2", "llama1-weights")), result.reasons


# --- 2. gpt2-rnm, distilbart-mnli, GPT-2 named in prose ---------------------------------------------------------------

def test_the_original_gpt2_model_used_and_fine_tuned_is_followed():
    evidence = local(_files("e-tony__gpt2-rnm"), "e-tony/gpt2-rnm")
    result = judged(evidence, hub({"gpt2": _files("openai-community__gpt2")}))
    assert _ancestors(result) == [("gpt2", "mit")], result.reasons
    assert result.verdict == "allowed", result.reasons
    assert judged(evidence, hub({"gpt2": NC})).verdict == "denied"
    assert judged(evidence, hub({})).verdict == "unknown"


def test_a_distilled_version_copying_its_teachers_layers_follows_the_teacher():
    evidence = local(_files("valhalla__distilbart-mnli-12-3"), "valhalla/distilbart-mnli-12-3")
    result = judged(evidence, hub({"facebook/bart-large-mnli": _files("facebook__bart-large-mnli"),
                                   "facebook/bart-large": _files("facebook__bart-large")}))
    assert ("facebook/bart-large-mnli", "mit") in _ancestors(result), result.reasons
    assert result.verdict == "allowed", result.reasons
    assert judged(evidence, hub({"facebook/bart-large-mnli": NC})).verdict == "denied"


def test_gpt2_named_in_prose_gives_the_gpt2_family():
    result = case("healx__gpt-2-pubmed-medium")
    assert (result.classification.license_id, result.verdict) == ("mit", "allowed"), result.reasons


@pytest.mark.parametrize("card", [
    "A GPT-2 architecture model trained from scratch on Dutch news, fine-tuned on headlines.\n",
    "A small model based on the GPT-2 architecture, fine-tuned on Dutch news.\n",
    "We fine-tuned a DistilGPT2 on Dutch news.\n",
])
def test_gpt2s_architecture_or_another_model_named_after_it_is_no_gpt2_base(tmp_path, card):
    (tmp_path / "README.md").write_text(card, encoding="utf-8")
    result = judged(local(tmp_path, "acme/dutch-news-gen"), hub({}))
    assert result.verdict == "unknown", result.reasons


# --- 3. prose Hub links naming what the model was made from ----------------------------------------------------------

LINKED_BASES = [
    ("ml6team__robbert-dutch-base-toxic-comments", "pdelobelle/robbert-v2-dutch-base", "pdelobelle__robbert-v2-dutch-base"),
    ("Geotrend__bert-base-en-tr-cased", "bert-base-multilingual-cased", "google-bert__bert-base-multilingual-cased"),
    ("austin__Austin-MeDeBERTa", "microsoft/deberta-base", "microsoft__deberta-base"),
    ("facebook__bart-large-mnli", "facebook/bart-large", "facebook__bart-large"),
]


@pytest.mark.parametrize(("case_name", "base", "base_case"), LINKED_BASES)
def test_a_base_linked_in_prose_is_followed_and_a_non_commercial_one_does_not_pass(case_name, base, base_case):
    evidence = local(_files(case_name), case_name.replace("__", "/", 1))
    result = judged(evidence, hub({base: _files(base_case)}))
    assert result.verdict == "allowed", result.reasons
    assert base in [repo for repo, _ in _ancestors(result)], result.reasons
    denied = judged(evidence, hub({base: NC}))
    assert denied.verdict == "denied", denied.reasons


def test_a_model_the_card_compares_with_is_no_base():
    # Geotrend's "Unlike [distilbert-base-multilingual-cased](...), our versions give exactly the same representations"
    evidence = local(_files("Geotrend__bert-base-en-tr-cased"), "Geotrend/bert-base-en-tr-cased")
    result = judged(evidence, hub({"bert-base-multilingual-cased": _files("google-bert__bert-base-multilingual-cased"),
                                   "distilbert-base-multilingual-cased": NC}))
    assert result.verdict == "allowed", result.reasons


@pytest.mark.parametrize(("old", "new"), [
    # a dataset's Hub page, a comparison, the reader's own fine-tuning, a model the card only points to
    ("This is the checkpoint for [bart-large](https://huggingface.co/facebook/bart-large) after being trained on",
     "This checkpoint was trained after [bart-large](https://huggingface.co/facebook/bart-large) on"),
    ("This is the checkpoint for [bart-large](https://huggingface.co/facebook/bart-large) after being trained on",
     "We compare it with further fine-tuning of [bart-large](https://huggingface.co/facebook/bart-large) trained on"),
    ("This is the checkpoint for [bart-large](https://huggingface.co/facebook/bart-large) after being trained on",
     "If you want, you can do further pre-training on [bart-large](https://huggingface.co/facebook/bart-large) trained on"),
])
def test_a_linked_model_the_card_only_mentions_is_not_followed(tmp_path, old, new):
    folder = _copy(tmp_path, "facebook__bart-large-mnli", {old: new})
    # the card's other lines still link bart-large ("The [bart-large](...) model page"): a mention
    result = judged(local(folder, "facebook/bart-large-mnli"), hub({"facebook/bart-large": NC}))
    assert result.verdict == "allowed", result.reasons
