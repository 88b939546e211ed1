"""The policy's ``clarify`` entries (licscan/clarify.py): a file whose sha256 a legal team reviewed is
read as the license they concluded, goes stale when the file changes, and never completes evidence
that is incomplete. End to end through the CLI, on the DeepSeek License Agreement as the project's
own license (tests/own_licenses.py)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from tests.own_licenses import RULE, check_json, make_project


@pytest.fixture
def project(licscan_without_deepseek: Path, tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


def clarify_policy(sha256: str, license_id: str = "acme-reviewed-deepseek") -> str:
    return ("version: 1\nrules_dir: legal/licenses\nclarify:\n"
            f"  - path: models/m\n    file: LICENSE\n    sha256: {sha256}\n    license: {license_id}\n"
            "    reason: DeepSeek License Agreement v1.0 as published; reviewed in LEGAL-312\n"
            "    approved_by: jane.doe@acme.example\n")


REVIEWED = RULE.replace("acme-model-license", "acme-reviewed-deepseek").replace("texts: [acme-reviewed-deepseek.txt]", "texts: []")


def clarify_license_file(project: Path) -> Path:
    """The legal team's text-less rule in rules_dir, and a policy whose clarify entry reads the
    checkpoint's LICENSE (at its current sha256) as that rule; returns the LICENSE's path."""
    folder = project / "legal" / "licenses"
    folder.mkdir(parents=True)
    (folder / "acme-reviewed-deepseek.yaml").write_text(REVIEWED, encoding="utf-8")
    license_file = project / "models" / "m" / "LICENSE"
    (project / "licscan.yaml").write_text(clarify_policy(hashlib.sha256(license_file.read_bytes()).hexdigest()), encoding="utf-8")
    return license_file


def test_clarify_settles_a_file_by_its_hash_and_goes_stale_when_it_changes(project):
    # the legal team's rule has no text: only the clarify entry says which file is under it
    license_file = clarify_license_file(project)

    status, report = check_json(project)
    checkpoint = report["checkpoints"][0]
    assert status == 0, checkpoint["reasons"]
    assert checkpoint["license"]["id"] == "acme-reviewed-deepseek" and checkpoint["verdict"] == "allowed"
    assert "LICENSE is read as acme-reviewed-deepseek by the policy's clarify entry" in checkpoint["license"]["basis"]
    quoted = [r for r in checkpoint["reasons"] if "approved by jane.doe@acme.example" in r]
    assert len(quoted) == 1 and "reviewed in LEGAL-312" in quoted[0] and f"clarify entry ({project / 'licscan.yaml'}:4)" in quoted[0]
    assert any("clarify entry" in note and "LEGAL-312" in note for note in checkpoint["notes"])
    assert report["warnings"] == []

    # the file changes (a line added at its end): the review no longer covers it
    license_file.write_bytes(license_file.read_bytes() + b"\nCopyright 2025 ACME Corp.\n")
    status, report = check_json(project)
    checkpoint = report["checkpoints"][0]
    assert status == 1 and checkpoint["verdict"] == "unknown"
    assert checkpoint["license"]["id"] != "acme-reviewed-deepseek"
    new_hash = hashlib.sha256(license_file.read_bytes()).hexdigest()
    assert len(report["warnings"]) == 1
    assert report["warnings"][0].startswith(f"{project / 'licscan.yaml'}:4: stale clarify entry: LICENSE of models/m now has sha256 {new_hash}")
    assert any("stale clarify entry" in note for note in checkpoint["notes"])


def test_clarify_never_completes_incomplete_evidence(project):
    from licscan.manifest import parse_manifest
    from licscan.pipeline import Scanner
    from licscan.policy import load_policy

    clarify_license_file(project)
    # a second license file that is not text: the checkpoint's evidence is incomplete
    (project / "models" / "m" / "LICENSE-WEIGHTS").write_bytes(b"\x00\x01PK\x03\x04" * 50)
    status, report = check_json(project)
    checkpoint = report["checkpoints"][0]
    assert status == 1 and checkpoint["verdict"] == "unknown"
    assert checkpoint["source"]["complete"] is False
    assert any("clarify entry" in note for note in checkpoint["notes"])     # LICENSE itself was settled

    # the same, on evidence a source reported incomplete for any other reason
    (project / "models" / "m" / "LICENSE-WEIGHTS").unlink()
    manifest, _ = parse_manifest(project / "models.lock")
    policy = load_policy(None, project)
    scanner = Scanner()
    scanner.use_knowledge_of(policy)
    evidence = [replace(e, complete=False, problems=("models/m: a file could not be read",)) for e in scanner.gather(manifest)]
    result = scanner.judge(manifest, evidence, policy).results[0]
    assert result.classification.license_id == "acme-reviewed-deepseek" and result.verdict == "unknown"
