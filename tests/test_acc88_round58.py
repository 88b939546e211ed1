"""Round 58's two false allows and a base not followed, each on the real card:
* GroNLP/bert-base-dutch-cased (no license): a benchmark table's row "| [mBERT](github) | [88.61](https://huggingface.co/
  wietsedv/bert-base-multilingual-cased-finetuned-conll2002-ner) | ..." was read as the model's lineage ("finetuned" inside
  the addresses, mBERT's name in them): "a multilingual BERT base: apache-2.0", allowed. A cue inside an address gives no base.
* dumitrescustefan/bert-base-romanian-ner (MIT): 'this model is a [bert-base-romanian-cased-v1](hub) model that was
  fine-tuned on' was not read as its source, so a base with no license of its own (the set's copy states none) passed on MIT.
* w11wo/javanese-bert-small-imdb (MIT): 'The model was originally the pretrained [Javanese BERT Small model](hub) and is
  later fine-tuned' (acc85 read "which is then fine-tuned" only)."""

from __future__ import annotations

from licscan.base_ids import source_base_ids
from tests.test_lineage_round11 import MUSICGEN, copy_case, hub, judged, local
from tests.test_real_card_gaps import CASES

DUTCH = ("GroNLP__bert-base-dutch-cased", "GroNLP/bert-base-dutch-cased")
ROMANIAN = ("dumitrescustefan__bert-base-romanian-ner", "dumitrescustefan/bert-base-romanian-ner")
ROMANIAN_BASE = "dumitrescustefan/bert-base-romanian-cased-v1"
JAVANESE = ("w11wo__javanese-bert-small-imdb", "w11wo/javanese-bert-small-imdb")
ROW = "| [mBERT](https://github.com/google-research/bert/blob/master/multilingual.md) | [88.61]"


def test_a_benchmark_table_of_links_to_fine_tuned_models_gives_no_base():
    result = judged(local(CASES / DUTCH[0] / "files", DUTCH[1]), hub({}))
    assert result.verdict == "unknown" and not any("multilingual BERT base" in reason for reason in result.reasons), result.reasons


def test_a_cue_outside_the_address_still_gives_the_base_it_names(tmp_path):
    # the same card saying, in words, what it was made from (the address names the model; the cue is the sentence's)
    folder = copy_case(DUTCH[0], tmp_path, {"README.md": (ROW, "This model was fine-tuned from [mBERT](https://huggingface.co/"
                                                               "bert-base-multilingual-cased).\n\n" + ROW)})
    result = judged(local(folder, DUTCH[1]), hub({}))
    assert any("multilingual BERT base" in reason or "bert-base-multilingual-cased" in reason for reason in result.reasons), result.reasons
    # and "based on a pretrained [...](https://huggingface.co/microsoft/DialoGPT-small)" still reads DialoGPT from the address
    creed = judged(local(CASES / "jonx18__DialoGPT-small-Creed-Odyssey" / "files", "jonx18/DialoGPT-small-Creed-Odyssey"), hub({}))
    assert creed.verdict == "allowed" and any("a DialoGPT base" in reason for reason in creed.reasons), creed.reasons


def test_a_model_that_was_fine_tuned_on_names_its_source():
    evidence = local(CASES / ROMANIAN[0] / "files", ROMANIAN[1])
    assert [repo for repo, _ in source_base_ids(evidence, ROMANIAN[1])] == [ROMANIAN_BASE]
    real = judged(evidence, hub({ROMANIAN_BASE: CASES / "dumitrescustefan__bert-base-romanian-cased-v1" / "files"}))
    assert real.verdict == "unknown", real.reasons                          # its base states no license: fail closed
    assert judged(evidence, hub({ROMANIAN_BASE: MUSICGEN})).verdict == "denied"
    mit = judged(evidence, hub({ROMANIAN_BASE: CASES / "FacebookAI__xlm-roberta-base" / "files"}))
    assert mit.verdict == "allowed", mit.reasons


def test_originally_the_pretrained_model_and_later_fine_tuned_names_its_source():
    evidence = local(CASES / JAVANESE[0] / "files", JAVANESE[1])
    assert [repo for repo, _ in source_base_ids(evidence, JAVANESE[1])] == ["w11wo/javanese-bert-small"]
    assert judged(evidence, hub({"w11wo/javanese-bert-small": MUSICGEN})).verdict == "denied"


def test_an_instance_of_a_linked_repo_names_its_source(tmp_path):
    """acc89: the DialoGPT character-bot template, 'This is an instance of [microsoft/DialoGPT-small](hub) trained on a game
    character' (r3dhummingbird/DialoGPT-small-neku, MIT: passed on its own license without reading the repo it names)."""
    neku = ("r3dhummingbird__DialoGPT-small-neku", "r3dhummingbird/DialoGPT-small-neku")
    evidence = local(CASES / neku[0] / "files", neku[1])
    assert [repo for repo, _ in source_base_ids(evidence, neku[1])] == ["microsoft/DialoGPT-small"]
    assert judged(evidence, hub({"microsoft/DialoGPT-small": MUSICGEN})).verdict == "denied"
    said = "This is an instance of [microsoft/DialoGPT-small](https://huggingface.co/microsoft/DialoGPT-small)"
    folder = copy_case(neku[0], tmp_path, {"README.md": (said, "This is an instance of a chatbot")})
    assert source_base_ids(local(folder, neku[1]), neku[1]) == ()


def test_an_address_s_words_still_count_in_running_text(tmp_path):
    """The cue-in-an-address rule is a table row's only (review of acc88): in a sentence, a link to a Llama 2 adapter still
    makes the card's MIT conditional on Llama 2's terms (as before acc88)."""
    folder = copy_case(ROMANIAN[0], tmp_path, {"README.md": ("Specifically, this model is a", "This model is [Llama-2-7b]("
                                                             "https://huggingface.co/someone/llama-2-7b-qlora) trained on my chats. "
                                                             "Specifically, this model is a")})
    result = judged(local(folder, ROMANIAN[1]), hub({ROMANIAN_BASE: CASES / "FacebookAI__xlm-roberta-base" / "files"}))
    assert result.verdict != "allowed" and any("Llama 2" in reason or "llama2" in reason for reason in result.reasons), result.reasons
