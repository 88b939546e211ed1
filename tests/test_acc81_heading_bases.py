"""Lineage round 51's cards give and licscan did not read (acc81): each card's own non-commercial license decided, so no verdict
was wrong, but the same card under a permissive license passed on it without reading the base it names, and a derivative
carries its base's terms whatever its card declares.

1. CheonggyeMountain-Sherpa/kogpt-trinity-punct-wrapper: '## Model based on' over '[Ko-GPT-Trinity 1.2B (v0.5)](https://
   huggingface.co/skt/ko-gpt-trinity-1.2B-v0.5)': a heading saying the section gives the base, the link on the next line.
2. NbAiLab/nb-wav2vec2-1b-bokmaal: 'This model is finetuned on top of feature extractor [VoxRex-model](https://huggingface.co/
   KBLab/wav2vec2-large-voxrex)': the part tuned on named between the verb and the repo.
3. vvn/en-to-dutch-marianmt (a false block): 'Checkpoint of pre-trained model = Helsinki-NLP/opus-mt-en-nl.': an equals sign
   as the label's colon.
4. the bespin-global cards: '- Pretrain Model : [klue/roberta-small](https://github.com/KLUE-benchmark/KLUE)': "Pretrain", and a
   Hub id as the text of a link to another site.
Each base so read is followed as a source the card's words name is (also beside a license of the card's own): its license
applies, one the Hub lacks leaves the terms unknown. A comparison, a tokenizer's or a dataset's link, code's own name give none.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_lineage_round11 import MUSICGEN, copy_case, hub, judged, local
from tests.test_real_card_gaps import CASES

KOGPT = "CheonggyeMountain-Sherpa__kogpt-trinity-punct-wrapper"
NBAILAB = "NbAiLab__nb-wav2vec2-1b-bokmaal"
VVN = "vvn__en-to-dutch-marianmt"
BESPIN = "bespin-global__klue-roberta-small-3i4k-intent-classification"

SKT = {"skt/ko-gpt-trinity-1.2B-v0.5": CASES / "skt__ko-gpt-trinity-1.2B-v0.5" / "files"}
VOXREX = {"KBLab/wav2vec2-large-voxrex": CASES / "KBLab__wav2vec2-large-voxrex" / "files"}
OPUS = {"Helsinki-NLP/opus-mt-en-nl": CASES / "Helsinki-NLP__opus-mt-en-nl" / "files"}
KLUE = {"klue/roberta-small": CASES / "klue__roberta-small" / "files"}

KOGPT_HEADING = "## Model based on\n[Ko-GPT-Trinity 1.2B (v0.5)](https://huggingface.co/skt/ko-gpt-trinity-1.2B-v0.5)"
NBAILAB_SENTENCE = "This model is finetuned on top of feature extractor [VoxRex-model](https://huggingface.co/KBLab/wav2vec2-large-voxrex)"
VVN_SENTENCE = "Checkpoint of pre-trained model = Helsinki-NLP/opus-mt-en-nl."
BESPIN_LINE = "- Pretrain Model : [klue/roberta-small](https://github.com/KLUE-benchmark/KLUE)"


def _ref(case: str) -> str:
    return case.replace("__", "/", 1)


def _ancestors(result) -> list[tuple[str, str]]:
    return [(a.repo_id, a.license_id) for a in result.ancestors]


def _mit(case: str, tmp_path: Path, old: str, new: str | None = None) -> Path:
    """The case's files with its license written as MIT (and ``old`` written ``new``)."""
    folder = copy_case(case, tmp_path)
    text = (folder / "README.md").read_text(encoding="utf-8")
    assert text.count(old) == 1
    text = text.replace(old, new if new is not None else old)
    for own in ("license: cc-by-nc-sa-4.0\n", "license: cc-by-nc-4.0\n"):
        text = text.replace(own, "license: mit\n")
    (folder / "README.md").write_text(text if "license: mit" in text else f"---\nlicense: mit\n---\n{text}", encoding="utf-8")
    return folder


# --- 1. a heading saying the model is based on, the base's link under it ------------------------------------------------

def test_the_model_a_heading_says_it_is_based_on_is_followed():
    result = judged(local(CASES / KOGPT / "files", _ref(KOGPT)), hub(SKT))
    assert _ancestors(result) == [("skt/ko-gpt-trinity-1.2B-v0.5", "cc-by-nc-sa-4.0")], result.reasons
    assert result.verdict == "denied", result.reasons


def test_a_permissive_card_under_a_based_on_heading_carries_its_bases_non_commercial_terms(tmp_path):
    # the latent false allow cards51 probed: the same card with 'license: mit' passed as mit / allowed
    result = judged(local(_mit(KOGPT, tmp_path, KOGPT_HEADING), _ref(KOGPT)), hub(SKT))
    assert _ancestors(result) == [("skt/ko-gpt-trinity-1.2B-v0.5", "cc-by-nc-sa-4.0")], result.reasons
    assert result.verdict == "denied", result.reasons
    # a base the Hub does not have leaves the terms unknown
    assert judged(local(_mit(KOGPT, tmp_path / "gone", KOGPT_HEADING), _ref(KOGPT)), hub({})).verdict == "unknown"


