"""Finding codes: one table for SARIF, JSON and `licscan explain`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from licscan.cli import main
from licscan.findings import RULES, lookup

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_explain_without_a_code_lists_every_code() -> None:
    result = run("explain")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.splitlines() if line.startswith("LICSCAN")]
    assert listed == [f"LICSCAN00{i}" for i in range(1, 8)]


@pytest.mark.parametrize("spelling", ["LICSCAN004", "licscan004", "4", "004", "LicenseTextModified", "licensetextmodified"])
def test_explain_accepts_a_code_its_number_or_its_name(spelling: str) -> None:
    result = run("explain", spelling)
    assert result.exit_code == 0
    first, *rest = result.output.splitlines()
    assert first == "LICSCAN004 LicenseTextModified: License text is a modified copy of a known license"
    assert any(line.startswith("What to do: ") for line in rest)
    assert rest[-1] == "Level error: fails the check under the default policy."


def test_an_unknown_code_is_one_error_line_and_exit_2() -> None:
    result = run("explain", "LICSCAN999")
    assert result.exit_code == 2
    assert result.stderr == "licscan: error: unknown finding code 'LICSCAN999'; 'licscan explain' lists them\n"


def test_codes_are_unique_and_every_one_is_found_by_name() -> None:
    assert len({rule.id for rule in RULES}) == len({rule.name for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert lookup(rule.name) is rule and lookup(rule.id) is rule


def test_the_json_report_names_the_codes_of_each_checkpoint(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLES, project)
    result = run("check", str(project / "models.lock"), "--format", "json")
    by_id = {c["id"]: c for c in json.loads(result.output)["checkpoints"]}
    assert by_id["models/musicgen-small"]["findings"] == ["LICSCAN001"]      # cc-by-nc-4.0: denied
    assert by_id["models/whisper-small"]["findings"] == []                    # MIT: allowed, clean
    assert "LICSCAN007" in by_id["models/llama-3.1-8b-instruct"]["findings"]  # conditional
