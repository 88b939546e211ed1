"""The JSON report matches docs/report.schema.json, the published JSON Schema (issue 18).

The schema forbids keys it does not list, so a field added to the report without the schema (or
the schema's prose in docs/json-schema.md) fails here.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from licscan.cli import main

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))


def validate(document: dict) -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:10]]


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("waived", [False, True])
def test_reports_of_the_bundled_example_match_the_schema(tmp_path: Path, waived: bool) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "examples", project)
    if waived:   # a waiver object, not null
        (project / "licscan.yaml").write_text(
            "version: 1\nwaivers:\n  - id: models/musicgen-small\n    reason: demo (LEGAL-1)\n"
            "    approved_by: jane@acme.example\n    expires: 2999-12-31\n", encoding="utf-8")
        # a waiver covers the evidence a lock pins (review39)
        assert CliRunner().invoke(main, ["lock", str(project / "models.lock")]).exit_code == 0
    result = CliRunner().invoke(main, ["check", str(project / "models.lock"), "--format", "json"])
    assert result.exit_code == (0 if waived else 1), result.stderr
    report = json.loads(result.output)
    validate(report)
    assert any(c["waiver"] is not None for c in report["checkpoints"]) == waived


def test_a_hostile_card_report_matches_the_schema(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "data" / "hostile-card", tmp_path / "hostile-card")
    manifest = tmp_path / "models.lock"
    manifest.write_text("version: 1\nproject:\n  name: h\n  use: commercial\nmodels:\n  - path: hostile-card\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(manifest), "--format", "json"])
    validate(json.loads(result.output))


def test_the_schema_and_its_prose_name_the_same_checkpoint_fields() -> None:
    prose = (ROOT / "docs" / "json-schema.md").read_text(encoding="utf-8")
    block = prose[prose.index('"checkpoints": [{'):]
    block = block[: block.index("\n  }]\n")]
    documented = set(re.findall(r'^ {4}"(\w+)":', block, re.MULTILINE))
    assert documented == set(SCHEMA["$defs"]["checkpoint"]["properties"])


def test_the_schema_rejects_what_the_report_must_never_say() -> None:
    with pytest.raises(AssertionError):
        validate({"schema_version": 1})
    report = json.loads(CliRunner().invoke(main, ["check", str(ROOT / "examples" / "models.lock"), "--format", "json"]).output)
    report["checkpoints"][0]["verdict"] = "probably fine"
    with pytest.raises(AssertionError):
        validate(report)


def test_component_licenses_a_notice_lists_are_reported_beside_the_weights_license(tmp_path: Path) -> None:
    # the real Qwen/Qwen-7B-Chat files: LICENSE is the Tongyi Qianwen agreement, NOTICE lists the
    # licenses of bundled code (Megatron-LM, tiktoken, ...)
    shutil.copytree(ROOT / "benchmarks" / "real_cards" / "cases" / "Qwen__Qwen-7B-Chat" / "files", tmp_path / "qwen")
    manifest = tmp_path / "models.lock"
    manifest.write_text("version: 1\nproject:\n  name: q\n  use: commercial\nmodels:\n  - path: qwen\n", encoding="utf-8")
    report = json.loads(CliRunner().invoke(main, ["check", str(manifest), "--format", "json"]).output)
    validate(report)
    (checkpoint,) = report["checkpoints"]
    assert checkpoint["license"]["id"] == "tongyi-qianwen"
    assert checkpoint["license"]["components"], "the NOTICE's component licenses are listed"
    assert not set(checkpoint["license"]["components"]) & set(checkpoint["license"]["applies"])
