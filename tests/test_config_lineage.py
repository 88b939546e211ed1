"""Lineage declared only in machine-readable files (issue 15 items 1 and 6): a PEFT adapter_config.json's
``base_model_name_or_path`` declares the adapter's base; a config.json's ``_name_or_path`` names the model
the weights were loaded from, evidence of lineage as the card's prose is. Read on real repos (the
real-card cases Kanicsha/UncensoredAI and Ayush2006128/mithoon-2b), from a local folder and from the Hub.

The Hub part replays tests/cassettes/test_config_lineage/ (recorded against tests/fakehub, whose
acme/gemma-adapter-config-only and acme/gemma-config-only-finetune serve those repos' files; re-record
with VCR_RECORD_MODE=all python -m pytest tests -m hub_cassette).
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from licscan.classify import Classifier
from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.model import ConfigLineage, Evidence, ManifestEntry, Project
from licscan.rules import load_knowledge_base
from licscan.sources.collect import MAX_CONFIG_BYTES
from licscan.sources.hub import HubSource
from licscan.sources.local import LocalSource
from tests.test_real_card_gaps import CASES, case_evidence

KB = load_knowledge_base()
CLASSIFIER = Classifier(KB)
GEMMA_CARD = Path(__file__).resolve().parent / "fakehub" / "repos" / "google" / "gemma-2-2b" / "README.md"
ADAPTER = ConfigLineage("adapter_config.json", "base_model_name_or_path", "google/gemma-2b-it")
LOADED_FROM = ConfigLineage("config.json", "_name_or_path", "unsloth/gemma-2-2b-bnb-4bit")


def local(folder: Path, ref: str = ".") -> Evidence:
    """The folder as a checkpoint, under the id ``ref``."""
    evidence = LocalSource(folder, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    return replace(evidence, entry=ManifestEntry(ref=ref, kind="local", line=1))


def test_an_adapter_config_declares_the_base_a_card_does_not(tmp_path):
    # Kanicsha/UncensoredAI: README.md is "# UncensoredAI"; adapter_config.json names google/gemma-2b-it
    lora = case_evidence("Kanicsha__UncensoredAI")
    assert lora.card.base_models == () and lora.config_lineage == (ADAPTER,)
    assert (lora.base_models, lora.base_model_relation) == (("google/gemma-2b-it",), "adapter")
    # followed as the card's base_model is: the base's own card (Gemma's terms) decides
    (tmp_path / "README.md").write_bytes(GEMMA_CARD.read_bytes())
    base = local(tmp_path, "google/gemma-2b-it")
    lineage = Lineage(lambda entry: base, CLASSIFIER)
    lineage.prefetch([lora])
    ancestors = lineage.ancestors(lora)
    assert [(a.repo_id, a.relation, a.license_id) for a in ancestors] == [("google/gemma-2b-it", "adapter", "gemma")]
    result = Evaluator(KB, Project("p", "commercial")).evaluate(lora, CLASSIFIER.classify(lora), ancestors)
    assert (result.classification.license_id, result.classification.category, result.verdict) == ("gemma", "gemma-terms", "conditional")
    assert "declares no license of its own; Gemma Terms of Use (gemma) applies through google/gemma-2b-it" in result.reasons
    assert any("adapter_config.json declares the base model: 'base_model_name_or_path': 'google/gemma-2b-it'" in r for r in result.reasons)


def test_the_model_a_config_was_loaded_from_is_undeclared_lineage():
    # Ayush2006128/mithoon-2b: a template card, an MIT LICENSE, config.json "_name_or_path": "unsloth/gemma-2-2b-bnb-4bit"
    finetune = case_evidence("Ayush2006128__mithoon-2b")
    assert finetune.config_lineage == (LOADED_FROM,) and finetune.base_models == ()   # not followed: words, as prose is
    result = Evaluator(KB, Project("p", "commercial")).evaluate(finetune, CLASSIFIER.classify(finetune))
    assert result.own.license_id == "mit" and set(result.classification.candidates) == {"mit", "gemma"}
    assert (result.classification.license_id, result.classification.category, result.verdict) == ("gemma", "gemma-terms", "conditional")
    assert any("config.json has '_name_or_path': 'unsloth/gemma-2-2b-bnb-4bit': a Gemma base" in r for r in result.reasons)


def test_config_files_are_read_only_when_the_card_names_no_base_and_only_when_small(tmp_path):
    files = CASES / "Ayush2006128__mithoon-2b" / "files"
    for name in ("LICENSE", "config.json"):
        shutil.copyfile(files / name, tmp_path / name)
    (tmp_path / "README.md").write_text("---\nbase_model: google/gemma-2-2b\n---\n# mithoon\n", encoding="utf-8")
    assert local(tmp_path).config_lineage == ()          # the card declares its base: lineage follows that
    (tmp_path / "README.md").write_bytes((files / "README.md").read_bytes())
    assert local(tmp_path).config_lineage == (LOADED_FROM,)
    # a config.json of label maps, larger than licscan reads for lineage, is passed over, and is no problem
    big = (files / "config.json").read_text(encoding="utf-8").replace('"use_cache"', '"id2label": "' + "x" * MAX_CONFIG_BYTES + '", "use_cache"')
    (tmp_path / "config.json").write_text(big, encoding="utf-8")
    evidence = local(tmp_path)
    assert evidence.config_lineage == () and evidence.complete and evidence.problems == ()
    # its own name is no base ("_name_or_path" of a model saved from itself)
    (tmp_path / "config.json").write_text('{"_name_or_path": "someone/files"}', encoding="utf-8")
    assert CLASSIFIER.classify(local(tmp_path, "files")).candidates == ("mit",)


@pytest.fixture
def source(fake_hub_endpoint: str, hub_cache: Path, hub_cassette) -> HubSource:
    return HubSource(endpoint=fake_hub_endpoint, token=False, cache_dir=hub_cache, offline=False, sleep=lambda s: None)


def test_the_hub_source_reads_the_lineage_configs(source: HubSource):
    lora = source.fetch(ManifestEntry(ref="acme/gemma-adapter-config-only", kind="hub", line=1))
    assert lora.complete and lora.config_lineage == (ADAPTER,) and lora.base_models == ("google/gemma-2b-it",)
    assert [f.name for f in lora.files] == ["README.md"]                 # a config is not license evidence
    finetune = source.fetch(ManifestEntry(ref="acme/gemma-config-only-finetune", kind="hub", line=1))
    assert finetune.complete and finetune.config_lineage == (LOADED_FROM,)
    assert "gemma" in CLASSIFIER.classify(finetune).candidates
    # a card that declares its base: its adapter_config.json is not read
    declared = source.fetch(ManifestEntry(ref="acme/llama-3.1-8b-support-lora", kind="hub", line=1))
    assert declared.config_lineage == () and declared.base_models == ("meta-llama/Llama-3.1-8B-Instruct",)


def test_an_adapter_config_naming_a_local_path_is_read_as_words(tmp_path):
    # the same real adapter_config.json, trained from a local copy of the base: no Hub repo to follow,
    # but the path names the family, so its license applies, unconfirmed (issue 15 item 6)
    files = CASES / "Kanicsha__UncensoredAI" / "files"
    (tmp_path / "README.md").write_bytes((files / "README.md").read_bytes())
    config = (files / "adapter_config.json").read_text(encoding="utf-8")
    (tmp_path / "adapter_config.json").write_text(config.replace('"google/gemma-2b-it"', '"/root/models/gemma-2b-it"'), encoding="utf-8")
    lora = local(tmp_path, "Kanicsha/UncensoredAI")
    assert lora.config_lineage == (ConfigLineage("adapter_config.json", "base_model_name_or_path", "/root/models/gemma-2b-it"),)
    assert lora.base_models == () and lora.base_model_relation is None
    result = Evaluator(KB, Project("p", "commercial")).evaluate(lora, CLASSIFIER.classify(lora))
    assert (result.classification.license_id, result.classification.category, result.verdict) == ("gemma", "gemma-terms", "conditional")
    assert any("adapter_config.json has 'base_model_name_or_path': '/root/models/gemma-2b-it': a Gemma base" in r for r in result.reasons)
