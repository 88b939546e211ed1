"""False blocks on real cards that name their base in prose or compare their model with an older one (acc50).

1. A base named in prose by its legacy single-name id, with no link or owner: "A set of unstructured sparse
   bert-base-uncased models fine-tuned for SQuADv1" (vuiseng9/bert-base-uncased-squadv1-59.6-sparse), "This is bart-large
   model finetuned on SQuADv1 dataset" (valhalla/bart-large-finetuned-squadv1). Neither card declares a license, and
   licscan said none was declared. The Hub's legacy id of a model no family names, written plain right before "models
   fine-tuned for", is followed as a base_model is (its license decides; unreadable, unknown); "bart-large" is no Hub
   id (facebook/bart-large is): Facebook's BART, base and large, is a family (Apache-2.0, as its cases declare), read as
   the T5 and DistilBERT families are. A name in a comparison, a dataset's maker, a tokenizer, or joined to another
   ("bart-large-cnn", "legal-bert-base-uncased") is no base.
2. A re-upload of THUDM's ChatGLM2-6B card with its ChatGLM2-6B License (chatJeffrey/GLM2-6B): "我们将基座模型的上下文长度
   由 ChatGLM-6B 的 2K 扩展到了 32K" was read as a ChatGLM-6B base (its first, non-commercial license: denied). The card says
   its model is "the second-generation version of ... [ChatGLM-6B]" and ships a license of the ChatGLM family: the
   context extended from ChatGLM-6B's starts from its predecessor's. Under a license of no ChatGLM kind (an Apache
   LICENSE), or where the model extended is not the one the card says it succeeds, it is still read as the base.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from licscan.evaluate import Evaluator, Result
from licscan.model import ManifestEntry, Project
from licscan.sources.local import LocalSource
from tests.test_card_text_reading import BERT, CLASSIFIER, KB, bert, case
from tests.test_lineage_round11 import MUSICGEN, hub, judged, local
from tests.test_real_card_gaps import CASES

TEXTS = Path(__file__).resolve().parent.parent / "license_texts"
VUISENG9 = CASES / "vuiseng9__bert-base-uncased-squadv1-59.6-sparse" / "files"
VALHALLA = CASES / "valhalla__bart-large-finetuned-squadv1" / "files"
GLM2 = CASES / "chatJeffrey__GLM2-6B" / "files"

VUISENG9_SENTENCE = "* A set of unstructured sparse bert-base-uncased models fine-tuned for SQuADv1."
VALHALLA_SENTENCE = "This is bart-large model finetuned on SQuADv1 dataset for question answering task"
VALHALLA_TITLE = "# BART-LARGE finetuned on SQuADv1"


def _judge(folder: Path, ref: str) -> Result:
    evidence = LocalSource(folder, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    evidence = replace(evidence, entry=ManifestEntry(ref=ref, kind="local", line=1))
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))


def _card(tmp_path: Path, source: Path, replaced: dict[str, str], ref: str, license_file: str | None = None) -> Result:
    """The real card of ``source`` with each of ``replaced``'s sentences (which it must have) replaced, judged as ``ref``."""
    card = (source / "README.md").read_text(encoding="utf-8")
    for old, new in replaced.items():
        assert old in card, old
        card = card.replace(old, new)
    (tmp_path / "README.md").write_text(card, encoding="utf-8")
    for name in ("MODEL_LICENSE", "config.json"):
        if (source / name).exists() and license_file is None:
            shutil.copyfile(source / name, tmp_path / name)
    if license_file:
        shutil.copyfile(TEXTS / license_file, tmp_path / "LICENSE")
    return _judge(tmp_path, ref)


# --- 1. legacy ids named in prose ------------------------------------------------------------------------------------------

def test_a_legacy_id_the_card_says_its_models_were_fine_tuned_from_is_followed(tmp_path):
    evidence = local(VUISENG9, "vuiseng9/bert-base-uncased-squadv1-59.6-sparse")
    result = judged(evidence, hub({"bert-base-uncased": BERT}))
    assert [(a.repo_id, a.license_id) for a in result.ancestors] == [("bert-base-uncased", "apache-2.0")], result.reasons
    assert result.verdict == "allowed", result.reasons
    # the base's license decides: a base under CC BY-NC 4.0 denies, one the Hub lacks leaves it unknown
    assert judged(evidence, hub({"bert-base-uncased": MUSICGEN})).verdict == "denied"
    assert judged(evidence, hub({})).verdict == "unknown"


def test_bart_large_the_card_says_its_model_was_fine_tuned_from_gives_the_bart_license():
    result = case("valhalla__bart-large-finetuned-squadv1")
    assert (result.classification.license_id, result.verdict) == ("apache-2.0", "allowed"), result.reasons


@pytest.mark.parametrize("sentence", [
    # a comparison, a model beaten, one unlike it, one similar to it
    "* Unlike bert-base-uncased models fine-tuned for SQuADv1, these models were trained from scratch.",
    "* These models outperform bert-base-uncased models fine-tuned for SQuADv1.",
    "* Compared with bert-base-uncased fine-tuned on SQuADv1, these models are 3x smaller.",
    "* Similar to bert-base-uncased models fine-tuned for SQuADv1, but trained from scratch.",
    # the maker of the data, the tokenizer borrowed
    "* Trained from scratch on a dataset generated with bert-base-uncased fine-tuned for SQuADv1.",
    "* A set of sparse models trained from scratch with the bert-base-uncased tokenizer.",
    # another model, whose name is joined to the family's: not the family
    "* A set of unstructured sparse legal-bert-base-uncased models fine-tuned for SQuADv1.",
    "* A set of models fine-tuned from bert-base-uncased-finetuned-squad for SQuADv1.",
])
def test_a_legacy_id_named_as_no_base_leaves_the_card_without_a_license(tmp_path, sentence):
    _card(tmp_path, VUISENG9, {VUISENG9_SENTENCE: sentence}, "acme/sparse-qa")
    result = judged(local(tmp_path, "acme/sparse-qa"), hub({"bert-base-uncased": BERT}))
    # another model joined to the name is followed as itself, which this Hub lacks: unknown either way
    assert result.verdict == "unknown" and all(a.repo_id != "bert-base-uncased" for a in result.ancestors), result.reasons


