"""Holes issue 15 left, each on a real card with one real sentence edited only where the hole needs it: a diacritic
on a letter of an English restriction word or license statement ("nón-commercial", "commerciał", "reléased"), a
license a statement denies ("not released under Apache 2.0 but under CC BY-NC 4.0") read as the one given, and a
mergekit config naming a model at a revision ("org/name@revision"), which is read at that revision.

The restricted cases are on the real BERT card (license: apache-2.0 and its Apache LICENSE, allowed as it is), in a
section whose heading says nothing of licenses (a "License" section's lines are read for every license they name): each
sentence below is from the card named beside it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from licscan.base_ids import base_model_ids
from licscan.classify import Classifier
from licscan.classify.card_words import load_card_words
from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.model import CardMetadata, Evidence, ManifestEntry, Project
from licscan.normalize import plain_latin_letters
from licscan.rules import load_knowledge_base
from licscan.sources.local import LocalSource
from tests.test_card_text_reading import CASES, bert
from tests.test_review_fail_opens import _lineage

KB = load_knowledge_base()
CLASSIFIER = Classifier(KB)

# briaai/RMBG-1.4's README.md, line 45
BRIA = "The model is released under a Creative Commons license for non-commercial use."
# finiteautomata/beto-sentiment-analysis's README.md, line 22
PYSENTIMIENTO = "`pysentimiento` is an open-source library for non-commercial use and scientific research purposes only."
# Max-Lee-explore/MythTrans-llama31-8B's README.md, its License section
MYTHTRANS = "This model is released under **CC BY-NC 4.0**."


# --- 1. a diacritic on a letter of an English word ----------------------------------------------------------------


@pytest.mark.parametrize("sentence, written", [
    (BRIA.replace("non-commercial", "nón-commercial"), "nón-commercial"),
    (BRIA.replace("non-commercial", "non-çommercial"), "non-çommercial"),
    (BRIA.replace("non-commercial", "non-cömmercial"), "non-cömmercial"),
    (BRIA.replace("non-commercial", "non-commerciał"), "non-commerciał"),          # a stroke, which does not decompose
    (BRIA.replace("non-commercial", "non-commerci\u0301al"), "non-commercíal"),     # a combining mark NFC composes
    (BRIA.replace("non-commercial", "non-com\u0308mercial"), "non-commercial"),     # one it cannot compose: dropped
    (BRIA.replace("non-commercial", "non-commerc\u0457al"), "non-commerc\u0457al"),  # Cyrillic yi, a look-alike with a diaeresis
    (PYSENTIMIENTO.replace("non-commercial", "nòn-commercial").replace("research", "rèsearch"), "rèsearch"),
])
def test_a_restriction_word_with_a_diacritic_denies_and_is_quoted_as_written(tmp_path, sentence, written):
    result = bert(tmp_path, "\n## Usage terms\n\n" + sentence + "\n")
    assert result.verdict == "denied", (sentence, result.reasons)
    assert any(written in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("clause, kind", [
    # rules/card-words/phrases.yaml's own words in Spanish, French and German, accents and all, as the tests of
    # other languages have them, and written without their accents
    ("Solo para fines de investigación.", "research-only"),
    ("Solo para fines de investigacion.", "research-only"),
    ("Ce modèle est réservé à un usage non commercial.", "non-commercial"),
    ("Die Nutzung für kommerzielle Zwecke ist nicht gestattet.", "non-commercial"),
    ("Die Nutzung fur kommerzielle Zwecke ist nicht gestattet.", "non-commercial"),
])
def test_phrases_of_other_languages_are_still_read_with_or_without_their_accents(clause, kind):
    assert load_card_words().restriction(clause) == kind


def test_folding_keeps_offsets_and_leaves_other_scripts():
    text = "nón-commercial, únicamente, commerc\u0457al, коммерческое использование запрещено, 商用禁止, 비상업적"
    folded = plain_latin_letters(text)
    assert len(folded) == len(text)
    assert folded == "non-commercial, unicamente, commercial, коммерческое использование запрещено, 商用禁止, 비상업적"


def test_a_base_family_with_a_diacritic_is_read(tmp_path):
    # the sixth review's "Acme-7B-v1.1 is a chat assistant fine-tuned from LLaMA-7B.", an accent on its base
    assert "llama1-weights" in _lineage(tmp_path, "Acme-7B", "Acme-7B-v1.1 is a chat assistant fine-tuned from LLaMÁ-7B.")


@pytest.mark.parametrize("sentence", [
    # the sixth review's sentence, the base given "rather than" another: not a comparison, the base is read
    "Acme-7B-v1.1 is a chat assistant fine-tuned from LLaMA-7B rather than Mistral-7B-v0.1.",
    "Acme-7B-v1.1 is a chat assistant fine-tuned from LLaMA-7B rather than trained from scratch.",
])
def test_a_base_given_rather_than_another_is_read(tmp_path, sentence):
    assert "llama1-weights" in _lineage(tmp_path, "Acme-7B", sentence)


@pytest.mark.parametrize("sentence", [
    "Acme-7B-v1.1 is a chat assistant fine-tuned from Mistral-7B-v0.1 rather than LLaMA-7B.",
    "Acme-7B-v1.1 is a chat assistant fine-tuned from Mistral-7B-v0.1 instead of the original LLaMA-7B.",
])
def test_a_base_denied_by_rather_than_is_no_base(tmp_path, sentence):
    assert "llama1-weights" not in _lineage(tmp_path, "Acme-7B", sentence)


def test_a_license_statement_with_a_diacritic_applies_and_is_quoted_as_written(tmp_path):
    result = bert(tmp_path, "\n## Usage terms\n\n" + MYTHTRANS.replace("released", "reléased") + "\n")
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons
    assert any("reléased under" in reason for reason in result.reasons), result.reasons


# --- 2. a license the statement denies is not the one it gives ----------------------------------------------------


@pytest.mark.parametrize("sentence", [
    MYTHTRANS.replace("released under", "not released under Apache 2.0 but under"),
    MYTHTRANS.replace("released under", "released not under Apache 2.0 but under"),
    MYTHTRANS.replace("is released under", "isn't released under Apache 2.0 but under"),
    MYTHTRANS.replace("released under", "not released under Apache 2.0, but under"),
    MYTHTRANS.replace("This model is released under", "The model weights are not under Apache 2.0 but under"),
    MYTHTRANS.replace("This model is released under", "The model weights are not Apache 2.0 but"),
    MYTHTRANS.replace("released under", "not released under Apache 2.0 but is released under"),
    # the same hole with a name licscan does not know: the weights' terms are unknown, never Apache's
    MYTHTRANS.replace("**CC BY-NC 4.0**", "Apache 2.0 but under the **Acme Model License**").replace("released", "not released"),
])
def test_a_license_the_statement_denies_does_not_stand_for_the_one_it_gives(tmp_path, sentence):
    result = bert(tmp_path, "\n## Usage terms\n\n" + sentence + "\n")
    assert result.verdict in ("denied", "unknown") and result.verdict != "allowed", (sentence, result.reasons)
    assert "cc-by-nc-4.0" in result.classification.candidates or "unknown" in result.classification.candidates, result.reasons


@pytest.mark.parametrize("sentence", [
    # the German, French and Spanish statements prose.py reads ("Die Modellgewichte werden unter CC BY-NC 4.0
    # veröffentlicht"), denying Apache 2.0 first
    "Die Modellgewichte werden nicht unter Apache 2.0, sondern unter CC BY-NC 4.0 veröffentlicht.",
    "Les poids du modèle ne sont pas publiés sous Apache 2.0 mais sous CC BY-NC 4.0.",
    "Los pesos del modelo no se publican bajo Apache 2.0 sino bajo CC BY-NC 4.0.",
])
def test_a_license_denied_in_another_language_does_not_stand_for_the_one_given(tmp_path, sentence):
    result = bert(tmp_path, "\n## Usage terms\n\n" + sentence + "\n")
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, (sentence, result.reasons)


@pytest.mark.parametrize("sentence", [
    # a license denied in one statement, the license given in the next, of "it" or "they"
    MYTHTRANS.replace("is released under", "is not released under Apache 2.0; it is released under"),
    MYTHTRANS.replace("This model is released under", "The model weights are not released under Apache 2.0; they are under"),
    MYTHTRANS.replace("This model is released under", "The model weights are not under Apache 2.0: they are under"),
])
def test_a_license_denied_in_one_statement_and_given_in_the_next_applies(tmp_path, sentence):
    result = bert(tmp_path, "\n## Usage terms\n\n" + sentence + "\n")
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, (sentence, result.reasons)


@pytest.mark.parametrize("sentence", [
    MYTHTRANS.replace("is released under **CC BY-NC 4.0**", "is not released under **Apache 2.0**"),
    MYTHTRANS.replace("This model is released under **CC BY-NC 4.0**", "The model weights are not covered by the Apache 2.0 license"),
    MYTHTRANS.replace("This model is released under **CC BY-NC 4.0**", "Only the code is released under **Apache 2.0**"),
])
def test_a_card_saying_the_license_that_applies_does_not_cover_the_weights_is_unknown(tmp_path, sentence):
    # apache-2.0 is declared and its text is in LICENSE: the card's words say it is not the weights' license, and
    # name none that is
    result = bert(tmp_path, "\n## Usage terms\n\n" + sentence + "\n")
    assert result.verdict == "unknown", (sentence, result.reasons)
    assert any("apache-2.0, which applies, does not cover the weights" in reason for reason in result.reasons), result.reasons


def test_a_license_denied_of_the_weights_beside_the_one_given_them_is_no_unknown(tmp_path):
    sentence = MYTHTRANS.replace("This model is released under **CC BY-NC 4.0**",
                                 "Only the code is released under Apache 2.0; the model weights are released under the Llama 2 license")
    result = bert(tmp_path, "\n## Usage terms\n\n" + sentence + "\n")
    assert result.verdict == "conditional" and "llama2" in result.classification.candidates, result.reasons


def test_not_only_one_license_but_also_another_denies_neither(tmp_path):
    sentence = MYTHTRANS.replace("is released under", "is not only released under").replace("**.", "** but also under a commercial license.")
    result = bert(tmp_path, "\n## Usage terms\n\n" + sentence + "\n")
    assert "cc-by-nc-4.0" in result.classification.candidates and result.verdict != "allowed", result.reasons


def test_a_license_denied_of_the_code_leaves_the_weights_allowed(tmp_path):
    sentence = MYTHTRANS.replace("This model is released under **CC BY-NC 4.0**", "The training code is not released under GPL-3.0")
    assert bert(tmp_path, "\n## Usage terms\n\n" + sentence + "\n").verdict == "allowed"


@pytest.mark.parametrize("sentence", [
    # the other way round: the denied license is the restrictive one, and Apache, declared, is the one given
    MYTHTRANS.replace("released under **CC BY-NC 4.0**", "not released under **CC BY-NC 4.0** but under Apache 2.0"),
    MYTHTRANS.replace("**CC BY-NC 4.0**", "Apache 2.0 rather than **CC BY-NC 4.0**"),
    MYTHTRANS.replace("**CC BY-NC 4.0**", "Apache 2.0, not **CC BY-NC 4.0**"),
    "Weights license: Apache 2.0 (not CC BY-NC 4.0).",
])
def test_a_restrictive_license_the_statement_denies_is_no_block(tmp_path, sentence):
    result = bert(tmp_path, "\n## Usage terms\n\n" + sentence + "\n")
    assert result.verdict == "allowed" and "cc-by-nc-4.0" not in result.classification.candidates, (sentence, result.reasons)


@pytest.mark.parametrize("sentence", [
    # Qwen/Qwen1.5-*'s "For each size, we release the base language model and the aligned chat model.", with a license
    "For each size, we release the base language model and the aligned chat model. We release the weights under CC BY-NC 4.0.",
    MYTHTRANS.replace("released under", "released by Acme under"),
    MYTHTRANS.replace("This model is released under", "We distribute the model weights under"),
])
def test_other_verbs_of_a_license_statement_are_read(tmp_path, sentence):
    result = bert(tmp_path, "\n## Usage terms\n\n" + sentence + "\n")
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, (sentence, result.reasons)


def test_a_model_available_as_a_kind_of_model_for_non_commercial_use_denies(tmp_path):
    # briaai/RMBG-1.4's README.md, line 35
    result = bert(tmp_path, "\n## About\n\nDeveloped by BRIA AI, RMBG v1.4 is available as a source-available model for non-commercial use.\n")
    assert result.verdict == "denied", result.reasons


# --- 3. a mergekit config's model at a revision ---------------------------------------------------------------------

MERGE = CASES / "Da207salv51__la-mia-intelligenza-artificiale" / "files" / "mergekit_config.yml"
MUSICGEN_CARD = Path(__file__).resolve().parent / "fakehub" / "repos" / "facebook" / "musicgen-small" / "README.md"
REVISION = "0123456789abcdef0123456789abcdef01234567"


def _merge_at_a_revision(tmp_path: Path) -> Evidence:
    """The real mergekit config of Da207salv51/la-mia-intelligenza-artificiale, one of its models written at a revision."""
    config = MERGE.read_text(encoding="utf-8")
    assert "- model: netcat420/qwen2.5-MFANN-7b-v1.1\n" in config
    folder = tmp_path / "merge"
    folder.mkdir()
    (folder / "mergekit_config.yml").write_text(
        config.replace("- model: netcat420/qwen2.5-MFANN-7b-v1.1\n", f"- model: netcat420/qwen2.5-MFANN-7b-v1.1@{REVISION}\n"), encoding="utf-8")
    evidence = LocalSource(folder, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    return replace(evidence, entry=ManifestEntry(ref="Da207salv51/la-mia-intelligenza-artificiale", kind="local", line=1))


def _judged(merge: Evidence, fetch) -> tuple:
    lineage = Lineage(fetch, CLASSIFIER)
    lineage.prefetch([merge])
    ancestors = lineage.ancestors(merge)
    return Evaluator(KB, Project("p", "commercial")).evaluate(merge, CLASSIFIER.classify(merge), ancestors), ancestors


def test_a_merged_model_named_at_a_revision_is_read_at_that_revision(tmp_path):
    merge = _merge_at_a_revision(tmp_path)
    assert base_model_ids(merge, merge.entry.ref) == (
        ("huihui-ai/Qwen2.5-Coder-7B-Instruct-abliterated", f"netcat420/qwen2.5-MFANN-7b-v1.1@{REVISION}"), ())
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "README.md").write_bytes(MUSICGEN_CARD.read_bytes())   # CC BY-NC 4.0 weights
    asked: list[tuple[str, str | None]] = []

    def fetch(entry: ManifestEntry) -> Evidence:
        asked.append((entry.ref, entry.revision))
        base = LocalSource(tmp_path / "base", "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
        return replace(base, entry=entry, revision=entry.revision or "f" * 40)

    result, ancestors = _judged(merge, fetch)
    assert sorted(asked) == [("huihui-ai/Qwen2.5-Coder-7B-Instruct-abliterated", None), ("netcat420/qwen2.5-MFANN-7b-v1.1", REVISION)]
    at_revision = next(a for a in ancestors if a.repo_id == "netcat420/qwen2.5-MFANN-7b-v1.1")
    assert (at_revision.revision, at_revision.license_id, at_revision.relation) == (REVISION, "cc-by-nc-4.0", "merge")
    assert result.verdict == "denied", result.reasons


def test_a_merged_model_whose_revision_cannot_be_fetched_is_unknown(tmp_path):
    merge = _merge_at_a_revision(tmp_path)
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "README.md").write_text("---\nlicense: apache-2.0\n---\n# A model\n", encoding="utf-8")

    def fetch(entry: ManifestEntry) -> Evidence:
        if entry.revision == REVISION:
            return Evidence(entry, "hub", None, CardMetadata(), complete=False, fetch_failed=True,
                            problems=(f"{entry.ref}: revision '{REVISION}' not found on the Hub",))
        base = LocalSource(tmp_path / "base", "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
        return replace(base, entry=entry, revision="f" * 40)

    result, ancestors = _judged(merge, fetch)
    unread = next(a for a in ancestors if a.repo_id == "netcat420/qwen2.5-MFANN-7b-v1.1")
    assert unread.license_id == "unknown" and unread.revision == REVISION and "not found" in (unread.problem or "")
    assert result.verdict == "unknown", result.reasons


def test_a_revision_that_is_no_revision_is_a_card_problem():
    card = CardMetadata(base_models=("org/model@../../etc", "org/model@", "org/model@main"))
    assert base_model_ids(card, "org/merge") == (("org/model@main",), ("org/model@../../etc", "org/model@"))


def test_a_base_model_link_to_a_commit_is_read_at_that_commit():
    # a base_model written as the Hub page of one commit: that commit, as a mergekit revision is; a branch's page is the repo's
    card = CardMetadata(base_models=(f"https://huggingface.co/netcat420/qwen2.5-MFANN-7b-v1.1/tree/{REVISION}",
                                     "https://huggingface.co/huihui-ai/Qwen2.5-Coder-7B-Instruct-abliterated/tree/main"))
    assert base_model_ids(card, "org/merge") == (
        (f"netcat420/qwen2.5-MFANN-7b-v1.1@{REVISION}", "huihui-ai/Qwen2.5-Coder-7B-Instruct-abliterated"), ())
