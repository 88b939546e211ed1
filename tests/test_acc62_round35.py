"""acc62: bases named in prose on round 35's real cards.

1. False allow: cointegrated/rut5-small (`license: mit`) "This model was created by taking the [alenusch/mt5small-
   ruparaphraser](hub) model and stripping 96% of its vocabulary": the weights it was cut down from; that repo has no
   card in the set, so its terms are unknown (the label), not the card's MIT.
2. False blocks: akdeniz27/convbert-base-turkish-cased-ner "This model is the fine-tuned model of dbmdz/convbert-base-
   turkish-cased (ConvBERTurk)" and manueldeprada/t5-cord19-paraphrase-paws-msrp-opinosis "The base model is
   manueldeprada/t5-cord19, which ...": bare ids after those words are followed.
3. Possible false allows (each base permissive or unknown in the set): bionlp/bluebert "Pre-trained model:
   https://huggingface.co/bert-base-uncased", ptaszynski's cyberbullying model "The original model ... can be found
   here: [url](url)", M-CLIP/Swedish-2M "A [KB/Bert-Swedish-Cased](hub) tuned to match ...", financial-summarization-
   pegasus "It is based on the [PEGASUS](docs) model and in particular PEGASUS fine-tuned on ... XSum dataset:
   [google/pegasus-xsum model](hub)". Each real card is judged with its base as the set has it and with that base replaced
   by a CC BY-NC 4.0 case (facebook/nllb-200-1.3B): it must not pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_lineage_round11 import hub, judged, local
from tests.test_real_card_gaps import CASES


def _files(case_name: str) -> Path:
    return CASES / case_name / "files"


NC = _files("facebook__nllb-200-1.3B")   # license: cc-by-nc-4.0 (a real card of the set; denied)


def _evidence(case_name: str):
    return local(_files(case_name), case_name.replace("__", "/", 1))


def _ancestors(result) -> list[tuple[str, str]]:
    return [(a.repo_id, a.license_id) for a in result.ancestors]


def _copy(tmp_path: Path, case_name: str, old: str, new: str) -> Path:
    """The case's real card in tmp_path with one of its sentences (which it must have) replaced."""
    card = (_files(case_name) / "README.md").read_text(encoding="utf-8")
    assert old in card, old
    (tmp_path / "README.md").write_text(card.replace(old, new), encoding="utf-8")
    return tmp_path


# --- 1. "created by taking the [X](hub) model and stripping ..." ---------------------------------------------------------

def test_a_model_created_by_taking_another_and_stripping_its_vocabulary_is_under_that_ones_terms():
    evidence = _evidence("cointegrated__rut5-small")
    result = judged(evidence, hub({}))   # alenusch/mt5small-ruparaphraser: no card anywhere
    assert result.verdict == "unknown", result.reasons
    assert ("alenusch/mt5small-ruparaphraser", "unknown") in _ancestors(result), result.reasons
    denied = judged(evidence, hub({"alenusch/mt5small-ruparaphraser": NC}))
    assert denied.verdict == "denied", denied.reasons


@pytest.mark.parametrize("sentence", [
    "This model was created by taking inspiration from the [alenusch/mt5small-ruparaphraser](https://huggingface.co/"
    "alenusch/mt5small-ruparaphraser) model and stripping 96% of its vocabulary",
    "This model was evaluated by taking the [alenusch/mt5small-ruparaphraser](https://huggingface.co/"
    "alenusch/mt5small-ruparaphraser) model and stripping 96% of its vocabulary",
])
def test_inspiration_taken_or_an_evaluation_names_no_source(tmp_path, sentence):
    old = ("This model was created by taking the [alenusch/mt5small-ruparaphraser](https://huggingface.co/alenusch/"
           "mt5small-ruparaphraser) model and stripping 96% of its vocabulary")
    folder = _copy(tmp_path, "cointegrated__rut5-small", old, sentence)
    result = judged(local(folder, "cointegrated/rut5-small"), hub({"alenusch/mt5small-ruparaphraser": NC}))
    assert (result.classification.license_id, result.verdict) == ("mit", "allowed"), result.reasons


# --- 2. bare ids after "the fine-tuned model of" and "The base model is" -------------------------------------------------

