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

from licscan.base_ids import config_base_ids
from licscan.classify import Classifier
from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.manifest import parse_manifest
from licscan.model import ConfigLineage, Evidence, ManifestEntry, Project
from licscan.pipeline import Options, Scanner
from licscan.rules import load_knowledge_base
from licscan.sources.collect import MAX_CONFIG_BYTES
from licscan.sources.hub import HubSource
from licscan.sources.local import LocalSource
from tests.test_lineage_round11 import not_on_the_hub
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


def test_config_files_are_read_beside_a_declared_base_and_only_when_small(tmp_path):
    files = CASES / "Ayush2006128__mithoon-2b" / "files"
    for name in ("LICENSE", "config.json"):
        shutil.copyfile(files / name, tmp_path / name)
    (tmp_path / "README.md").write_text("---\nbase_model: google/gemma-2-2b\n---\n# mithoon\n", encoding="utf-8")
    # the card declares another base than the one config.json was loaded from: both are followed (review 11)
    declared = local(tmp_path, "Ayush2006128/mithoon-2b")
    assert declared.config_lineage == (LOADED_FROM,)
    assert config_base_ids(declared, "Ayush2006128/mithoon-2b") == (("unsloth/gemma-2-2b-bnb-4bit", "config.json '_name_or_path'"),)
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
    # a card that declares its base: its adapter_config.json is read too (this one, a copy of a config.json, names none)
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
    # the adapter's base, unreadable: lineage reads the family its path names, as for a `base_model` path
    assert lora.base_models == ("/root/models/gemma-2b-it",) and lora.base_model_relation == "adapter"

    def fetch(entry: ManifestEntry) -> Evidence:
        raise AssertionError(f"{entry.ref} fetched")

    result, ancestors = judged(lora, fetch)
    assert [(a.repo_id, a.license_id, a.named_by) for a in ancestors] == [("/root/models/gemma-2b-it", "gemma", "/root/models/gemma-2b-it")]
    assert (result.classification.license_id, result.classification.category, result.verdict) == ("gemma", "gemma-terms", "conditional")
    assert "declares no license of its own; Gemma Terms of Use (gemma) applies through /root/models/gemma-2b-it" in result.reasons


# --- a config.json naming a Hub repo is followed as a base (issue 15 item 6, outside the known families) ---

MUSICGEN_CARD = Path(__file__).resolve().parent / "fakehub" / "repos" / "facebook" / "musicgen-small" / "README.md"
MITHOON = CASES / "Ayush2006128__mithoon-2b" / "files"


def mithoon_built_from(folder: Path, name_or_path: str) -> Evidence:
    """The real mithoon-2b files (a template card, an MIT LICENSE) with its config.json naming another model."""
    folder.mkdir(exist_ok=True)
    for name in ("README.md", "LICENSE"):
        shutil.copyfile(MITHOON / name, folder / name)
    config = (MITHOON / "config.json").read_text(encoding="utf-8")
    (folder / "config.json").write_text(config.replace('"unsloth/gemma-2-2b-bnb-4bit"', f'"{name_or_path}"'), encoding="utf-8")
    return local(folder, "Ayush2006128/mithoon-2b")


def judged(evidence: Evidence, fetch) -> tuple:
    lineage = Lineage(fetch, CLASSIFIER)
    lineage.prefetch([evidence])
    ancestors = lineage.ancestors(evidence)
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), ancestors), ancestors


