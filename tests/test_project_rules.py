"""A project's own licenses (the policy's rules_dir), clarify entries and the check of the license ids a
policy names, end to end through the CLI on real license texts.

The project's "own" license is the DeepSeek License Agreement (../shared/license-corpus/), in a scratch
copy of licscan's rules and texts from which licscan's own rule and text for it are removed: so licscan
knows nothing of it but what the project adds, copied byte for byte."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import licscan.rules
from licscan.cli import main

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "license-corpus"
OWN_TEXT = CORPUS / "deepseek-model.txt"
RULE = """id: acme-model-license
name: ACME Model License (reviewed by ACME legal, LEGAL-311)
spdx: LicenseRef-acme-model-license
category: other-restricted
texts: [acme-model-license.txt]
use:
  commercial: conditional
  internal: allowed
  research: allowed
  non-commercial: allowed
obligations:
  - id: pass-on-use-restrictions
    summary: Pass the use-based restrictions on to every recipient.
    section: 4.a
"""
LOCK = "version: 1\nproject:\n  name: acme\n  use: internal\nmodels:\n  - path: models/m\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def licscan_without_deepseek(tmp_path, monkeypatch) -> Path:
    """licscan's rules and texts, less its rule for the DeepSeek License Agreement."""
    rules, texts = tmp_path / "licscan-rules", tmp_path / "licscan-texts"
    shutil.copytree(ROOT / "rules", rules)
    shutil.copytree(ROOT / "license_texts", texts)
    (rules / "deepseek-model.yaml").unlink()
    (texts / "deepseek-model.txt").unlink()
    monkeypatch.setattr(licscan.rules, "default_dirs", lambda: (rules, texts))
    return tmp_path


@pytest.fixture
def project(licscan_without_deepseek) -> Path:
    """A project whose checkpoint folder carries the DeepSeek text as its LICENSE."""
    root = licscan_without_deepseek / "proj"
    (root / "models" / "m").mkdir(parents=True)
    (root / ".git").mkdir()
    shutil.copyfile(OWN_TEXT, root / "models" / "m" / "LICENSE")
    (root / "models" / "m" / "README.md").write_text("# m\n\nWeights for internal evaluation.\n", encoding="utf-8")
    (root / "models.lock").write_text(LOCK, encoding="utf-8")
    return root


def add_own_license(root: Path, rule: str = RULE) -> Path:
    folder = root / "legal" / "licenses"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(OWN_TEXT, folder / "acme-model-license.txt")
    (folder / "acme-model-license.yaml").write_text(rule, encoding="utf-8")
    return folder


def check_json(root: Path, *extra: str) -> tuple[int, dict]:
    result = run("check", str(root / "models.lock"), "--format", "json", *extra)
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.output)


def one_line_error(result, path: Path, line: int) -> str:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"licscan: error: {path}:{line}: "), result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    return result.stderr


def test_project_rule_identifies_its_verbatim_text(project):
    # licscan alone does not know the text: a modified copy of another license at best, never allowed
    status, before = check_json(project)
    checkpoint = before["checkpoints"][0]
    assert status == 1 and checkpoint["verdict"] == "unknown"
    assert checkpoint["license"]["id"] != "acme-model-license"

    add_own_license(project)
    (project / "licscan.yaml").write_text("version: 1\nrules_dir: legal/licenses\n", encoding="utf-8")
    status, after = check_json(project)
    checkpoint = after["checkpoints"][0]
    assert status == 0, checkpoint["reasons"]
    assert checkpoint["license"]["id"] == "acme-model-license" and checkpoint["license"]["category"] == "other-restricted"
    assert checkpoint["evidence"][0]["status"] == "exact" and checkpoint["evidence"][0]["score"] == 1.0
    assert checkpoint["verdict"] == "allowed"       # internal use, as the project's rule answers
    assert [o["id"] for o in checkpoint["obligations"]] == ["pass-on-use-restrictions"]
    assert after["tool"]["rules_version"].startswith(before["tool"]["rules_version"] + "+")

    listing = run("rules", "--policy", str(project / "licscan.yaml"))
    assert listing.exit_code == 0
    rows = {line.split()[0]: line for line in listing.output.splitlines() if line.strip()}
    assert " project " in rows["acme-model-license"] and " licscan " not in rows["acme-model-license"]
    assert " licscan " in rows["apache-2.0"] and "deepseek-model" not in rows
    assert f"1 from project ({project / 'legal' / 'licenses'})" in listing.output


def test_rules_dir_in_pyproject_is_relative_to_it(project):
    add_own_license(project)
    (project / "pyproject.toml").write_text('[project]\nname = "acme"\n\n[tool.licscan]\nrules_dir = "legal/licenses"\n', encoding="utf-8")
    status, report = check_json(project)
    assert status == 0 and report["checkpoints"][0]["license"]["id"] == "acme-model-license"