def test_the_fine_tuned_model_of_a_bare_id_is_followed():
    evidence = _evidence("akdeniz27__convbert-base-turkish-cased-ner")
    result = judged(evidence, hub({"dbmdz/convbert-base-turkish-cased": _files("dbmdz__convbert-base-turkish-cased")}))
    assert _ancestors(result) == [("dbmdz/convbert-base-turkish-cased", "mit")], result.reasons
    assert (result.classification.license_id, result.verdict) == ("mit", "allowed"), result.reasons
    assert judged(evidence, hub({"dbmdz/convbert-base-turkish-cased": NC})).verdict == "denied"


def test_the_base_model_is_a_bare_id_is_followed():
    evidence = _evidence("manueldeprada__t5-cord19-paraphrase-paws-msrp-opinosis")
    result = judged(evidence, hub({"manueldeprada/t5-cord19": _files("manueldeprada__t5-cord19")}))
    assert _ancestors(result) == [("manueldeprada/t5-cord19", "unknown")], result.reasons
    assert result.verdict == "unknown", result.reasons
    denied = judged(evidence, hub({"manueldeprada/t5-cord19": NC}))
    assert denied.verdict == "denied", denied.reasons


@pytest.mark.parametrize("sentence", [
    "The base model is licensed under the Apache License, which has been pretrained with the text",
    "The base model is not included in this repo, which has been pretrained with the text",
])
def test_the_base_model_is_followed_by_no_repo_names_none(tmp_path, sentence):
    old = "The base model is manueldeprada/t5-cord19, which has been pretrained with the text"
    folder = _copy(tmp_path, "manueldeprada__t5-cord19-paraphrase-paws-msrp-opinosis", old, sentence)
    result = judged(local(folder, "manueldeprada/t5-cord19-paraphrase-paws-msrp-opinosis"), hub({}))
    assert _ancestors(result) == [], result.reasons


# --- 3. label lines and prose naming the base --------------------------------------------------------------------------

NAMED_BASES = [
    ("bionlp__bluebert_pubmed_uncased_L-12_H-768_A-12", "bert-base-uncased", "google-bert__bert-base-uncased", "allowed"),
    ("ptaszynski__yacis-electra-small-japanese-cyberbullying", "ptaszynski/yacis-electra-small-japanese",
     "ptaszynski__yacis-electra-small-japanese", "conditional"),
    ("M-CLIP__Swedish-2M", "KB/bert-base-swedish-cased", "KB__bert-base-swedish-cased", "unknown"),
    ("human-centered-summarization__financial-summarization-pegasus", "google/pegasus-xsum", "google__pegasus-xsum",
     "unknown"),
]


@pytest.mark.parametrize(("case_name", "base", "base_case", "verdict"), NAMED_BASES)
def test_a_base_named_in_a_label_or_prose_is_followed_and_a_non_commercial_one_does_not_pass(
        case_name, base, base_case, verdict):
    evidence = _evidence(case_name)
    result = judged(evidence, hub({base: _files(base_case)}))
    assert result.verdict == verdict, result.reasons
    assert base in [repo for repo, _ in _ancestors(result)], result.reasons
    denied = judged(evidence, hub({base: NC}))
    assert denied.verdict == "denied", denied.reasons


@pytest.mark.parametrize(("case_name", "old", "new"), [
    # the original code, not a model: a GitHub page
    ("ptaszynski__yacis-electra-small-japanese-cyberbullying", "The original model was pretrained",
     "The original code was pretrained"),
    # "tuned to" after a link in the middle of a sentence: a comparison's model
    ("M-CLIP__Swedish-2M", "A [KB/Bert-Swedish-Cased]", "Unlike a [KB/Bert-Swedish-Cased]"),
    # "based on" a dataset, then a colon and the data's own Hub page
    ("human-centered-summarization__financial-summarization-pegasus",
     "[google/pegasus-xsum model](https://huggingface.co/google/pegasus-xsum)",
     "[xsum](https://huggingface.co/datasets/xsum)"),
])
def test_words_that_name_no_base_are_not_followed(tmp_path, case_name, old, new):
    folder = _copy(tmp_path, case_name, old, new)
    evidence = local(folder, case_name.replace("__", "/", 1))
    base = {"ptaszynski__yacis-electra-small-japanese-cyberbullying": "ptaszynski/yacis-electra-small-japanese",
            "M-CLIP__Swedish-2M": "KB/bert-base-swedish-cased",
            "human-centered-summarization__financial-summarization-pegasus": "google/pegasus-xsum"}[case_name]
    result = judged(evidence, hub({base: NC}))
    assert base not in [repo for repo, _ in _ancestors(result)], result.reasons
    assert result.verdict != "denied" or "cc-by-nc-4.0" not in " ".join(result.reasons), result.reasons
