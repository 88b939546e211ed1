"""Round 57: distilbert/distilbert-base-uncased-finetuned-sst-2-english (Apache-2.0; 'This model is a fine-tune checkpoint
of [DistilBERT-base-uncased](https://huggingface.co/distilbert-base-uncased), fine-tuned on SST-2.') passed on its own
license without reading the base it names: "a fine-tune checkpoint of" was no source phrase, so a base under other terms
would have gone unseen. The test runs the real card."""

from __future__ import annotations

from licscan.base_ids import source_base_ids
from tests.test_lineage_round11 import MUSICGEN, copy_case, hub, judged, local
from tests.test_real_card_gaps import CASES

SST2 = ("distilbert__distilbert-base-uncased-finetuned-sst-2-english", "distilbert/distilbert-base-uncased-finetuned-sst-2-english")
BASE = "distilbert-base-uncased"
SAID = "a fine-tune checkpoint of [DistilBERT-base-uncased](https://huggingface.co/distilbert-base-uncased)"


def test_a_fine_tune_checkpoint_of_a_linked_repo_is_its_source():
    evidence = local(CASES / SST2[0] / "files", SST2[1])
    assert [repo for repo, _ in source_base_ids(evidence, SST2[1])] == [BASE]
    # DistilBERT's own card names its source, '[BERT base model](https://huggingface.co/bert-base-uncased)' (acc90)
    real = judged(evidence, hub({BASE: CASES / "distilbert__distilbert-base-uncased" / "files",
                                 "bert-base-uncased": CASES / "google-bert__bert-base-uncased" / "files"}))
    assert [(a.repo_id, a.license_id) for a in real.ancestors] == [(BASE, "apache-2.0"), ("bert-base-uncased", "apache-2.0")], real.reasons
    assert real.verdict == "allowed", real.reasons
    assert judged(evidence, hub({BASE: MUSICGEN})).verdict == "denied"


def test_a_fine_tune_checkpoint_of_no_repo_names_no_source(tmp_path):
    folder = copy_case(SST2[0], tmp_path, {"README.md": (SAID, "a fine-tune checkpoint of our own training pipeline")})
    assert source_base_ids(local(folder, SST2[1]), SST2[1]) == ()
