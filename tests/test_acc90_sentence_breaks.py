"""acc90: a period followed at once by an emphasised word ends a sentence; a placeholder license value names no license.

allenai/led-large-16384-arxiv (round 60) writes 'fine-tuned on the arXiv dataset.*led-large-16384-arxiv* is the official
fine-tuned version of [led-large-16384](https://huggingface.co/allenai/led-large-16384)': with no space after the period
the two sentences were read as one, the first one's data words made the source phrase a trap, and the base the card names
was not followed (the card passed on its own apache-2.0, so a more restrictive base would have gone unseen)."""

from __future__ import annotations

import pytest

from licscan.base_ids import source_base_ids
from licscan.classify.card_words import load_card_words, sentences
from tests.test_lineage_round11 import MUSICGEN, hub, judged, local
from tests.test_real_card_gaps import CASES

LED = ("allenai__led-large-16384-arxiv", "allenai/led-large-16384-arxiv")


def test_a_period_before_an_emphasised_word_ends_the_sentence():
    assert sentences("fine-tuned on the arXiv dataset.*led-large-16384-arxiv* is the official version") == [
        "fine-tuned on the arXiv dataset", "*led-large-16384-arxiv* is the official version"]
    assert sentences("trained on it.**Note** the weights") == ["trained on it", "**Note** the weights"]


def test_a_period_before_a_star_that_opens_no_emphasis_ends_nothing():
    # a glob, a pattern, an unclosed star: one sentence, as before
    assert sentences("the files model.*bin and more") == ["the files model.*bin and more"]
    assert sentences("a regex like a.*b matches") == ["a regex like a.*b matches"]
    # a closing mark after the period (bigscience/bloomz-560m's prompt example), code (a Devstral GGUF card's 'Spark.*;')
    assert sentences('Translate to English: Je t’aime.*", the model might answer "*I love you') == [
        'Translate to English: Je t’aime.*", the model might answer "*I love you']
    assert sentences("import org.apache.spark.*; then") == ["import org.apache.spark.*; then"]


def test_the_official_fine_tuned_version_of_a_linked_repo_is_followed_on_the_real_card():
    evidence = local(CASES / LED[0] / "files", LED[1])
    assert [repo for repo, _ in source_base_ids(evidence, LED[1])] == ["allenai/led-large-16384"]
    # the base's terms decide: a non-commercial base denies the apache-2.0 card, the real base lets it pass
    assert judged(evidence, hub({"allenai/led-large-16384": MUSICGEN})).verdict == "denied"
    real = judged(evidence, hub({"allenai/led-large-16384": CASES / "allenai__led-large-16384" / "files",
                                 "facebook/bart-large": CASES / "facebook__bart-large" / "files"}))
    assert real.verdict == "allowed", real.reasons


def test_a_placeholder_license_value_is_no_license_licscan_lacks():
    """projecte-aina/roberta-base-ca-cased-pos (round 59) has 'license: ???': unknown, as before, but not reported as a
    license licscan does not know (a knowledge gap no rule could close)."""
    card = ("projecte-aina__roberta-base-ca-cased-pos", "projecte-aina/roberta-base-ca-cased-pos")
    result = judged(local(CASES / card[0] / "files", card[1]), hub({}))
    assert result.verdict == "unknown"
    assert any("license field holds '???', which names no license" in reason for reason in result.reasons), result.reasons
    assert not any("which licscan does not know" in reason for reason in result.reasons), result.reasons


def test_a_trainer_named_fine_tune_is_read_as_the_family_its_name_starts_with():
    """avsk/distilbert-base-uncased-finetuned-squad (round 61): an empty card whose name is the Trainer's default
    '{model}-finetuned-{task}'. The DistilBERT family takes no name joined after its own ('distilbert-base-japanese' is
    another model), so the whole name named nothing: unknown. The model's name before '-finetuned' is read as the repo
    name is: a DistilBERT base, conditional (a name alone never makes a checkpoint allowed)."""
    avsk = ("avsk__distilbert-base-uncased-finetuned-squad", "avsk/distilbert-base-uncased-finetuned-squad")
    result = judged(local(CASES / avsk[0] / "files", avsk[1]), hub({}))
    assert result.verdict == "conditional", result.reasons
    assert any("a DistilBERT base: apache-2.0" in reason for reason in result.reasons), result.reasons


def test_a_trainer_named_fine_tune_whose_card_has_words_of_its_own_is_not_read_by_its_name(tmp_path):
    """The review's card: no metadata, 'This model is proprietary to Acme Corp. Do not redistribute.' under a Trainer-style
    name. Words licscan does not take for terms must not be outweighed by a guess from the name: unknown, as before acc90."""
    for words in ("Internal use only. Not licensed for use outside Acme.", "Copyright (c) 2024 Acme Corp. All rights reserved."):
        (tmp_path / "README.md").write_text(words + "\n", encoding="utf-8")
        result = judged(local(tmp_path, "someone/distilbert-base-uncased-finetuned-squad"), hub({}))
        assert result.verdict == "unknown", (words, result.reasons)
    # (the review's own words, 'This model is proprietary to Acme Corp.', are a restriction since: denied, not the name's guess)
    (tmp_path / "README.md").write_text("This model is proprietary to Acme Corp. Do not redistribute.\n", encoding="utf-8")
    result = judged(local(tmp_path, "someone/distilbert-base-uncased-finetuned-squad"), hub({}))
    assert result.verdict == "denied" and not any("DistilBERT" in reason for reason in result.reasons), result.reasons


