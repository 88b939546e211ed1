"""ACC49: knowledge in data, not in Python.

1. The architecture words that make a name without its owner a model's ("bert-base-uncased", "gpt2") and the rule
   families whose licenses name one family's own models (Llama's, Gemma's, Qwen's: declaring one says which base) are
   read from rules/card-words/families.yaml (``architectures``, ``one_familys_licenses``): a word or a family added
   there is recognised with no change to licscan's Python.
2. A top-level file named after a license (acc46: "MRL.md", "llama3.1.txt") is collected also when the license is the
   project's own (its policy's rules_dir): the names come from the knowledge base the check uses, not from licscan's
   rules alone. The project's license is the DeepSeek License Agreement's verbatim text under a rule of the project's
   (tests/own_licenses.py), in a copy of licscan's rules without DeepSeek's (the ``licscan_without_deepseek`` fixture).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from licscan.classify import card_words
from licscan.classify.strategies.base_license_words import is_a_family_license
from licscan.classify.strategies.base_named import named_models
from licscan.rules import default_dirs, load_knowledge_base
from licscan.sources.common import collected_by_its_name_only, is_evidence_name
from tests.own_licenses import OWN_TEXT, add_own_license, check_json, make_project

SENTENCE = "The model weights follow the license of the base model (mamba-130m)."


@pytest.fixture
def families_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of licscan's card words that the card-word reader reads for this test: its families.yaml, to edit."""
    rules, texts = default_dirs()
    shutil.copytree(rules / "card-words", tmp_path / "rules" / "card-words")
    monkeypatch.setattr(card_words, "default_dirs", lambda: (tmp_path / "rules", texts))
    card_words.load_card_words.cache_clear()
    yield tmp_path / "rules" / "card-words" / "families.yaml"
    card_words.load_card_words.cache_clear()


def _edit(families_file: Path, key: str, add: str) -> None:
    data = yaml.safe_load(families_file.read_text(encoding="utf-8"))
    listed = data.setdefault("architectures", {}) if key == "words" else data
    listed[key] = [*(listed.get(key) or []), add]
    families_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    card_words.load_card_words.cache_clear()


def test_an_architecture_word_added_to_the_data_makes_a_bare_name_a_models(families_file):
    after = SENTENCE.index("base model") + len("base model")
    # "mamba-130m" (state-spaces' legacy single-name id) names no base licscan knows the architecture of
    assert named_models(SENTENCE, after) == []
    assert named_models(SENTENCE.replace("mamba-130m", "bert-base-uncased"), after) == ["bert-base-uncased"]
    _edit(families_file, "words", "mamba")
    assert named_models(SENTENCE, after) == ["mamba-130m"]
    # with a size only: the word alone ("(mamba)") is none, as "(bert)" is none
    assert named_models(SENTENCE.replace("mamba-130m", "mamba"), after) == []


def test_a_rule_family_added_to_the_data_makes_its_license_one_familys(families_file):
    kb = load_knowledge_base()
    # the DeepSeek License: many unrelated models take it (acc47), so declaring it names no base; Llama 3.1's does
    assert not is_a_family_license(kb, "deepseek-model") and is_a_family_license(kb, "llama3.1")
    _edit(families_file, "one_familys_licenses", "deepseek")
    assert is_a_family_license(kb, "deepseek-model") and is_a_family_license(kb, "llama3.1")
    # a license no family of families.yaml gives its models stays none (mit has no rule family; gnu's agpl-3.0 is listed
    # by Ultralytics YOLO, but gnu is no family's own)
    assert not is_a_family_license(kb, "mit") and not is_a_family_license(kb, "agpl-3.0")


def test_an_architecture_word_that_is_no_word_is_refused(families_file):
    from licscan.errors import InputError

    _edit(families_file, "words", "mam(ba")
    with pytest.raises(InputError, match="architectures: words"):
        card_words.load_card_words()


