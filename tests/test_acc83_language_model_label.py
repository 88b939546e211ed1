"""Round 53's false block ehdwns1516/gpt2_review_star3: a card with no license of its own whose Overview, in the Haystack
template, says 'Language model: [gpt2](https://huggingface.co/gpt2)'. That line opening a line gives the model's base, as
"Base model:" does (the same link after "Base model:" was read); the base's license then decides, one the Hub lacks
leaves the checkpoint unknown. Not a "language model:" inside a sentence, and not on a card with a license of its own
(deepset's German BERT, trained from scratch, writes 'Language model: bert-base-cased' for what it is: its MIT decides)."""

from __future__ import annotations

import pytest

from tests.test_lineage_round11 import MUSICGEN, copy_case, hub, judged, local
from tests.test_real_card_gaps import CASES

GPT2 = CASES / "openai-community__gpt2" / "files"
BERT_CASED = CASES / "google-bert__bert-base-cased" / "files"
REVIEW = "ehdwns1516__gpt2_review_star3"
LINE = "Language model: [gpt2](https://huggingface.co/gpt2)"


def _ancestors(result) -> list[tuple[str, str]]:
    return [(a.repo_id, a.license_id) for a in result.ancestors]


def test_the_language_model_line_of_a_card_without_a_license_gives_its_base():
    evidence = local(CASES / REVIEW / "files", "ehdwns1516/gpt2_review_star3")
    result = judged(evidence, hub({"gpt2": GPT2}))
    assert _ancestors(result) == [("gpt2", "mit")] and result.verdict == "allowed", result.reasons
    assert judged(evidence, hub({"gpt2": MUSICGEN})).verdict == "denied"     # a non-commercial base denies
    assert judged(evidence, hub({})).verdict == "unknown"                  # one the Hub lacks: unknown


@pytest.mark.parametrize("line", [
    "**Language model:** gpt2  ",                                         # the template's bold label, a legacy id bare
    "- Language model: [gpt2](https://huggingface.co/gpt2)",
])
def test_the_templates_other_forms_give_the_base_too(tmp_path, line):
    folder = copy_case(REVIEW, tmp_path, {"README.md": (LINE, line)})
    result = judged(local(folder, "ehdwns1516/gpt2_review_star3"), hub({"gpt2": GPT2}))
    assert _ancestors(result) == [("gpt2", "mit")], result.reasons


@pytest.mark.parametrize("line", [
    "The reviews were scored with a language model: [gpt2](https://huggingface.co/gpt2)",   # inside a sentence
    "Large language model: [gpt2](https://huggingface.co/gpt2)",
])
def test_a_language_model_said_inside_a_sentence_names_no_base(tmp_path, line):
    folder = copy_case(REVIEW, tmp_path, {"README.md": (LINE, line)})
    result = judged(local(folder, "ehdwns1516/gpt2_review_star3"), hub({"gpt2": GPT2}))
    assert not result.ancestors and result.verdict == "unknown", result.reasons


def test_a_card_with_a_license_of_its_own_keeps_it():
    # German BERT (MIT) says 'Language model: bert-base-cased' of what it is; bert-base-cased is not followed
    evidence = local(CASES / "google-bert__bert-base-german-cased" / "files", "google-bert/bert-base-german-cased")
    result = judged(evidence, hub({"bert-base-cased": BERT_CASED}))
    assert all(repo != "bert-base-cased" for repo, _ in _ancestors(result)) and result.verdict == "allowed", result.reasons