def test_a_trainer_named_fine_tune_of_another_model_named_like_a_family_stays_unknown(tmp_path):
    # the Japanese DistilBERT is not Hugging Face's (laboro-ai's own license); a name that only starts like a family's
    # ('distilbert-base-japanese-finetuned-x') and a bare architecture ('bert-medium-finetuned-squad') name no family
    (tmp_path / "README.md").write_text("")
    for repo in ("someone/distilbert-base-japanese-finetuned-livedoor", "anas-awadalla/bert-medium-finetuned-squad",
                 "someone/distilbert-base-uncased-distilled-squad"):
        result = judged(local(tmp_path, repo), hub({}))
        assert result.verdict == "unknown", (repo, result.reasons)


def test_a_link_to_a_legacy_model_id_names_its_source_whatever_the_link_s_text(tmp_path):
    """distilbert/distilbert-base-uncased's card: 'This model is a distilled version of the [BERT base model](https://
    huggingface.co/bert-base-uncased)'. The link's text is not the id, so the source was not followed: its Apache-2.0 passed
    with a base unread (a more restrictive one would have gone unseen). A link to a legacy model id's page names it."""
    distilbert = ("distilbert__distilbert-base-uncased", "distilbert/distilbert-base-uncased")
    evidence = local(CASES / distilbert[0] / "files", distilbert[1])
    assert [repo for repo, _ in source_base_ids(evidence, distilbert[1])] == ["bert-base-uncased"]
    assert judged(evidence, hub({"bert-base-uncased": MUSICGEN})).verdict == "denied"
    # an owner's page the link's text does not name is no model: "[Yi](https://huggingface.co/01-ai)"
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n\nThis model is a fine-tuned version of [Yi](https://"
                                        "huggingface.co/01-ai) on my data.\n", encoding="utf-8")
    assert source_base_ids(local(tmp_path, "someone/x"), "someone/x") == ()


@pytest.mark.parametrize("words, verdict", [
    # the review's card: any use withheld without the author's permission, over a base whose license is MIT
    ("You may not use these weights without written permission from Acme.", "denied"),
    ("You must not deploy this model in any product without our prior written consent.", "denied"),
    # no use withheld: permission not needed, a ban on redistribution alone, BSD's endorsement clause
    ("You can use these weights without permission.", "allowed"),
    ("You must not redistribute the model without prior written permission.", "allowed"),
    ("Neither the name of Acme nor the names of its contributors may be used to endorse or promote products derived "
     "from this model without specific prior written permission.", "allowed"),
    # the model itself proprietary: only the owner's use is granted; not proprietary data or other models
    ("This model is proprietary to Acme Corp.", "denied"),
    ("The model weights are proprietary and confidential.", "denied"),
    ("This model is not proprietary.", "allowed"),
    ("It was trained on proprietary data and is competitive with proprietary models.", "allowed"),
    ("The training data is proprietary.", "allowed"),
    # (second review) the forms first missed: "can't", the passive, "Do not", a list of verbs, the owner's name
    ("You can't use these weights without written permission from Acme.", "denied"),
    ("These weights may not be used without written permission from Acme.", "denied"),
    ("Do not use these weights without written permission.", "denied"),
    ("You may not use, copy or modify these weights without Acme's prior written permission.", "denied"),
    ("You are not allowed to use this model without our permission.", "denied"),
    # a typographic apostrophe (a card's text arrives folded: these pass through that, see the test below)
    ("You mustn’t use these weights without written permission from Acme.", "denied"),
    ("You can’t use this model for commercial purposes.", "denied"),
    # and someone else's consent, or other models called proprietary: no restriction of this model's use
    ("You must not use this model to impersonate people without their consent.", "allowed"),
    ("You must not use this model on patient data without approval from your IRB.", "allowed"),
    ("You cannot run this model without authorization from your Hugging Face account.", "allowed"),
    ("Most of the strongest models are proprietary, so we release this one openly.", "allowed"),
    ("The base model is proprietary, so only the adapter is released here.", "allowed"),
])
def test_use_withheld_without_the_authors_permission_is_a_restriction(tmp_path, words, verdict):
    (tmp_path / "README.md").write_text(f"A fine-tune of Phi-2 for chat. {words}\n", encoding="utf-8")
    result = judged(local(tmp_path, "someone/my-chat"), hub({}))
    assert result.verdict == verdict, result.reasons


