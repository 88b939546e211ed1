"""licscan/drift.py: what changed in a local checkpoint since its lock record, read by licscan's own
local source and classifier from real license texts. (The whole lock -> check round trip, and drift
in the reports, are in tests/test_lock.py and tests/test_check_local.py.)"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from licscan.classify import Classifier
from licscan.drift import drift, license_label
from licscan.evaluate import Evaluator
from licscan.lock import record_for
from licscan.model import ManifestEntry, Project
from licscan.rules import load_knowledge_base
from licscan.sources.local import LocalSource

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "license_texts"
KB = load_knowledge_base()
CLASSIFIER = Classifier(KB)
ENTRY = ManifestEntry("m", "local", 6)


def read(folder: Path, lock=None):
    """(evidence, classification) of the checkpoint folder ``folder``/m, with ``lock`` as its record."""
    evidence = LocalSource(folder, str(folder / "models.lock")).fetch(replace(ENTRY, lock=lock))
    return evidence, CLASSIFIER.classify(evidence)


def locked(folder: Path):
    """The lock record licscan lock writes for the folder as it is now."""
    evidence, classification = read(folder)
    result = Evaluator(KB, Project("t", "commercial")).evaluate(evidence, classification)
    return record_for(result)


def checkpoint(tmp_path: Path, license_text: str = "mit.txt", card: str = "---\nlicense: mit\n---\n# m\n") -> Path:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "README.md").write_text(card, encoding="utf-8")
    shutil.copyfile(TEXTS / license_text, folder / "LICENSE")
    return tmp_path


def test_nothing_changed_is_no_drift(tmp_path):
    root = checkpoint(tmp_path)
    lock = locked(root)
    assert lock.license == "mit"
    assert drift(*read(root, lock)) == ()


def test_a_changed_license_file_names_the_file_both_hashes_and_both_licenses(tmp_path):
    root = checkpoint(tmp_path)
    lock = locked(root)
    shutil.copyfile(TEXTS / "cc-by-nc-4.0.txt", root / "m" / "LICENSE")
    found = drift(*read(root, lock))
    (before,) = [f.sha256 for f in lock.files]
    assert found[0].startswith(f"LICENSE changed (sha256 {before[:12]} → ")
    assert found[-1] == "license was mit, now cc-by-nc-4.0"


def test_an_added_and_a_removed_license_file_are_named(tmp_path):
    root = checkpoint(tmp_path)
    lock = locked(root)
    (root / "m" / "LICENSE").rename(root / "m" / "COPYING")
    found = drift(*read(root, lock))
    assert [f.split(" (")[0] for f in found] == ["COPYING was added", "LICENSE was removed"]


def test_the_cards_license_metadata_changing_is_drift_even_when_the_file_is_the_same(tmp_path):
    root = checkpoint(tmp_path)
    lock = locked(root)
    (root / "m" / "README.md").write_text("---\nlicense: apache-2.0\n---\n# m\n", encoding="utf-8")
    assert "the card's license metadata changed (now declares apache-2.0)" in drift(*read(root, lock))


def test_a_modified_copy_is_recorded_and_compared_as_modified_never_as_the_license(tmp_path):
    root = checkpoint(tmp_path)
    mit = (TEXTS / "mit.txt").read_text(encoding="utf-8")
    (root / "m" / "LICENSE").write_text(mit.replace("free of charge", "for a fee of USD 100"), encoding="utf-8")
    evidence, classification = read(root)
    assert license_label(classification) == "modified mit"
    assert locked(root).license == "modified mit"


def test_no_lock_record_or_nothing_fetched_reports_no_drift(tmp_path):
    root = checkpoint(tmp_path)
    lock = locked(root)
    shutil.copyfile(TEXTS / "apache-2.0.txt", root / "m" / "LICENSE")
    assert drift(*read(root)) == ()          # not locked: nothing to compare with
    evidence, classification = read(root, lock)
    assert drift(replace(evidence, fetch_failed=True), classification) == ()   # unknown for that reason instead
