"""The bases lineage reads of a checkpoint's evidence, remembered between runs (classification_cache.BaseIdsCache,
base_ids.remembered_in): a warm check of unchanged checkpoints reads no card body for lineage, and nothing that could
change an answer reuses it: an edited card, another knowledge base (a changed rule, a project's rules), changed card
words. On real cards of the benchmark the remembered answers are the ones the reading gives."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import licscan.rules
from licscan import base_ids
from licscan.base_ids import remembered_in, source_base_ids, undeclared_base_ids
from licscan.classification_cache import ClassificationCache
from licscan.model import Evidence, ManifestEntry
from licscan.rules import KnowledgeBase, load_knowledge_base
from licscan.sources.local import LocalSource
from tests.real_card_sample import case_folders

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "benchmarks" / "real_cards" / "cases"
KB = load_knowledge_base()
# a real card whose words name its source (no base_model in its metadata): "This model is a fine-tuned version of
# [gpt2](https://huggingface.co/gpt2) on an unkown dataset"
SOURCE_CASE = "BumBelDumBel__TRUMP"


def _evidence(folder: Path) -> Evidence:
    evidence = LocalSource(folder, "models.lock").fetch(ManifestEntry(ref="files", kind="local", line=1))
    return replace(evidence, entry=ManifestEntry(ref=folder.name.replace("__", "/", 1), kind="local", line=1))


def _read(evidence: Evidence, store: object | None = None) -> tuple[object, object]:
    """Both remembered readings of one checkpoint, as a new process asks them (the in-process answers forgotten)."""
    base_ids._ANSWERS.clear()
    own = evidence.entry.ref
    if store is None:
        return source_base_ids(evidence, own), undeclared_base_ids(evidence, own)
    with remembered_in(store):  # type: ignore[arg-type]
        return source_base_ids(evidence, own), undeclared_base_ids(evidence, own)


@pytest.fixture
def readings(monkeypatch) -> list[str]:
    """Each card body the readers read from here on (has_source_words for the named sources, config_base_ids and
    prose_base_ids for the undeclared bases)."""
    read: list[str] = []
    for name in ("has_source_words", "config_base_ids", "prose_base_ids"):
        real = getattr(base_ids, name)
        monkeypatch.setattr(base_ids, name, lambda *args, _real=real, _name=name: read.append(_name) or _real(*args))
    return read


def _saved(kb: KnowledgeBase, evidence: Evidence) -> tuple[object, object]:
    cache = ClassificationCache(kb)
    found = _read(evidence, cache.base_ids)
    cache.save()
    return found


def test_a_second_run_reads_no_card_for_lineage(cache_dir, readings):
    evidence = _evidence(CASES / SOURCE_CASE)
    plain = _read(evidence)
    assert plain[0] and plain[0][0][0] == "gpt2"   # the case is one whose words name a source
    readings.clear()
    assert _saved(KB, evidence) == plain and readings
    assert len(list(cache_dir.glob("baseids-*.marshal"))) == 1
    readings.clear()
    assert _read(evidence, ClassificationCache(KB).base_ids) == plain   # another run: from the file
    assert readings == []


def test_an_edited_card_is_read_again(cache_dir, readings):
    evidence = _evidence(CASES / SOURCE_CASE)
    assert _saved(KB, evidence)[0]
    edited = replace(evidence, card_body=evidence.card_body.replace("[gpt2](https://huggingface.co/gpt2)",
                                                                "[distilgpt2](https://huggingface.co/distilgpt2)"))
    readings.clear()
    found = _read(edited, ClassificationCache(KB).base_ids)
    assert readings and found == _read(edited) and found[0][0][0] == "distilgpt2"


def test_another_knowledge_base_or_project_rule_is_read_again(cache_dir, readings):
    evidence = _evidence(CASES / SOURCE_CASE)
    plain = _saved(KB, evidence)
    for kb in (replace(KB, version=KB.version + "+changed"), replace(KB, rules=KB.rules[:-1]),
               replace(KB, rules=(*KB.rules, replace(KB.rules[0], id="acme-project-rule", origin="project")))):
        readings.clear()
        assert _read(evidence, ClassificationCache(kb).base_ids) == plain
        assert readings, kb.version
    assert len(list(cache_dir.glob("baseids-*.marshal"))) == 1   # (nothing added: read, not saved)


def test_changed_card_words_are_read_again(cache_dir, readings, tmp_path, monkeypatch):
    evidence = _evidence(CASES / SOURCE_CASE)
    _saved(KB, evidence)
    rules_dir = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "card-words", rules_dir / "card-words")
    monkeypatch.setattr(licscan.rules, "default_dirs", lambda: (rules_dir, ROOT / "license_texts"))
    plain = _read(evidence)
    readings.clear()
    assert _read(evidence, ClassificationCache(KB).base_ids) == plain
    assert readings == []    # the same words: remembered
    phrases = rules_dir / "card-words" / "phrases.yaml"
    phrases.write_text(phrases.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    readings.clear()
    _read(evidence, ClassificationCache(KB).base_ids)
    assert readings


def test_no_cache_directory_reads_every_time(monkeypatch, readings):
    monkeypatch.setenv("LICSCAN_CACHE_DIR", "off")
    evidence = _evidence(CASES / SOURCE_CASE)
    assert _saved(KB, evidence) == _read(evidence)
    readings.clear()
    _read(evidence, ClassificationCache(KB).base_ids)
    assert readings


def test_a_remembered_value_of_another_shape_is_read_again(cache_dir, readings):
    evidence = _evidence(CASES / SOURCE_CASE)
    cache = ClassificationCache(KB)
    store = cache.base_ids
    plain = _read(evidence, store)
    for key in list(store._load()):
        store._load()[key] = (("only one",),)
    readings.clear()
    base_ids._ANSWERS.clear()
    assert _read(evidence, store) == plain and readings


def test_real_cards_read_the_same_remembered(cache_dir):
    # a spread of ~400 cases of the benchmark (cards, their configs and adapter configs; every one with
    # --every-real-card, tests/real_card_sample.py): read plainly, then through a store
    # (filling it), then through another store loaded from its file, as the next run would
    folders = case_folders(400)
    assert len(folders) > 300
    cases = [_evidence(folder) for folder in folders]
    plain = [_read(evidence) for evidence in cases]
    assert sum(1 for named, undeclared in plain if named or undeclared) > 50
    first = ClassificationCache(KB)
    assert [_read(evidence, first.base_ids) for evidence in cases] == plain
    first.save()
    again = ClassificationCache(KB)
    assert [_read(evidence, again.base_ids) for evidence in cases] == plain
    assert len(again.base_ids._load()) == 2 * len(cases)


def test_a_check_remembers_what_lineage_read_of_each_card(cache_dir, tmp_path, monkeypatch):
    # licscan check, in-process, twice on a copy of examples/ (the rules' memo cleared as a new process would):
    # the second reads no card for lineage and reports the same
    from click.testing import CliRunner

    from licscan import rules
    from licscan.cli import main

    shutil.copytree(ROOT / "examples", tmp_path / "p")

    def check() -> str:
        rules._load_cached.cache_clear()
        rules._with_project.cache_clear()
        result = CliRunner().invoke(main, ["check", str(tmp_path / "p" / "models.lock"), "--format", "json"])
        assert result.exit_code in (0, 1), result.output
        return "\n".join(line for line in result.output.splitlines() if '"generated"' not in line)

    first = check()
    assert len(list(cache_dir.glob("baseids-*.marshal"))) == 1
    for name in ("has_source_words", "config_base_ids", "prose_base_ids"):
        monkeypatch.setattr(base_ids, name, lambda *args, _name=name: pytest.fail(f"{_name} read again"))
    assert check() == first


def test_an_answer_read_before_the_store_was_in_place_is_kept_for_the_next_run(cache_dir, readings):
    # the classifier asks for the bases (base_license_words) before the run's lineage puts the store in place: what it
    # read is kept all the same, or a first check would leave the next to read every card again
    evidence = _evidence(CASES / SOURCE_CASE)
    plain = _read(evidence)             # (the in-process answers now hold both)
    cache = ClassificationCache(KB)
    with remembered_in(cache.base_ids):
        assert (source_base_ids(evidence, evidence.entry.ref), undeclared_base_ids(evidence, evidence.entry.ref)) == plain
    cache.save()
    readings.clear()
    assert _read(evidence, ClassificationCache(KB).base_ids) == plain and readings == []
