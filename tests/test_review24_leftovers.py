"""Review24 cases the fixers left: a base named with a bracketed variant and trained on a corpus described at length."""

from __future__ import annotations

import pytest

from tests.test_card_text_reading import bert


def test_a_base_named_before_a_long_corpus_tail_is_still_the_base(tmp_path):
    # "NLLB-200 (distilled, 600M) fine-tuned on 2M English-Swahili sentence pairs from our news corpus": the corpus ends
    # the sentence, after "on": where the training happened, not a sentence about data; NLLB-200 is CC BY-NC 4.0
    result = bert(tmp_path, "\nThis model is NLLB-200 (distilled, 600M) fine-tuned on 2M English-Swahili sentence pairs "
                            "from our news corpus.\n")
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons


def test_a_sentence_about_data_made_with_a_model_gives_no_base(tmp_path):
    # the data is the subject and it does not end the sentence: still a trap, BERT's own Apache card stays allowed
    result = bert(tmp_path, "\nThe training corpus was translated with NLLB-200 and then cleaned by hand.\n")
    assert result.verdict == "allowed", result.reasons


def test_a_name_joined_before_t5_names_another_model():
    # flax-community/arabic-t5-small (round 20): a T5 v1.1 trained from scratch, no license; "arabic-t5-small" is not
    # Google's t5-small, and neither is the card that fine-tunes it (s3h/arabert-gec-v2-2)
    from tests.test_real_card_gaps import judge

    for folder in ("flax-community__arabic-t5-small", "s3h__arabert-gec-v2-2"):
        result = judge(folder)
        assert "apache-2.0" not in result.classification.candidates and result.verdict not in ("allowed", "conditional"), \
            (folder, result.reasons)


@pytest.mark.parametrize("sentence", [
    "This model was fine-tuned on Llama-2-13b using the OpenOrca dataset.",
    "This model was fine-tuned on Llama-2-13b with our instruction corpus.",
])
def test_a_base_named_right_after_on_is_not_taken_out_with_the_dataset_it_was_trained_with(tmp_path, sentence):
    # the training-data tail ("... the OpenOrca dataset") ran from "on" to the sentence's end and took the base with it:
    # the sentence gave a base and named none, and BERT's own Apache card passed a Llama 2 fine-tune
    result = bert(tmp_path, "\n" + sentence + "\n")
    assert result.verdict != "allowed" and "llama2" in result.classification.candidates, result.reasons


@pytest.mark.parametrize("sentence", [
    "This model was fine-tuned on the OpenOrca dataset.",
    "This model is a fine-tuned version of [bert-base-uncased](https://huggingface.co/bert-base-uncased) on the glue dataset.",
])
def test_a_dataset_tail_that_names_no_model_is_still_taken_out(tmp_path, sentence):
    result = bert(tmp_path, "\n" + sentence + "\n")
    assert result.verdict == "allowed", result.reasons
