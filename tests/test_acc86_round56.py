"""Round 56: BramVanroy/gpt-neo-125M_finetuned-tolkien (no license; 'Finetuned version of GPT-Neo 125M on some of
Tolkien's works', a false block: GPT-Neo was no family licscan knew) and indonesian-nlp/wav2vec2-large-xlsr-indonesian
(Apache-2.0; 'a fine-tuned \\n[facebook/wav2vec2-large-xlsr-53](https://huggingface.co/facebook/wav2vec2-large-xlsr-53)
\\nmodel on the [Indonesian Common Voice dataset](...)': the base was not followed, the link opening the paragraph's next
line, so a non-commercial base would have passed). Each test runs the real card."""

from __future__ import annotations

import pytest

from licscan.base_ids import source_base_ids
from tests.test_lineage_round11 import MUSICGEN, copy_case, hub, judged, local
from tests.test_real_card_gaps import CASES

TOLKIEN = ("BramVanroy__gpt-neo-125M_finetuned-tolkien", "BramVanroy/gpt-neo-125M_finetuned-tolkien")
INDONESIAN = ("indonesian-nlp__wav2vec2-large-xlsr-indonesian", "indonesian-nlp/wav2vec2-large-xlsr-indonesian")
XLSR = "facebook/wav2vec2-large-xlsr-53"
NAMED = "Finetuned version of GPT-Neo 125M on some of Tolkien's works"


def test_gpt_neo_with_its_size_names_eleutherai_s_model():
    result = judged(local(CASES / TOLKIEN[0] / "files", TOLKIEN[1]), hub({}))
    assert result.verdict == "allowed" and result.classification.license_id == "apache-2.0", result.reasons
    assert any("GPT-Neo" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("words", [
    "Finetuned version of GPT-Neo on some of Tolkien's works",            # the architecture's name, no model
    "Finetuned version of GPT-NeoX 20B on some of Tolkien's works",       # another model
    "Finetuned version of a GPTNeoForCausalLM on some of Tolkien's works",
])
def test_gpt_neo_without_a_size_or_another_model_names_no_base(tmp_path, words):
    folder = copy_case(TOLKIEN[0], tmp_path, {"README.md": (NAMED, words)})
    # served under a name of its own: the real one, Trainer-style 'gpt-neo-125M_finetuned-tolkien', names GPT-Neo 125M
    # itself (acc90), and only the card's words are under test here
    result = judged(local(folder, "BramVanroy/tolkien-writer"), hub({}))
    assert not any("GPT-Neo" in reason and "apache-2.0" in reason for reason in result.reasons), result.reasons
    assert result.classification.license_id != "apache-2.0" or result.verdict != "allowed", result.reasons


def test_a_link_opening_the_paragraph_s_next_line_is_the_source():
    evidence = local(CASES / INDONESIAN[0] / "files", INDONESIAN[1])
    assert [repo for repo, _ in source_base_ids(evidence, INDONESIAN[1])] == [XLSR]
    real = judged(evidence, hub({XLSR: CASES / "facebook__wav2vec2-large-xlsr-53" / "files"}))
    assert [(a.repo_id, a.license_id) for a in real.ancestors] == [(XLSR, "apache-2.0")] and real.verdict == "allowed", real.reasons
    assert judged(evidence, hub({XLSR: MUSICGEN})).verdict == "denied"   # its own Apache-2.0 no longer hides the base's terms


@pytest.mark.parametrize("written, instead", [
    ("a fine-tuned \n[facebook/wav2vec2-large-xlsr-53]", "a fine-tuned [facebook/wav2vec2-large-xlsr-53]"),   # one line
])
def test_the_same_words_on_one_line_give_the_same_source(tmp_path, written, instead):
    folder = copy_case(INDONESIAN[0], tmp_path, {"README.md": (written, instead)})
    assert [repo for repo, _ in source_base_ids(local(folder, INDONESIAN[1]), INDONESIAN[1])] == [XLSR]


def test_a_fine_tuned_repo_that_is_no_model_names_no_source(tmp_path):
    # "a fine-tuned [X](...) tokenizer on ..." is no model made from X
    folder = copy_case(INDONESIAN[0], tmp_path, {"README.md": ("xlsr-53)\nmodel on", "xlsr-53)\ntokenizer on")})
    assert source_base_ids(local(folder, INDONESIAN[1]), INDONESIAN[1]) == ()