@pytest.fixture
def project(licscan_without_deepseek: Path, tmp_path: Path) -> Path:
    root = make_project(tmp_path / "proj")
    # the license beside the weights named after the project's license ("ACME Model License" without its filler word),
    # not "LICENSE": a name with no word of a license's in it
    (root / "models" / "m" / "LICENSE").unlink()
    shutil.copy2(OWN_TEXT, root / "models" / "m" / "ACME-Model.md")
    return root


def test_a_file_named_after_the_projects_own_license_is_read(project):
    folder = add_own_license(project)
    # without the project's rules: the project's license is not read (the file is read for what it holds, as any small
    # text file at the top is since acc52)
    status, report = check_json(project)
    checkpoint = report["checkpoints"][0]
    assert status == 1 and checkpoint["verdict"] == "unknown", checkpoint["reasons"]
    assert checkpoint["license"]["id"] != "acme-model-license"
    # (the DeepSeek Model License text standing in for the project's own reads as a modified OpenRAIL++ to licscan's
    # own rules: unknown, never the project's license)
    assert not any(e["file"] == "ACME-Model.md" and e["matched_license"] == "acme-model-license" for e in checkpoint["evidence"])

    (project / "licscan.yaml").write_text("version: 1\nrules_dir: legal/licenses\n", encoding="utf-8")
    status, report = check_json(project)
    checkpoint = report["checkpoints"][0]
    assert checkpoint["license"]["id"] == "acme-model-license", checkpoint["reasons"]
    assert checkpoint["evidence"][0]["file"] == "ACME-Model.md" and checkpoint["evidence"][0]["status"] == "exact"
    assert status == 0 and checkpoint["verdict"] == "allowed", checkpoint["reasons"]

    own = load_knowledge_base(project_dir=folder)
    assert is_evidence_name("ACME-Model.md", own) and collected_by_its_name_only("ACME-Model.md", own)
    assert not is_evidence_name("ACME-Model.md")          # licscan's own rules know no such license
    assert not is_evidence_name("models/ACME-Model.md", own)   # deeper in the repository: a document about the work
    assert is_evidence_name("llama3.1.txt", own) and is_evidence_name("llama3.1.txt")


def test_the_hub_source_reads_a_file_named_after_the_projects_license_with_the_runs_knowledge(project, hub_cache):
    """The same through the Hub source (offline, from its cache: no request) and the scanner that hands it the run's
    knowledge base when a policy's rules_dir joins the project's rules to licscan's."""
    from licscan.model import ManifestEntry
    from licscan.pipeline import Options, Scanner
    from licscan.policy import load_policy
    from licscan.sources.hub import HubSource

    folder = add_own_license(project)
    (project / "licscan.yaml").write_text("version: 1\nrules_dir: legal/licenses\n", encoding="utf-8")
    snapshot = hub_cache / "models--acme--m" / "snapshots" / ("a" * 40)
    snapshot.mkdir(parents=True)
    for name in ("README.md", "ACME-Model.md"):
        shutil.copy2(project / "models" / "m" / name, snapshot / name)
    entry = ManifestEntry(ref="acme/m", kind="hub", line=1, revision="a" * 40)

    def files(kb) -> dict[str, bool]:
        """The files read, each with whether it was read for what it holds only (not by its name)."""
        source = HubSource(token=False, cache_dir=hub_cache, offline=True, sleep=lambda s: None, kb=kb)
        return {f.name: f.read_for_its_text for f in source.fetch(entry).files}

    # licscan's own rules: read only as any small text file at the top is (acc52); the project's: by its name
    assert files(None).get("ACME-Model.md") is True
    assert files(load_knowledge_base(project_dir=folder)).get("ACME-Model.md") is False

    scanner = Scanner(options=Options(offline=True, cache_dir=str(hub_cache)))
    hub = scanner.hub()
    assert isinstance(hub, HubSource) and hub.kb is scanner.kb
    scanner.use_knowledge_of(load_policy(project / "licscan.yaml", project))
    assert hub.kb is scanner.kb and any(rule.id == "acme-model-license" for rule in hub.kb.rules)
    assert "ACME-Model.md" in [f.name for f in hub.fetch(entry).files]