def test_information_on_the_base_model_found_at_a_link_names_its_source():
    """bertin-project/bertin-base-xnli-es (round 63): 'This checkpoint was created from **Bertin Gaussian 512** ... Information
    on this base model may be found at [its own card](https://huggingface.co/bertin-project/bertin-base-gaussian-exp-512seqlen)'.
    The base was not followed (its cc-by-4.0 passed with the base unread). The pattern's '\\W{0,3}' before the link also took
    the link's '[' (the source was 'its'): the older 'the original model can be found here: [X](...)' had the same fault."""
    xnli = ("bertin-project__bertin-base-xnli-es", "bertin-project/bertin-base-xnli-es")
    base = "bertin-project/bertin-base-gaussian-exp-512seqlen"
    evidence = local(CASES / xnli[0] / "files", xnli[1])
    assert [repo for repo, _ in source_base_ids(evidence, xnli[1])] == [base]
    assert judged(evidence, hub({base: MUSICGEN})).verdict == "denied"
    words = load_card_words()
    found = words.source_references("The original model can be found here: [its own card](https://huggingface.co/org/x).")
    assert [match.group("repo") for match in found] == ["[its own card](https://huggingface.co/org/x)"]
    # what the older '\W{0,3}' took before the reference still is taken (second review): an address in angle brackets or
    # brackets, an arrow; and a few words before the link ('in the [model card](...)')
    for sentence, repo in (("The original model can be found here: <https://huggingface.co/org/x>.", "https://huggingface.co/org/x"),
                           ("The original model can be found here (https://huggingface.co/org/x).", "https://huggingface.co/org/x"),
                           ("The original model can be found here → [Original](https://huggingface.co/org/x).",
                            "[Original](https://huggingface.co/org/x)"),
                           ("More information on the base model can be found in the [model card](https://huggingface.co/org/x).",
                            "[model card](https://huggingface.co/org/x)")):
        assert [match.group("repo") for match in words.source_references(sentence)] == [repo], sentence


def test_fine_tuned_from_the_huggingface_checkpoint_names_the_id_after_it():
    """csarron/mobilebert-uncased-squad-v1 (round 63): 'This model was fine-tuned from the HuggingFace checkpoint
    `google/mobilebert-uncased` on [SQuAD1.1](...)': 'HuggingFace' was read as the source (no repo), the id after it unread."""
    mobilebert = ("csarron__mobilebert-uncased-squad-v1", "csarron/mobilebert-uncased-squad-v1")
    evidence = local(CASES / mobilebert[0] / "files", mobilebert[1])
    assert [repo for repo, _ in source_base_ids(evidence, mobilebert[1])] == ["google/mobilebert-uncased"]
    assert judged(evidence, hub({"google/mobilebert-uncased": MUSICGEN})).verdict == "denied"


@pytest.mark.parametrize("repo, named", [
    ("tprincessazula/Dialog-GPT-small-SOKKA-AVATAR", True),   # round 63: a DialoGPT one-liner under a misspelt name
    ("someone/DialogGPT-medium-bot", True),
    ("someone/dialogpt-small-bot", True),
    ("someone/dialog-gpt2-from-scratch", False),              # GPT-2's name joined after: another model
    ("someone/dialog-gpt-sw3-chat", False),                   # other GPTs (second review)
    ("someone/Dialog-GPT-4-distill", False),
    ("someone/dialog-gpt-j-6b", False),
])
def test_dialogpt_misspelt_in_a_repo_name_is_still_dialogpt(tmp_path, repo, named):
    (tmp_path / "README.md").write_text("#SOKKA DialoGPT Model\n" if "SOKKA" in repo else "", encoding="utf-8")
    result = judged(local(tmp_path, repo), hub({}))
    assert (result.verdict == "conditional" and any("a DialoGPT base: mit" in r for r in result.reasons)) == named, result.reasons


def test_a_one_line_card_whose_heading_has_no_space_after_its_mark_is_read_as_its_heading():
    """eldritch-axolotl/Rick (round 64): the card's whole text is '#Rick DialoGPT model' (no space after '#'): the DialoGPT
    one-liner template, read as the set's others with '# ' are (conditional: a name alone never allows)."""
    rick = ("eldritch-axolotl__Rick", "eldritch-axolotl/Rick")
    result = judged(local(CASES / rick[0] / "files", rick[1]), hub({}))
    assert result.verdict == "conditional" and any("a DialoGPT base: mit" in reason for reason in result.reasons), result.reasons


def test_the_restriction_reader_reads_a_typographic_apostrophe_itself():
    """A card's text reaches the readers with its apostrophes folded (normalize), but CardWords.restricting is asked of
    other texts too: it reads "can’t" as "can't" on its own (the second review asked it directly and found nothing)."""
    words = load_card_words()
    for clause in ("You can’t use this model for commercial purposes", "You mustn’t use these weights without written permission from Acme"):
        assert words.restricting(clause) is not None, clause
        assert words.restricting(clause)[0] == words.restricting(clause.replace("’", "'"))[0]   # the kind; quoted as written