@pytest.mark.parametrize("sentence", [
    "This is a model trained from scratch, unlike bart-large finetuned on SQuADv1 dataset",
    "This model outperforms bart-large finetuned on SQuADv1 dataset",
    "This is bart-large-cnn model finetuned on SQuADv1 dataset for question answering task",
    "This is mbart-large model finetuned on SQuADv1 dataset for question answering task",
])
def test_bart_named_as_no_base_or_another_bart_leaves_the_card_unknown(tmp_path, sentence):
    result = _card(tmp_path, VALHALLA, {VALHALLA_TITLE: "# A question answering model", VALHALLA_SENTENCE: sentence}, "acme/qa")
    assert result.verdict == "unknown" and "apache-2.0" not in result.classification.candidates, result.reasons


def test_the_family_license_does_not_cover_a_restricted_license_of_the_card(tmp_path):
    (tmp_path / "README.md").write_text("---\nlicense: cc-by-nc-4.0\n---\n\n" + VUISENG9_SENTENCE + "\n", encoding="utf-8")
    result = _judge(tmp_path, "acme/sparse-qa")
    assert result.verdict == "denied", result.reasons


# --- 2. a ChatGLM2-6B re-upload comparing with ChatGLM-6B ---------------------------------------------------------------------

def test_a_chatglm2_re_upload_extending_chatglm_6bs_context_is_under_its_own_chatglm2_license():
    result = case("chatJeffrey__GLM2-6B")
    assert (result.classification.license_id, result.verdict) == ("chatglm2-6b-license", "conditional"), result.reasons
    assert "chatglm-6b-license-20230314-nc" not in result.classification.candidates, result.reasons


def test_the_same_card_under_an_apache_license_still_reads_chatglm_6b_as_its_base(tmp_path):
    # the card's words, a license of no ChatGLM kind: "extended ... from 2K in ChatGLM-6B" may extend its base's context
    result = _card(tmp_path, GLM2, {}, "acme/glm2-6b", license_file="apache-2.0.txt")
    assert "chatglm-6b-license-20230314-nc" in result.classification.candidates and result.verdict == "denied", result.reasons


@pytest.mark.parametrize("replaced", [
    # the model it says it succeeds is another than the one whose context it extended
    {"[ChatGLM-6B](https://github.com/THUDM/ChatGLM-6B) 的第二代版本": "[MedGLM](https://github.com/acme/MedGLM) 的第二代版本",
     "chat model [ChatGLM-6B](https://github.com/THUDM/ChatGLM-6B)": "chat model [MedGLM](https://github.com/acme/MedGLM)"},
    # it says it succeeds nothing
    {"[ChatGLM-6B](https://github.com/THUDM/ChatGLM-6B) 的第二代版本": "[ChatGLM-6B](https://github.com/THUDM/ChatGLM-6B) 的同系列模型",
     "is the second-generation version of": "is a chat model of the same series as"},
])
def test_a_context_extended_from_a_model_the_card_does_not_say_it_succeeds_still_reads_the_base(tmp_path, replaced):
    result = _card(tmp_path, GLM2, replaced, "acme/glm2-6b")
    assert "chatglm-6b-license-20230314-nc" in result.classification.candidates and result.verdict == "denied", result.reasons


def test_a_fine_tune_the_card_says_it_was_made_from_chatglm_6b_stays_denied(tmp_path):
    # the successor's words do not hide a base named in another sentence of the same card
    result = _card(tmp_path, GLM2, {"2. **更长的上下文**": "2. 本模型基于 ChatGLM-6B 微调。**更长的上下文**"}, "acme/glm2-6b")
    assert "chatglm-6b-license-20230314-nc" in result.classification.candidates and result.verdict == "denied", result.reasons


@pytest.mark.parametrize("appended,base", [
    # only the one name after "unlike" / "similar to" is taken out: a base the sentence goes on to give is still read
    ("Unlike the original, this model is fine-tuned from Llama-2-7b on legal QA.", "llama2"),
    ("Similar to Mistral-7B-Instruct, this model is fine-tuned from LLaMA-13B on chat data.", "llama1-weights"),
    ("In contrast to bert-base-uncased, this model is fine-tuned from LLaMA-13B.", "llama1-weights"),
])
def test_a_base_given_beside_a_model_it_is_unlike_is_still_read(tmp_path, appended, base):
    result = bert(tmp_path, f"\n## Model\n\n{appended}\n")
    assert base in result.classification.candidates and result.verdict != "allowed", result.reasons


def test_a_legacy_id_beside_the_cards_own_license_is_not_fetched():
    # nlptown's "This is a bert-base-multilingual-uncased model finetuned for sentiment analysis" under "license: mit": the
    # card's own license decides, as before; the legacy id is read only where nothing else says what the weights are under
    folder = CASES / "nlptown__bert-base-multilingual-uncased-sentiment" / "files"
    result = judged(local(folder, "nlptown/bert-base-multilingual-uncased-sentiment"), hub({}))
    assert not result.ancestors and (result.classification.license_id, result.verdict) == ("mit", "allowed"), result.reasons