def test_a_config_naming_a_hub_repo_outside_the_families_is_followed_and_its_license_joins(tmp_path):
    # a fine-tune under MIT whose config.json says it was built from MusicGen (CC BY-NC 4.0): no family
    # word names MusicGen, so only reading the base's card finds that its weights are non-commercial
    finetune = mithoon_built_from(tmp_path / "ft", "facebook/musicgen-small")
    assert finetune.base_models == () and CLASSIFIER.classify(finetune).candidates == ("mit",)
    base_folder = tmp_path / "base"
    base_folder.mkdir()
    (base_folder / "README.md").write_bytes(MUSICGEN_CARD.read_bytes())
    asked: list[str] = []

    def fetch(entry: ManifestEntry) -> Evidence:
        asked.append(entry.ref)
        return local(base_folder, entry.ref)

    result, ancestors = judged(finetune, fetch)
    assert asked == ["facebook/musicgen-small"]
    assert [(a.repo_id, a.relation, a.license_id, a.undeclared) for a in ancestors] == [
        ("facebook/musicgen-small", "loaded-from", "cc-by-nc-4.0", "config.json '_name_or_path'")]
    assert result.own.license_id == "mit" and result.verdict == "denied" and result.failed
    assert (result.classification.license_id, result.classification.category) == ("cc-by-nc-4.0", "non-commercial")
    assert ("inherits cc-by-nc-4.0 from facebook/musicgen-small, which config.json '_name_or_path' of Ayush2006128/mithoon-2b "
            "names as the model it was built from (loaded-from; the metadata declares no base_model)") in result.reasons
    # a mirror keeps its original's name: the original its config names is read, not taken for itself
    mirror = replace(finetune, entry=ManifestEntry(ref="someone/musicgen-small", kind="hub", line=1))
    assert config_base_ids(mirror, "someone/musicgen-small") == (("facebook/musicgen-small", "config.json '_name_or_path'"),)
    assert config_base_ids(mirror, "Facebook/MusicGen-small") == ()


def test_a_config_base_that_cannot_be_read_leaves_the_checkpoint_conditional_not_unknown(tmp_path):
    # a private or deleted name: the MIT fine-tune does not pass silently, but is not blocked either
    finetune = mithoon_built_from(tmp_path, "acme-labs/internal-sft-base-v2")
    result, ancestors = judged(finetune, not_on_the_hub)
    assert [(a.repo_id, a.license_id, a.problem) for a in ancestors] == [
        ("acme-labs/internal-sft-base-v2", "unknown", "acme-labs/internal-sft-base-v2: repository not found")]
    assert (result.classification.license_id, result.verdict, result.failed) == ("mit", "conditional", False)
    assert result.reasons[0].startswith("confirm which model acme-labs/internal-sft-base-v2 is (config.json '_name_or_path' "
                                        "of Ayush2006128/mithoon-2b names it; it could not be read): declare base_model to settle it")
    assert any(r.startswith("config.json '_name_or_path' of Ayush2006128/mithoon-2b names acme-labs/internal-sft-base-v2 as the "
                            "model it was built from, and it could not be read (acme-labs/internal-sft-base-v2: repository not found)")
               for r in result.reasons)
    # a restriction the checkpoint's own evidence states still decides: the unread base adds no "unknown"
    shutil.copyfile(Path(__file__).resolve().parent.parent / "license_texts" / "cc-by-nc-4.0.txt", tmp_path / "LICENSE")
    result, _ = judged(local(tmp_path, "Ayush2006128/mithoon-2b"), not_on_the_hub)
    assert (result.classification.license_id, result.verdict) == ("cc-by-nc-4.0", "denied")


def test_a_config_naming_a_local_path_or_itself_is_not_fetched(tmp_path):
    def fetch(entry: ManifestEntry) -> Evidence:
        raise AssertionError(f"{entry.ref} fetched")

    for name_or_path in ("/home/ayush/outputs/checkpoint-500", "./outputs", "~/models/base", "C:\\\\runs\\\\mithoon",
                         "outputs\\\\mithoon", "mithoon-2b", "ayush2006128/Mithoon-2b", "a/../b"):
        finetune = mithoon_built_from(tmp_path, name_or_path)
        assert finetune.config_lineage[0].value == name_or_path.replace("\\\\", "\\")
        result, ancestors = judged(finetune, fetch)
        assert ancestors == () and (result.classification.license_id, result.verdict) == ("mit", "allowed"), name_or_path


