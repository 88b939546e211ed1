"""A waiver covers the evidence it was approved for, and the card's words about the weights' license are
evidence (found by the thirteenth review): the lock records a hash of the words the classification quotes,
and a license that applies now but did not when the checkpoint was locked is drift, as one that stopped
applying already was. The card itself is not locked whole: an edit elsewhere in it is no drift.

The checkpoint is the real BERT card and its Apache LICENSE with one sentence added, as a fine-tuner would.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from licscan.cli import main
from tests.test_card_text_reading import BERT

MANIFEST = "version: 1\nproject: {name: r, use: commercial}\nmodels:\n  - path: models/demo\n"
WAIVER = ("version: 1\nwaivers:\n  - id: models/demo\n    reason: Acme Community License v1 read by legal (LEGAL-1)\n"
          "    approved_by: jane.doe@acme.example\n    expires: 2999-12-31\n")
APPROVED = "\nThe model weights are released under the Acme Community License v1.\n"


def _project(root: Path, sentence: str, waiver: bool = True) -> Path:
    folder = root / "models" / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    _write_card(root, sentence)
    (folder / "LICENSE").write_bytes((BERT / "LICENSE").read_bytes())
    (root / "models.lock").write_text(MANIFEST, encoding="utf-8")
    if waiver:
        (root / "licscan.yaml").write_text(WAIVER, encoding="utf-8")
    return root / "models.lock"


def _write_card(root: Path, sentence: str, extra: str = "") -> None:
    card = (BERT / "README.md").read_text(encoding="utf-8")
    (root / "models" / "demo" / "README.md").write_text(card + sentence + extra, encoding="utf-8")


def _lock(manifest: Path) -> None:
    result = CliRunner().invoke(main, ["lock", str(manifest)])
    assert result.exit_code == 0, result.output


def _check(manifest: Path) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", str(manifest), "--format", "json"])
    return result.exit_code, json.loads(result.output)["checkpoints"][0]


def test_the_approved_card_is_waived_after_the_lock(tmp_path):
    manifest = _project(tmp_path, APPROVED)
    _lock(manifest)
    code, checkpoint = _check(manifest)
    # the unknown license the card names is what legal read and waived
    assert checkpoint["verdict"] == "unknown" and checkpoint["waiver"]["applied"] is True and code == 0
    assert checkpoint["drift"] == []


def test_a_card_that_now_names_a_research_only_license_is_drift_and_the_waiver_stops(tmp_path):
    manifest = _project(tmp_path, APPROVED)
    _lock(manifest)
    _write_card(tmp_path, "\nThe model weights are released under the Acme Research-Only License v2.\n")
    code, checkpoint = _check(manifest)
    assert code == 1 and checkpoint["failed"] and checkpoint["waiver"]["applied"] is False
    assert "the card's words about its license changed" in checkpoint["drift"]
    assert "card-research-only applies now and did not when the checkpoint was locked" in checkpoint["drift"]
    assert any("waiver by jane.doe@acme.example not applied: the license evidence changed since the lock" in r
               for r in checkpoint["reasons"])


def test_a_card_that_names_another_unknown_license_is_drift_though_the_same_licenses_apply(tmp_path):
    # unknown before, unknown after: only the words say the terms legal read are not the terms now
    manifest = _project(tmp_path, APPROVED)
    _lock(manifest)
    _write_card(tmp_path, "\nThe model weights are released under the Acme Community License v2.\n")
    code, checkpoint = _check(manifest)
    assert checkpoint["drift"] == ["the card's words about its license changed"]
    assert code == 1 and checkpoint["waiver"]["applied"] is False


def test_an_edit_elsewhere_in_the_card_is_no_drift(tmp_path):
    manifest = _project(tmp_path, APPROVED)
    _lock(manifest)
    _write_card(tmp_path, APPROVED, extra="\n## Evaluation\n\nWe evaluated the model on GLUE; see the table above.\n")
    code, checkpoint = _check(manifest)
    assert checkpoint["drift"] == [] and checkpoint["waiver"]["applied"] is True and code == 0


def test_a_lock_written_before_the_card_words_were_recorded_is_read_without_drift(tmp_path):
    manifest = _project(tmp_path, APPROVED)
    _lock(manifest)
    text = manifest.read_text(encoding="utf-8")
    assert "card_words_sha256:" in text
    manifest.write_text("".join(line for line in text.splitlines(keepends=True) if "card_words_sha256:" not in line),
                        encoding="utf-8")
    code, checkpoint = _check(manifest)
    assert checkpoint["drift"] == [] and code == 0


def test_a_malformed_card_words_digest_is_a_one_line_manifest_error(tmp_path):
    manifest = _project(tmp_path, APPROVED, waiver=False)
    _lock(manifest)
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if "card_words_sha256:" in line)
    lines[number - 1] = "      card_words_sha256: not-a-digest\n"
    manifest.write_text("".join(lines), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(manifest)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"licscan: error: {manifest}:{number}: lock.card_words_sha256 must be a sha256 hex digest"]
