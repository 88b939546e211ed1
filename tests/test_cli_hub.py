"""The CLI against recorded Hub traffic: scan, and check with an unreachable checkpoint."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from licscan.cli import main


@pytest.fixture
def hub_env(monkeypatch, fake_hub_endpoint, tmp_path):
    import huggingface_hub.constants

    monkeypatch.setenv("HF_ENDPOINT", fake_hub_endpoint)
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_TOKEN_PATH", str(tmp_path / "no-token"))
    monkeypatch.setattr(huggingface_hub.constants, "HF_STORED_TOKENS_PATH", str(tmp_path / "no-tokens"))


def test_scan_one_checkpoint_without_a_manifest(hub_env, hub_cache, hub_cassette):
    result = CliRunner().invoke(main, ["scan", "black-forest-labs/FLUX.1-dev", "--use", "commercial"])
    assert result.exit_code == 1
    assert "flux1-dev-noncommercial" in result.output and "DENIED" in result.output
    result = CliRunner().invoke(main, ["scan", "mistralai/Mistral-7B-v0.1", "--use", "commercial", "--format", "json"])
    assert result.exit_code == 0
    checkpoint = json.loads(result.output)["checkpoints"][0]
    assert checkpoint["license"]["id"] == "apache-2.0" and checkpoint["verdict"] == "allowed"
    assert len(checkpoint["revision"]) == 40


def check_json(tmp_path, *repo_ids: str):
    """``licscan check --format json -j 1`` of a commercial-use manifest listing ``repo_ids`` in order."""
    lock = tmp_path / "models.lock"
    lock.write_text("version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n" + "".join(f"  - id: {r}\n" for r in repo_ids))
    return CliRunner().invoke(main, ["check", str(lock), "--format", "json", "-j", "1"])


def test_check_reports_every_checkpoint_when_one_is_missing(hub_env, hub_cache, hub_cassette, tmp_path):
    result = check_json(tmp_path, "mistralai/Mistral-7B-v0.1", "acme/does-not-exist", "openai/whisper-small")
    # the only failure is a repository the Hub could not give: exit 3 (retry), not 1 (violation)
    assert result.exit_code == 3
    checkpoints = json.loads(result.output)["checkpoints"]
    assert [c["id"] for c in checkpoints] == ["mistralai/Mistral-7B-v0.1", "acme/does-not-exist", "openai/whisper-small"]
    missing = checkpoints[1]
    assert missing["verdict"] == "unknown" and missing["failed"]
    assert any("acme/does-not-exist: repository not found" in p for p in missing["source"]["problems"])
    assert checkpoints[0]["verdict"] == "allowed"
    # whisper-small declares apache-2.0 in its card and ships no LICENSE file: judged on metadata
    whisper = checkpoints[2]
    assert whisper["license"]["id"] == "apache-2.0" and whisper["license"]["confidence"] == 0.9


def test_a_violation_beside_an_unreadable_repository_still_exits_1(hub_env, hub_cache, hub_cassette, tmp_path):
    # exit 3 means "retry later"; it must never hide a denied checkpoint read in the same run
    result = check_json(tmp_path, "acme/does-not-exist", "facebook/musicgen-small")
    checkpoints = json.loads(result.output)["checkpoints"]
    assert [c["verdict"] for c in checkpoints] == ["unknown", "denied"]
    assert result.exit_code == 1