def test_a_checkpoint_that_declares_no_license_is_under_the_readable_base_its_config_names(tmp_path):
    # without its MIT LICENSE the fine-tune declares nothing: it is under the license of the model its
    # config.json says it was built from, as under a declared base's (issue 15 item 1), once that base is read
    mithoon_built_from(tmp_path / "ft", "facebook/musicgen-small")
    (tmp_path / "ft" / "LICENSE").unlink()
    base_folder = tmp_path / "base"
    base_folder.mkdir()
    (base_folder / "README.md").write_bytes(MUSICGEN_CARD.read_bytes())
    result, ancestors = judged(local(tmp_path / "ft", "Ayush2006128/mithoon-2b"), lambda entry: local(base_folder, entry.ref))
    assert [(a.repo_id, a.license_id) for a in ancestors] == [("facebook/musicgen-small", "cc-by-nc-4.0")]
    assert (result.classification.license_id, result.verdict) == ("cc-by-nc-4.0", "denied")
    assert ("declares no license of its own; Creative Commons Attribution-NonCommercial 4.0 International (cc-by-nc-4.0) "
            "applies through facebook/musicgen-small") in result.reasons
    # unread, the base passes nothing down: a checkpoint that declares nothing stays unknown
    result, _ = judged(local(tmp_path / "ft", "Ayush2006128/mithoon-2b"), not_on_the_hub)
    assert (result.classification.license_id, result.verdict) == ("unknown", "unknown")


def test_the_pipeline_follows_the_hub_repo_a_config_names(tmp_path, fake_hub_endpoint, hub_cache, hub_cassette):
    # the Hub reproduction of the hole: `license: apache-2.0`, an Apache LICENSE, and a config.json built
    # from a CC BY-NC 4.0 model no family word names; and one built from a repository the Hub does not have
    manifest_path = tmp_path / "models.lock"
    manifest_path.write_text("version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n"
                             "  - id: acme/musicgen-config-only-finetune\n  - id: acme/unpublished-base-finetune\n", encoding="utf-8")
    m, warnings = parse_manifest(manifest_path)
    scan = Scanner(options=Options(endpoint=fake_hub_endpoint, token=False, cache_dir=str(hub_cache), jobs=1))
    evidence = scan.gather(m)
    assert [e.base_models for e in evidence] == [(), ()]      # nothing declared: lineage runs for the configs alone
    results = {r.entry.ref: r for r in scan.judge(m, evidence, None, warnings, scan.lineage(m, evidence)).results}
    music = results["acme/musicgen-config-only-finetune"]
    assert music.own.license_id == "apache-2.0" and music.classification.declared == ("apache-2.0",)
    assert [(a.repo_id, a.relation, a.license_id) for a in music.ancestors] == [("facebook/musicgen-small", "loaded-from", "cc-by-nc-4.0")]
    assert (music.classification.license_id, music.classification.category, music.verdict, music.failed) == (
        "cc-by-nc-4.0", "non-commercial", "denied", True)
    assert "conflict: declares apache-2.0 (permissive) but inherits cc-by-nc-4.0 (non-commercial) from facebook/musicgen-small" in music.reasons
    unpublished = results["acme/unpublished-base-finetune"]
    assert [(a.repo_id, a.problem) for a in unpublished.ancestors] == [
        ("acme-labs/internal-sft-base-v2", "acme-labs/internal-sft-base-v2: repository not found")]
    assert (unpublished.classification.license_id, unpublished.verdict, unpublished.failed) == ("apache-2.0", "conditional", False)
    assert any("declare base_model to settle it" in fact for fact in unpublished.facts_to_confirm)


def test_a_base_without_an_owner_that_the_hub_does_not_have_names_its_family_as_a_local_path_does():
    # melonwine/internlm-chat-7b-ft-adapter: 'base_model: internlm-chat-7b' and the adapter_config name a local
    # folder; the Hub has no such repo, and the InternLM family it names stands in (at best conditional)
    adapter = case_evidence("melonwine__internlm-chat-7b-ft-adapter")
    assert adapter.base_models == ("internlm-chat-7b",)
    result, ancestors = judged(adapter, not_on_the_hub)
    assert [(a.repo_id, a.license_id, a.named_by) for a in ancestors] == [("internlm-chat-7b", "internlm-model-license", "internlm-chat-7b")]
    assert (result.classification.license_id, result.verdict) == ("internlm-model-license", "conditional"), result.reasons
    # with an owner, a repo the Hub does not have is unknown: the name is a declaration, not a folder
    owned = replace(adapter, card=replace(adapter.card, base_models=("internlm/internlm-chat-7b-typo",)))
    result, ancestors = judged(owned, not_on_the_hub)
    assert result.verdict == "unknown" and ancestors[0].problem
