"""A project's own license for the tests of rules_dir and clarify (tests/test_project_rules.py,
tests/test_clarify.py): the DeepSeek License Agreement (../shared/license-corpus/), which the
``licscan_without_deepseek`` fixture (conftest.py) removes from licscan's own knowledge, under a rule
written as a legal team would write it, and the CLI helpers both files use."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from licscan.cli import main

ROOT = Path(__file__).resolve().parents[1]
OWN_TEXT = ROOT.parent / "shared" / "license-corpus" / "deepseek-model.txt"
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


def make_project(root: Path) -> Path:
    """A project (a git repository) whose checkpoint folder carries the DeepSeek text as its LICENSE."""
    (root / "models" / "m").mkdir(parents=True)
    (root / ".git").mkdir()
    shutil.copyfile(OWN_TEXT, root / "models" / "m" / "LICENSE")
    (root / "models" / "m" / "README.md").write_text("# m\n\nWeights for internal evaluation.\n", encoding="utf-8")
    (root / "models.lock").write_text(LOCK, encoding="utf-8")
    return root


def add_own_license(root: Path, rule: str = RULE) -> Path:
    folder = root / "legal" / "licenses"
    folder.mkdir(parents=True, exist_ok=True)
    # copy2 keeps the file time: the matcher's index cache (keyed by size and time) then serves every test
    shutil.copy2(OWN_TEXT, folder / "acme-model-license.txt")
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
