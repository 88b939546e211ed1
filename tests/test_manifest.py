"""Strict manifest validation: every bad input is one line naming file, line and problem, exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from licscan.cli import main
from licscan.errors import InputError
from licscan.manifest import parse_manifest

SHA = "0e9e39f249a16976918f6564b8830bc894c89659"
GOOD = f"""version: 1
project:
  name: acme
  use: commercial
models:
  - id: meta-llama/Llama-3.1-8B-Instruct
    revision: {SHA}
  - id: stabilityai/stable-diffusion-xl-base-1.0
  - path: models/whisper-small
"""


def write(tmp_path: Path, text: str | bytes, name: str = "models.lock") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_good_manifest_parses_with_lines_and_warns_about_unpinned(tmp_path):
    manifest, warnings = parse_manifest(write(tmp_path, GOOD))
    assert manifest.project.use == "commercial"
    assert [(e.ref, e.kind, e.line) for e in manifest.entries] == [
        ("meta-llama/Llama-3.1-8B-Instruct", "hub", 6),
        ("stabilityai/stable-diffusion-xl-base-1.0", "hub", 8),
        ("models/whisper-small", "local", 9),
    ]
    assert manifest.entries[0].is_pinned
    assert len(warnings) == 1 and "stable-diffusion-xl-base-1.0 has no revision" in warnings[0]
    assert warnings[0].startswith(f"{tmp_path / 'models.lock'}:8:")


BAD = [
    ("unknown top key", GOOD + "extra: 1\n", 10, "unknown key 'extra'"),
    ("unknown entry key", GOOD.replace("    revision:", "    revison:"), 7, "unknown key 'revison'"),
    ("missing id and path", GOOD.replace("  - path: models/whisper-small\n", "  - {}\n"), 9, "needs 'id'"),
    ("both id and path", GOOD.replace("  - path: models/whisper-small", "  - path: a\n    id: a/b"), 9, "both 'id' and 'path'"),
    ("wrong type for use", GOOD.replace("use: commercial", "use: 3"), 4, "project.use must be text"),
    ("use not in vocabulary", GOOD.replace("use: commercial", "use: personal"), 4, "must be one of"),
    ("models not a list", GOOD.split("models:")[0] + "models: {a: 1}\n", 5, "models must be a list"),
    ("duplicate entry", GOOD + "  - id: stabilityai/stable-diffusion-xl-base-1.0\n", 10, "duplicate entry"),
    ("duplicate key", GOOD.replace("  use: commercial\n", "  use: commercial\n  use: research\n"), 5, "duplicate key 'use'"),
    ("malformed yaml", GOOD.replace("  name: acme", "  name: [acme"), None, "malformed YAML"),
    ("short sha", GOOD.replace(SHA, SHA[:12]), 7, "abbreviated"),
    ("numeric revision", GOOD.replace(SHA, "1234567"), 7, "reads as a number"),
    ("bad repo id", GOOD.replace("meta-llama/Llama-3.1-8B-Instruct", "not a repo"), 6, "not a Hub repo id"),
    ("version 2", GOOD.replace("version: 1", "version: 2"), 1, "unsupported manifest version"),
    ("missing project", "version: 1\nmodels: []\n", 1, "missing the required key 'project'"),
    ("empty file", "", 1, "manifest is empty"),
    ("not a mapping", "- a\n- b\n", 1, "must be a mapping"),
    ("revision on a path", GOOD.replace("  - path: models/whisper-small", f"  - path: models/w\n    revision: {SHA}"), 10, "applies to Hub entries"),
]


@pytest.mark.parametrize("label,text,line,message", BAD, ids=[b[0] for b in BAD])
def test_bad_manifests_name_file_line_and_problem(tmp_path, label, text, line, message):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        parse_manifest(path)
    error = caught.value
    assert error.path == str(path)
    if line is not None:
        assert error.line == line, str(error)
    assert message in error.message


@pytest.mark.parametrize("repo_id,accepted", [
    ("huggingtweets/_lukeharris", True),    # a real model whose name starts with "_"; huggingface_hub accepts it
    ("acme/" + "x" * 96, True),
    ("acme/" + "x" * 97, False),            # over huggingface_hub's 96 characters: it could not be fetched
    ("acme/-x", False),
])
def test_repo_ids_are_accepted_as_huggingface_hub_accepts_them(tmp_path, repo_id, accepted):
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    text = GOOD.replace("meta-llama/Llama-3.1-8B-Instruct", repo_id)
    try:
        validate_repo_id(repo_id)
        hub_accepts = True
    except HFValidationError:
        hub_accepts = False
    assert hub_accepts == accepted
    if accepted:
        manifest, _ = parse_manifest(write(tmp_path, text))
        assert manifest.entries[0].ref == repo_id
    else:
        with pytest.raises(InputError, match="not a Hub repo id") as caught:
            parse_manifest(write(tmp_path, text))
        assert ("longer than 96 characters" in caught.value.message) == (len(repo_id) > 100), caught.value.message


def test_non_utf8_and_nul_bytes_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="not valid UTF-8"):
        parse_manifest(write(tmp_path, b"version: 1\nproject:\n  name: \xff\xfe\n"))
    with pytest.raises(InputError, match="NUL"):
        parse_manifest(write(tmp_path, b"version: 1\x00\n"))


def test_bom_is_accepted(tmp_path):
    manifest, _ = parse_manifest(write(tmp_path, "\ufeff" + GOOD))
    assert len(manifest.entries) == 3


@pytest.mark.parametrize("label,text,line,message", BAD[:6], ids=[b[0] for b in BAD[:6]])
def test_cli_prints_one_line_and_exits_2(tmp_path, label, text, line, message):
    path = write(tmp_path, text)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"licscan: error: {path}:{line}: ")
    assert message in lines[0]
    assert "Traceback" not in result.output + result.stderr


def test_missing_manifest_file_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["check", str(tmp_path / "nope.lock")])
    assert result.exit_code == 2
    assert "file not found" in result.stderr


def test_real_process_never_prints_a_traceback(tmp_path):
    path = write(tmp_path, "version: 1\nproject: [\n")
    done = subprocess.run([sys.executable, "-m", "licscan", "check", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_many_unpinned_checkpoints_are_one_warning_with_a_count_and_the_list(tmp_path) -> None:
    manifest = tmp_path / "models.lock"
    ids = [f"acme/model-{i}" for i in range(25)]
    manifest.write_text(
        "version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n"
        + "".join(f"  - id: {repo}\n" for repo in ids)
        + "  - id: acme/on-a-branch\n    revision: main\n",
        encoding="utf-8",
    )
    _, warnings = parse_manifest(manifest)
    assert len(warnings) == 2
    folded, branch = warnings
    assert folded.startswith(f"{manifest}: 25 checkpoints have no revision;")
    assert "acme/model-0 (line 6)" in folded and "acme/model-24 (line 30)" in folded
    assert branch == f"{manifest}:31: acme/on-a-branch revision 'main' is a branch or tag, not a commit; pin the full sha"