@pytest.mark.parametrize("heading", [
    "## Base model", "### Fine-tuned from", "## **Pre-trained model**", "## 기반 모델", "## ベースモデル", "## 基础模型",
    "## Basiert auf", "## Modèle de base", "## Базовая модель",
])
def test_other_headings_that_give_the_base_in_the_languages_the_card_words_know(tmp_path, heading):
    folder = _mit(KOGPT, tmp_path, KOGPT_HEADING, KOGPT_HEADING.replace("## Model based on", heading))
    result = judged(local(folder, _ref(KOGPT)), hub(SKT))
    assert _ancestors(result) == [("skt/ko-gpt-trinity-1.2B-v0.5", "cc-by-nc-sa-4.0")], result.reasons


@pytest.mark.parametrize("section", [
    # a comparison, a tokenizer, an evaluation model, another family's releases: the heading's whole text is no base's
    "## Comparison with the base model\n[Ko-GPT-Trinity 1.2B (v0.5)](https://huggingface.co/skt/ko-gpt-trinity-1.2B-v0.5)",
    "## Tokenizer based on\n[Ko-GPT-Trinity 1.2B (v0.5)](https://huggingface.co/skt/ko-gpt-trinity-1.2B-v0.5)",
    "## Evaluation model\n[Ko-GPT-Trinity 1.2B (v0.5)](https://huggingface.co/skt/ko-gpt-trinity-1.2B-v0.5)",
    "## Pre-trained models\n- [Ko-GPT-Trinity 1.2B (v0.5)](https://huggingface.co/skt/ko-gpt-trinity-1.2B-v0.5)",
    # the section opens with words, not the base
    "## Model based on\nWe compare it with [Ko-GPT-Trinity 1.2B (v0.5)](https://huggingface.co/skt/ko-gpt-trinity-1.2B-v0.5)",
    # a dataset's page, code's own repo
    "## Model based on\n[KLUE NLI](https://huggingface.co/datasets/skt/ko-gpt-trinity-1.2B-v0.5)",
    "## Model based on\n[huggingface/transformers](https://github.com/huggingface/transformers)",
])
def test_a_heading_naming_no_base_or_a_section_opening_with_no_model_gives_none(tmp_path, section):
    result = judged(local(_mit(KOGPT, tmp_path, KOGPT_HEADING, section), _ref(KOGPT)), hub(SKT))
    assert not result.ancestors and result.verdict == "allowed", result.reasons


# --- 2. "finetuned on top of feature extractor [X](hub)" ----------------------------------------------------------------

def test_the_model_a_card_was_tuned_on_top_of_is_followed(tmp_path):
    result = judged(local(CASES / NBAILAB / "files", _ref(NBAILAB)), hub(VOXREX))
    assert _ancestors(result) == [("KBLab/wav2vec2-large-voxrex", "cc0-1.0")], result.reasons
    assert result.verdict == "denied", result.reasons      # its own cc-by-nc-sa-4.0 still decides
    mit = _mit(NBAILAB, tmp_path, NBAILAB_SENTENCE)
    assert judged(local(mit, _ref(NBAILAB)), hub(VOXREX)).verdict == "allowed"
    # that base under non-commercial terms binds the MIT card
    denied = judged(local(mit, _ref(NBAILAB)), hub({"KBLab/wav2vec2-large-voxrex": MUSICGEN}))
    assert denied.verdict == "denied", denied.reasons
    # "tuned on top of", without "fine"
    tuned = _mit(NBAILAB, tmp_path / "tuned", NBAILAB_SENTENCE, NBAILAB_SENTENCE.replace("finetuned", "tuned"))
    assert _ancestors(judged(local(tuned, _ref(NBAILAB)), hub(VOXREX))) == [("KBLab/wav2vec2-large-voxrex", "cc0-1.0")]


@pytest.mark.parametrize("sentence", [
    "Unlike a model finetuned on top of feature extractor [VoxRex-model](https://huggingface.co/KBLab/wav2vec2-large-voxrex), "
    "ours is trained from scratch",
    "This model is compared with one finetuned on top of feature extractor [VoxRex-model](https://huggingface.co/KBLab/wav2vec2-large-voxrex)",
])
def test_a_model_tuned_on_top_of_another_that_the_card_only_compares_with_is_no_base(tmp_path, sentence):
    result = judged(local(_mit(NBAILAB, tmp_path, NBAILAB_SENTENCE, sentence), _ref(NBAILAB)), hub(VOXREX))
    assert not result.ancestors, result.reasons


# --- 3. "pre-trained model = X" -----------------------------------------------------------------------------------------

