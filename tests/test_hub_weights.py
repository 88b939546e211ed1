"""Safetensors headers of Hub checkpoints (issue 15 item 6): read with range requests through
huggingface_hub when asked (HubSource(weight_headers=True), LICSCAN_HUB_WEIGHT_HEADERS=1), bounded to one
file a folder and four in all.

The Hub part replays tests/cassettes/test_hub_weights/ (recorded against tests/fakehub, whose
acme/diffusers-header-license serves real safetensors headers; re-record with
VCR_RECORD_MODE=all python -m pytest tests -m hub_cassette).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.classify import Classifier
from licscan.evaluate import Evaluator
from licscan.model import ManifestEntry, Project
from licscan.rules import load_knowledge_base
from licscan.sources.hub import HubSource
from licscan.sources.hub_weights import MAX_HUB_WEIGHT_FILES, hub_weight_files

KB = load_knowledge_base()
DIFFUSERS = "acme/diffusers-header-license"


def test_one_header_a_folder_is_read_top_level_first_and_at_most_four():
    shards = [f"model-{i:05d}-of-00004.safetensors" for i in range(4, 0, -1)]
    names = [*shards, "README.md", "model.safetensors.index.json", "unet/diffusion_pytorch_model.fp16.safetensors",
             "unet/diffusion_pytorch_model.safetensors", "vae/diffusion_pytorch_model.safetensors", "a/b/c/deep.safetensors",
             "text_encoder/model.safetensors", "text_encoder_2/model.safetensors", "model.gguf"]
    assert hub_weight_files(names) == ["model-00001-of-00004.safetensors", "text_encoder/model.safetensors",
                                       "text_encoder_2/model.safetensors", "unet/diffusion_pytorch_model.fp16.safetensors"]
    assert len(hub_weight_files(names)) == MAX_HUB_WEIGHT_FILES
    assert hub_weight_files(["a/b/model.safetensors", "a/b/c/model.safetensors"]) == ["a/b/model.safetensors"]
    assert hub_weight_files(["README.md", "model.gguf"]) == []


@pytest.fixture
def sources(fake_hub_endpoint: str, hub_cache: Path, hub_cassette) -> tuple[HubSource, HubSource]:
    def source(weight_headers: bool) -> HubSource:
        return HubSource(endpoint=fake_hub_endpoint, token=False, cache_dir=hub_cache, offline=False, sleep=lambda s: None,
                         weight_headers=weight_headers)
    return source(False), source(True)


def test_a_hub_checkpoints_safetensors_headers_are_read_when_asked(sources):
    default, reading = sources
    entry = ManifestEntry(ref=DIFFUSERS, kind="hub", line=1)
    # off by default: the card and its Apache LICENSE alone
    plain = default.fetch(entry)
    assert plain.weight_licenses == () and plain.complete
    # read: the transformer's header declares CC BY-NC 4.0; the VAE's file is no safetensors (a
    # placeholder here), named as unreadable without making the evidence incomplete
    evidence = reading.fetch(entry)
    assert evidence.weight_licenses == (("transformer/diffusion_pytorch_model.safetensors", "cc-by-nc-4.0"),)
    assert evidence.complete and [p.split(":")[0] for p in evidence.problems] == ["vae/diffusion_pytorch_model.safetensors"]
    assert evidence.problems[0].startswith("vae/diffusion_pytorch_model.safetensors: unreadable header (")
    classifier = Classifier(KB)
    result = Evaluator(KB, Project("p", "commercial")).evaluate(evidence, classifier.classify(evidence))
    assert (result.classification.license_id, result.verdict) == ("cc-by-nc-4.0", "denied")
    assert any("transformer/diffusion_pytorch_model.safetensors header declares 'cc-by-nc-4.0' but the card declares apache-2.0" in c
               for c in result.classification.conflicts)
    assert Evaluator(KB, Project("p", "commercial")).evaluate(plain, classifier.classify(plain)).verdict != "denied"
