"""The parsed knowledge base cached on disk (licscan/rules_cache.py): a run reads it instead of the YAML,
and every change to what the parse read makes it parse again, so a stale cache never answers.

Each test loads a scratch copy of licscan's rules twice, as two runs would: the in-process memo is
cleared between them, the cache directory is kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from licscan import rules
from licscan.errors import InputError
from licscan.rules import load_knowledge_base

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "license-corpus"


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """A copy of licscan's rules and texts, and an empty cache directory for this test."""
    monkeypatch.setenv("LICSCAN_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "license_texts", tmp_path / "texts")
    return tmp_path / "rules", tmp_path / "texts"


def next_run(*args: Path, project: Path | None = None) -> rules.KnowledgeBase:
    rules._load_cached.cache_clear()
    rules._with_project.cache_clear()
    return load_knowledge_base(*args, project_dir=project)


def cached_files(folder: Path) -> list[Path]:
    return sorted((folder / "cache").glob("knowledge-*.marshal"))


def test_a_second_run_reads_the_same_rules_from_the_cache(scratch, tmp_path, monkeypatch):
    first = next_run(*scratch)
    assert len(cached_files(tmp_path)) == 1
    monkeypatch.setattr(rules, "parse_rule", None)    # the YAML is not read when the cache answers
    second = next_run(*scratch)
    assert second.rules == first.rules and second.version == first.version


def test_a_changed_rule_file_is_parsed_again(scratch):
    rules_dir, texts_dir = scratch
    assert next_run(*scratch).get("mit").category == "permissive"
    mit = rules_dir / "mit.yaml"
    mit.write_text(mit.read_text(encoding="utf-8").replace("category: permissive", "category: non-commercial")
                   .replace("commercial: allowed", "commercial: denied", 1), encoding="utf-8")
    changed = next_run(*scratch).get("mit")
    assert changed.category == "non-commercial" and changed.grant_for("commercial") == "denied"


def test_a_rule_file_broken_after_caching_fails_at_its_line(scratch):
    rules_dir, _texts = scratch
    next_run(*scratch)
    mit = rules_dir / "mit.yaml"
    mit.write_text(mit.read_text(encoding="utf-8").replace("category: permissive", "category: free-for-all"), encoding="utf-8")
    with pytest.raises(InputError) as error:
        next_run(*scratch)
    assert "mit.yaml" in str(error.value.path) and error.value.line == 4


def test_an_added_or_removed_rule_file_is_seen(scratch):
    rules_dir, _texts = scratch
    assert next_run(*scratch).get("deepseek-model") is not None
    (rules_dir / "deepseek-model.yaml").rename(rules_dir / "deepseek-model.yaml.off")
    assert getattr(next_run(*scratch).get("deepseek-model"), "origin", None) != "licscan"
    (rules_dir / "deepseek-model.yaml.off").rename(rules_dir / "deepseek-model.yaml")
    assert next_run(*scratch).get("deepseek-model").origin == "licscan"


def test_a_reference_text_removed_after_caching_is_refused(scratch):
    _rules, texts_dir = scratch
    next_run(*scratch)
    (texts_dir / "mit.txt").unlink()
    with pytest.raises(InputError, match="reference text 'mit.txt' not found"):
        next_run(*scratch)


PROJECT_RULE = """id: acme-model-license
name: ACME Model License
spdx: LicenseRef-acme-model-license
category: other-restricted
texts: [acme-model-license.txt]
use:
  commercial: conditional
  internal: allowed
  research: allowed
  non-commercial: allowed
"""


def test_a_changed_project_rule_is_parsed_again(scratch, tmp_path):
    rules_dir, texts_dir = scratch
    (rules_dir / "deepseek-model.yaml").unlink()
    (texts_dir / "deepseek-model.txt").unlink()
    project = tmp_path / "project-rules"
    project.mkdir()
    shutil.copyfile(CORPUS / "deepseek-model.txt", project / "acme-model-license.txt")
    (project / "acme-model-license.yaml").write_text(PROJECT_RULE, encoding="utf-8")
    first = next_run(*scratch, project=project)
    assert first.get("acme-model-license").grant_for("commercial") == "conditional"
    assert len(cached_files(tmp_path)) == 2      # licscan's rules, and licscan's joined by the project's
    (project / "acme-model-license.yaml").write_text(PROJECT_RULE.replace("commercial: conditional", "commercial: denied"), encoding="utf-8")
    second = next_run(*scratch, project=project)
    assert second.get("acme-model-license").grant_for("commercial") == "denied"
    assert second.version != first.version
    # a project text that is now one of licscan's own is refused, although the project's files are unchanged
    shutil.copyfile(CORPUS / "deepseek-model.txt", texts_dir / "deepseek-model-copy.txt")
    (rules_dir / "deepseek-model.yaml").write_text(
        (ROOT / "rules" / "deepseek-model.yaml").read_text(encoding="utf-8").replace("deepseek-model.txt", "deepseek-model-copy.txt"),
        encoding="utf-8")
    with pytest.raises(InputError, match="is licscan's deepseek-model-copy.txt"):
        next_run(*scratch, project=project)


def test_a_corrupt_cache_file_is_parsed_again(scratch, tmp_path):
    first = next_run(*scratch)
    for path in cached_files(tmp_path):
        path.write_bytes(path.read_bytes()[:100])
    assert next_run(*scratch).rules == first.rules


def test_no_cache_directory_no_cache_file(scratch, tmp_path, monkeypatch):
    monkeypatch.setenv("LICSCAN_CACHE_DIR", "off")
    assert next_run(*scratch).get("mit") is not None
    assert cached_files(tmp_path) == []