def test_a_pre_trained_model_given_with_an_equals_sign_is_followed(tmp_path):
    # the round's false block: no license of its own, its base apache-2.0
    result = judged(local(CASES / VVN / "files", _ref(VVN)), hub(OPUS))
    assert _ancestors(result) == [("Helsinki-NLP/opus-mt-en-nl", "apache-2.0")], result.reasons
    assert result.verdict == "allowed", result.reasons
    assert judged(local(CASES / VVN / "files", _ref(VVN)), hub({})).verdict == "unknown"
    # beside a license of the card's own, a non-commercial base binds it
    denied = judged(local(_mit(VVN, tmp_path, VVN_SENTENCE), _ref(VVN)), hub({"Helsinki-NLP/opus-mt-en-nl": MUSICGEN}))
    assert denied.verdict == "denied", denied.reasons


def test_a_pre_trained_model_equal_to_a_local_folder_names_no_base(tmp_path):
    folder = _mit(VVN, tmp_path, VVN_SENTENCE, "Checkpoint of pre-trained model = ./checkpoints/run1.")
    assert not judged(local(folder, _ref(VVN)), hub(OPUS)).ancestors


def test_a_base_checkpoint_label_is_read_as_a_base_model_label(tmp_path):
    folder = _mit(KOGPT, tmp_path, KOGPT_HEADING, "- Base checkpoint: skt/ko-gpt-trinity-1.2B-v0.5")
    result = judged(local(folder, _ref(KOGPT)), hub(SKT))
    assert _ancestors(result) == [("skt/ko-gpt-trinity-1.2B-v0.5", "cc-by-nc-sa-4.0")], result.reasons
    assert result.verdict == "denied", result.reasons


# --- 4. a Hub id as a link's text ---------------------------------------------------------------------------------------

def test_a_hub_id_written_as_the_text_of_a_link_to_github_is_followed(tmp_path):
    result = judged(local(CASES / BESPIN / "files", _ref(BESPIN)), hub(KLUE))
    assert _ancestors(result) == [("klue/roberta-small", "unknown")], result.reasons
    assert result.verdict == "denied", result.reasons   # its own cc-by-nc-4.0 decides; the unknown base cannot lift it
    mit = _mit(BESPIN, tmp_path, BESPIN_LINE)
    # klue/roberta-small's card states no license: the MIT card is not allowed on its own license
    assert judged(local(mit, _ref(BESPIN)), hub(KLUE)).verdict == "unknown"
    assert judged(local(mit, _ref(BESPIN)), hub({"klue/roberta-small": MUSICGEN})).verdict == "denied"
    assert judged(local(mit, _ref(BESPIN)), hub({"klue/roberta-small": OPUS["Helsinki-NLP/opus-mt-en-nl"]})).verdict == "allowed"


@pytest.mark.parametrize("line", [
    # the linked code's own name, a dataset's page, a name that is no Hub id
    "- Pretrain Model : [huggingface/transformers](https://github.com/huggingface/transformers)",
    "- Pretrain Model : [klue/roberta-small](https://huggingface.co/datasets/klue)",
    "- Pretrain Model : [KLUE RoBERTa small](https://github.com/KLUE-benchmark/KLUE)",
    # a mention, not the model's own
    "- See also [klue/roberta-small](https://github.com/KLUE-benchmark/KLUE)",
])
def test_a_link_whose_text_is_no_other_sites_hub_id_names_no_base(tmp_path, line):
    result = judged(local(_mit(BESPIN, tmp_path, BESPIN_LINE, line), _ref(BESPIN)), hub(KLUE))
    assert not result.ancestors and result.verdict == "allowed", result.reasons


def test_a_based_on_heading_opening_a_card_with_no_front_matter_is_read(tmp_path):
    # (the card's first line: no line break before the heading)
    (tmp_path / "README.md").write_text(f"{KOGPT_HEADING}\n\n## Example\nSee the code below.\n", encoding="utf-8")
    result = judged(local(tmp_path, _ref(KOGPT)), hub(SKT))
    assert _ancestors(result) == [("skt/ko-gpt-trinity-1.2B-v0.5", "cc-by-nc-sa-4.0")], result.reasons
    assert result.verdict == "denied", result.reasons


def test_each_item_of_a_list_of_bases_under_a_base_model_heading_is_followed(tmp_path):
    # a merge's parents listed under the heading: the second one's non-commercial terms bind the MIT card as the first's would
    section = ("## Base model\n- [Helsinki-NLP/opus-mt-en-nl](https://huggingface.co/Helsinki-NLP/opus-mt-en-nl)\n"
               "- [Ko-GPT-Trinity 1.2B (v0.5)](https://huggingface.co/skt/ko-gpt-trinity-1.2B-v0.5)")
    result = judged(local(_mit(KOGPT, tmp_path, KOGPT_HEADING, section), _ref(KOGPT)), hub({**OPUS, **SKT}))
    assert _ancestors(result) == [("Helsinki-NLP/opus-mt-en-nl", "apache-2.0"), ("skt/ko-gpt-trinity-1.2B-v0.5", "cc-by-nc-sa-4.0")], \
        result.reasons
    assert result.verdict == "denied", result.reasons