@pytest.mark.parametrize(("edit", "line", "words"), [
    (("category: other-restricted", "category: restricted"), 4, "category"),
    (("texts: [acme-model-license.txt]", "texts: [acme-model-licence.txt]"), 5, "reference text 'acme-model-licence.txt' not found"),
    (("  research: allowed\n", "  research: maybe\n"), 9, "research"),
    (("id: acme-model-license", "id: acme-model"), 1, "must match the file name"),
    (("spdx: LicenseRef-acme-model-license", "spdx: Apache-2.0"), 3, "already names licscan's rule 'apache-2.0'"),
])
def test_bad_project_rule_is_exit_2_naming_file_and_line(project, edit, line, words):
    folder = add_own_license(project, RULE.replace(*edit))
    (project / "licscan.yaml").write_text("version: 1\nrules_dir: legal/licenses\n", encoding="utf-8")
    out = project / "report.json"
    result = run("check", str(project / "models.lock"), "--format", "json", "--output", str(out))
    assert words in one_line_error(result, folder / "acme-model-license.yaml", line)
    assert not out.exists()
    # `licscan rules` validates the project's rules as it validates licscan's
    result = run("rules", "--policy", str(project / "licscan.yaml"))
    assert words in one_line_error(result, folder / "acme-model-license.yaml", line)


def test_project_rule_may_not_redefine_a_licscan_rule(tmp_path):
    """Against licscan's real knowledge base: an id, or a text, licscan already has is refused."""
    folder = tmp_path / "legal"
    folder.mkdir()
    (tmp_path / "models.lock").write_text("version: 1\nproject:\n  name: acme\n  use: internal\nmodels: []\n", encoding="utf-8")
    (tmp_path / "licscan.yaml").write_text("version: 1\nrules_dir: legal\n", encoding="utf-8")
    redefined = RULE.replace("id: acme-model-license", "id: mit").replace("texts: [acme-model-license.txt]", "texts: []")
    (folder / "mit.yaml").write_text(redefined, encoding="utf-8")
    result = run("check", str(tmp_path / "models.lock"))
    assert "id 'mit' is a licscan rule: a project rule may not redefine it" in one_line_error(result, folder / "mit.yaml", 1)
    (folder / "mit.yaml").unlink()
    shutil.copyfile(OWN_TEXT, folder / "acme-model-license.txt")
    (folder / "acme-model-license.yaml").write_text(RULE, encoding="utf-8")
    result = run("check", str(tmp_path / "models.lock"))
    error = one_line_error(result, folder / "acme-model-license.yaml", 5)
    assert "is licscan's deepseek-model.txt (rule 'deepseek-model')" in error


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


@pytest.mark.parametrize(("policy", "line", "words"), [
    ("version: 1\nallow:\n  licenses:\n    - mit\n    - apache2.0\n", 5,
     "allow.licenses: 'apache2.0' is not a license licscan knows (did you mean 'apache-2.0'?)"),
    ("version: 1\ndeny:\n  licenses: [agpl3]\n", 3, "deny.licenses: 'agpl3' is not a license licscan knows (did you mean 'agpl-3.0'?)"),
    ("version: 1\nallow:\n  licenses: [Apache-2.0]\n", 3, "did you mean 'apache-2.0'?"),
    ("version: 1\ndeny:\n  licenses: [no-such-license-anywhere]\n", 3, "'licscan rules' lists the ids it knows"),
])
def test_allow_and_deny_typos_are_exit_2_with_a_suggestion(tmp_path, policy, line, words):
    (tmp_path / "licscan.yaml").write_text(policy, encoding="utf-8")
    (tmp_path / "models.lock").write_text("version: 1\nproject:\n  name: t\n  use: commercial\nmodels: []\n", encoding="utf-8")
    for command in ("check", "config"):
        result = run(command, str(tmp_path / "models.lock"))
        assert words in one_line_error(result, tmp_path / "licscan.yaml", line)


def test_policy_ids_may_name_the_projects_own_licenses(project):
    add_own_license(project)
    policy = project / "licscan.yaml"
    policy.write_text("version: 1\nrules_dir: legal/licenses\ndeny:\n  licenses: [acme-model-licens]\n", encoding="utf-8")
    result = run("check", str(project / "models.lock"))
    assert "did you mean 'acme-model-license'?" in one_line_error(result, policy, 4)
    policy.write_text("version: 1\nrules_dir: legal/licenses\ndeny:\n  licenses: [acme-model-license]\n", encoding="utf-8")
    status, report = check_json(project)
    assert status == 1 and report["checkpoints"][0]["verdict"] == "denied"


def test_clarify_license_typo_and_pyproject_line(project):
    add_own_license(project)
    (project / "pyproject.toml").write_text(
        '[project]\nname = "acme"\n\n[tool.licscan]\nrules_dir = "legal/licenses"\n\n[[tool.licscan.clarify]]\n'
        f'path = "models/m"\nfile = "LICENSE"\nsha256 = "{"0" * 64}"\nlicense = "acme-model-licence"\n'
        'reason = "r"\napproved_by = "a"\n', encoding="utf-8")
    result = run("check", str(project / "models.lock"))
    assert "clarify.license: 'acme-model-licence' is not a license licscan knows (did you mean 'acme-model-license'?)" in \
        one_line_error(result, project / "pyproject.toml", 4)
