"""Classifications remembered between runs (licscan/classification_cache.py): a second check of the same
evidence reuses the answer, and nothing that could change an answer reuses it: a changed license file,
a changed rule file, a changed project rule. A changed policy changes the verdict all the same (the
evaluation runs every time; a clarify entry never goes through the cache).

Checks run in-process through the CLI on copies of examples/ (real license texts), each test with its
own cache directory; between two runs the in-process memo of the rules is cleared, as a new process would."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import licscan.rules
from licscan import rules
from licscan.classify import Classifier
from licscan.cli import main

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "license_texts"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("LICSCAN_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(ROOT / "examples", tmp_path / "p")
    return tmp_path / "p"


def check(project: Path) -> dict[str, dict]:
    """One run: every checkpoint's JSON record by its path."""
    rules._load_cached.cache_clear()
    rules._with_project.cache_clear()
    result = CliRunner().invoke(main, ["check", str(project / "models.lock"), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return {c["path"] if "path" in c else c["id"]: c for c in json.loads(result.output)["checkpoints"]}


def classification_files(project: Path) -> list[Path]:
    return sorted((project.parent / "cache").glob("classifications-*.marshal"))


def unclassifiable(monkeypatch) -> None:
    """From here on, classifying anything fails the test: only the cache may answer."""
    def refuse(self, evidence):
        raise AssertionError(f"classified {evidence.entry.ref} again")
    monkeypatch.setattr(Classifier, "classify", refuse)


WHISPER = "models/whisper-small"


def test_a_second_run_answers_from_the_cache_with_the_same_records(project, monkeypatch):
    first = check(project)
    assert first[WHISPER]["license"]["id"] == "mit" and len(classification_files(project)) == 1
    unclassifiable(monkeypatch)
    assert check(project) == first


def test_entries_moved_to_other_lines_answer_from_the_cache_at_their_new_lines(project, monkeypatch):
    # the commonest edit of a manifest, an entry added above the others, moves every entry below it
    first = check(project)
    manifest = project / "models.lock"
    manifest.write_text("# checkpoints of the project, newest first\n\n" + manifest.read_text(encoding="utf-8"), encoding="utf-8")
    unclassifiable(monkeypatch)
    moved = check(project)
    assert {ref: record["line"] for ref, record in moved.items()} == {ref: record["line"] + 2 for ref, record in first.items()}
    assert {ref: {**record, "line": 0} for ref, record in moved.items()} == {ref: {**record, "line": 0} for ref, record in first.items()}


def test_a_changed_license_file_is_classified_again(project, monkeypatch):
    assert check(project)[WHISPER]["verdict"] == "allowed"
    shutil.copyfile(TEXTS / "cc-by-nc-4.0.txt", project / WHISPER / "LICENSE")
    again = check(project)[WHISPER]
    assert again["verdict"] in ("denied", "unknown") and again["verdict"] != "allowed"
    assert "cc-by-nc-4.0" in json.dumps(again)


def test_a_changed_policy_changes_the_verdict_of_a_cached_classification(project, monkeypatch):
    assert check(project)[WHISPER]["verdict"] == "allowed"
    unclassifiable(monkeypatch)
    (project / "licscan.yaml").write_text("version: 1\ndeny:\n  licenses: [mit]\n", encoding="utf-8")
    assert check(project)[WHISPER]["verdict"] == "denied"


def test_a_clarify_entry_is_applied_although_the_classification_is_cached(project):
    assert check(project)[WHISPER]["license"]["id"] == "mit"
    sha = hashlib.sha256((project / WHISPER / "LICENSE").read_bytes()).hexdigest()
    (project / "licscan.yaml").write_text(
        "version: 1\nclarify:\n"
        f"  - path: {WHISPER}\n    file: LICENSE\n    sha256: {sha}\n    license: apache-2.0\n"
        "    reason: a reviewed reading (test)\n    approved_by: legal@example.com\n", encoding="utf-8")
    clarified = check(project)[WHISPER]
    # the verbatim MIT text is no file to clarify as another license (review39): the entry is weighed, not applied
    assert clarified["license"]["id"] == "mit"
    assert any("clarify entry not applied: LICENSE of models/whisper-small is an exact copy of mit" in note for note in clarified["notes"])
    (project / "licscan.yaml").write_text(
        "version: 1\nclarify:\n"
        f"  - path: {WHISPER}\n    file: LICENSE\n    sha256: {sha}\n    license: mit\n"
        "    reason: a reviewed reading (test)\n    approved_by: legal@example.com\n", encoding="utf-8")
    clarified = check(project)[WHISPER]
    assert clarified["license"]["id"] == "mit" and any("is read as mit by the policy's clarify entry" in note for note in clarified["notes"])


def test_a_changed_rule_file_is_classified_again(project, tmp_path, monkeypatch):
    rules_dir, texts_dir = tmp_path / "rules", tmp_path / "texts"
    shutil.copytree(ROOT / "rules", rules_dir)
    shutil.copytree(TEXTS, texts_dir)
    monkeypatch.setattr(licscan.rules, "default_dirs", lambda: (rules_dir, texts_dir))
    assert check(project)[WHISPER]["verdict"] == "allowed"
    mit = rules_dir / "mit.yaml"
    mit.write_text(mit.read_text(encoding="utf-8").replace("commercial: allowed", "commercial: denied", 1), encoding="utf-8")
    assert check(project)[WHISPER]["verdict"] == "denied"
    assert len(classification_files(project)) == 2    # one per knowledge base


def test_a_changed_project_rule_is_classified_again(project, tmp_path, monkeypatch):
    """The project's rules_dir is part of the knowledge base. licscan here lacks the DeepSeek License
    (removed from a scratch copy of its rules); the project's own rule carries that text, and a checkpoint
    has it as its LICENSE: when the project rule's category changes, so does the classification."""
    rules_dir, texts_dir = tmp_path / "rules", tmp_path / "texts"
    shutil.copytree(ROOT / "rules", rules_dir)
    shutil.copytree(TEXTS, texts_dir)
    (rules_dir / "deepseek-model.yaml").unlink()
    (texts_dir / "deepseek-model.txt").unlink()
    monkeypatch.setattr(licscan.rules, "default_dirs", lambda: (rules_dir, texts_dir))
    own = tmp_path / "own-rules"
    own.mkdir()
    rule = ("id: acme-model-license\nname: ACME Model License\nspdx: LicenseRef-acme\ncategory: other-restricted\n"
            "texts: [acme.txt]\nuse:\n  commercial: conditional\n  internal: allowed\n  research: allowed\n  non-commercial: allowed\n")
    (own / "acme-model-license.yaml").write_text(rule, encoding="utf-8")
    shutil.copyfile(TEXTS / "deepseek-model.txt", own / "acme.txt")
    shutil.copyfile(TEXTS / "deepseek-model.txt", project / WHISPER / "LICENSE")
    (project / "licscan.yaml").write_text(f"version: 1\nrules_dir: {own}\n", encoding="utf-8")
    before = check(project)[WHISPER]
    assert before["license"]["id"] == "acme-model-license" and before["license"]["category"] == "other-restricted"
    (own / "acme-model-license.yaml").write_text(rule.replace("category: other-restricted", "category: non-commercial"), encoding="utf-8")
    assert check(project)[WHISPER]["license"]["category"] == "non-commercial"


def test_no_cache_directory_classifies_every_time(project, monkeypatch):
    monkeypatch.setenv("LICSCAN_CACHE_DIR", "off")
    first = check(project)
    assert classification_files(project) == []
    assert check(project) == first


def test_a_cache_folder_other_users_can_write_is_not_trusted(project, monkeypatch):
    # whoever can write the folder could plant a permissive answer for a restricted checkpoint: a
    # remembered classification found there must not be used, and nothing is written there
    first = check(project)
    folder = project.parent / "cache"
    assert len(classification_files(project)) == 1
    folder.chmod(0o777)
    classified: list[str] = []
    real = Classifier.classify
    monkeypatch.setattr(Classifier, "classify", lambda self, evidence: classified.append(evidence.entry.ref) or real(self, evidence))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    rules._load_cached.cache_clear()
    rules._with_project.cache_clear()
    result = CliRunner().invoke(main, ["check", str(project / "models.lock"), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert {c["path"] if "path" in c else c["id"]: c for c in json.loads(result.stdout)["checkpoints"]} == first
    assert sorted(classified) == sorted(first)                  # every checkpoint classified afresh
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert result.stderr.count(f"licscan: warning: cache folder {folder} is writable by other users") == 1


REMEMBERED_RUN = """
import sys
from licscan.cli import main
sys.argv = ["licscan", "check", sys.argv[1]]
try:
    main()
except SystemExit:
    pass
print(sorted(m for m in sys.modules if m.startswith(("licscan.classify", "licscan.matcher"))))
"""


def test_a_check_whose_classifications_are_remembered_never_imports_the_classifier(project, tmp_path):
    # the point of remembering: a pre-commit run on unchanged evidence reads the answers and judges them;
    # importing the classifier or the matcher (tens of ms) for nothing is a cost every commit would pay
    env = {**os.environ, "LICSCAN_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    def run() -> str:
        done = subprocess.run([sys.executable, "-c", REMEMBERED_RUN, str(project / "models.lock")], env=env,
                              capture_output=True, text=True, check=True, cwd=project)
        return done.stdout.strip().splitlines()[-1]
    assert "licscan.classify" in run()     # the first run classifies
    assert run() == "[]"


def test_an_entry_moved_in_the_manifest_keeps_its_answer_and_nothing_else_does(project):
    # an entry added above the others moves every line below it: no reading of the evidence uses the line, so its
    # digest (what a remembered classification is found by) leaves the line out, and only the line
    from dataclasses import replace

    from licscan import remembered_keys
    from licscan.model import LockedFile, LockRecord, ManifestEntry
    from licscan.remembered_keys import evidence_digest
    from licscan.sources.local import LocalSource
    from tests.real_card_sample import case_folders

    classifier = Classifier(licscan.rules.load_knowledge_base())
    for folder in case_folders(16):
        read = LocalSource(folder, "models.lock").fetch(ManifestEntry(ref="files", kind="local", line=3))
        moved = replace(read, entry=replace(read.entry, line=300))
        remembered_keys._RECENT.clear()
        assert evidence_digest(read) == evidence_digest(moved)
        assert classifier.classify(read) == classifier.classify(moved), folder.name
        for other in (replace(read.entry, ref="other"), replace(read.entry, revision="a" * 40),
                      replace(read.entry, lock=LockRecord("mit", (LockedFile("LICENSE", "0" * 64),)))):
            assert evidence_digest(replace(read, entry=other)) != evidence_digest(read)


def test_a_digest_is_kept_only_while_its_record_lives():
    # a long process (a test run, a server) must not keep every record it ever digested: only live ones
    import gc

    from licscan import remembered_keys
    from licscan.model import CardMetadata, Evidence, ManifestEntry
    from licscan.remembered_keys import evidence_digest

    evidence = Evidence(entry=ManifestEntry(ref="acme/m", kind="hub", line=1), source="hub", revision=None,
                        card=CardMetadata(licenses=("mit",)), card_body="# A model under the MIT license")
    key, digest = id(evidence), evidence_digest(evidence)
    assert remembered_keys._RECENT[key][1] == digest and remembered_keys._RECENT[key][0]() is evidence
    del evidence
    gc.collect()
    assert key not in remembered_keys._RECENT


def test_the_key_of_parsed_rules_is_their_parse_s_not_every_rule_s_repr(monkeypatch, tmp_path):
    """What is remembered for the rules parsed from files rests on the key of that parse (the files' bytes, the parser's
    code: rules.parsed_key), not on every rule's repr (~6 ms of every check); a rules tuple made otherwise (a test's
    replace(kb, rules=...), even of the same rules) is keyed by its rules."""
    from dataclasses import replace

    from licscan import remembered_keys
    from licscan.rules import LicenseRule, load_knowledge_base, parsed_key

    kb = load_knowledge_base()
    own = tmp_path / "own"
    own.mkdir()
    rule = ("id: acme-model-license\nname: ACME Model License\nspdx: LicenseRef-acme\ncategory: other-restricted\nuse:\n"
            "  commercial: conditional\n  internal: allowed\n  research: allowed\n  non-commercial: allowed\n")
    (own / "acme-model-license.yaml").write_text(rule, encoding="utf-8")
    project = load_knowledge_base(project_dir=own)
    assert parsed_key(kb.rules) is not None and parsed_key(project.rules) not in (None, parsed_key(kb.rules))
    keys = {remembered_keys._cache_key(kb), remembered_keys._cache_key(project)}

    def no_repr(self: object) -> str:
        raise AssertionError("a parsed rule's repr was taken")

    monkeypatch.setattr(LicenseRule, "__repr__", no_repr)
    assert {remembered_keys._cache_key(kb), remembered_keys._cache_key(project)} == keys and len(keys) == 2
    monkeypatch.undo()
    copied = replace(kb, rules=tuple(list(kb.rules)))
    assert parsed_key(copied.rules) is None and remembered_keys._cache_key(copied) not in keys
    changed = replace(kb, rules=tuple(replace(rule, category="non-commercial") if rule.id == "mit" else rule for rule in kb.rules))
    assert len({remembered_keys._cache_key(copied), remembered_keys._cache_key(changed)}) == 2
