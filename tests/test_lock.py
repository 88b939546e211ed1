"""``licscan lock`` records the verdict-relevant facts and refuses incomplete evidence; ``licscan
diff`` judges both manifests as ``check`` would, from what the lock recorded (no network)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from licscan.cli import main
from licscan.errors import InputError
from licscan.lock import diff_manifests, lock_manifest
from licscan.manifest import parse_manifest
from licscan.pipeline import Options, Scanner
from licscan.rules import load_knowledge_base

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "license_texts"
KB = load_knowledge_base()
MIT = (TEXTS / "mit.txt").read_text(encoding="utf-8")
# One altered grant: what a real "modified MIT" does (kimi-k2's is another); the rest byte for byte.
# a changed grant that is not a restriction licscan reads as a term ("for non-commercial purposes only" would
# be one, and deny: tests/test_real_card_gaps.py); what is pinned here is that a modified text stays unknown
MODIFIED_MIT = MIT.replace("to deal\nin the Software without restriction", "to deal\nin the Software, within the European Union only,")
HEAD = "version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n"


def checkpoint(root: Path, name: str, license_text: str | bytes | None, card: str = "---\nlicense: mit\n---\n# model\n") -> None:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(card, encoding="utf-8")
    if isinstance(license_text, bytes):
        (folder / "LICENSE").write_bytes(license_text)
    elif license_text is not None:
        (folder / "LICENSE").write_text(license_text, encoding="utf-8")


def lock(path: Path):
    manifest, _ = parse_manifest(path)
    report = Scanner(options=Options(jobs=1, lineage=False)).run(manifest)
    return lock_manifest(manifest, list(report.results)), report


def test_modified_mit_is_not_recorded_as_mit(tmp_path):
    assert MODIFIED_MIT != MIT
    checkpoint(tmp_path, "m", MODIFIED_MIT)
    (tmp_path / "models.lock").write_text(HEAD + "  - path: m\n")
    lines, report = lock(tmp_path / "models.lock")
    assert report.results[0].classification.modified_from == "mit"
    locked, _ = parse_manifest(tmp_path / "models.lock")
    assert locked.entries[0].lock.license == "modified mit"
    assert lines == ["m: modified mit"]
    # check on the locked manifest sees no drift: the record matches what is read
    again = Scanner(options=Options(jobs=1, lineage=False)).run(locked).results[0]
    assert again.drift == () and again.verdict == "unknown"


@pytest.mark.parametrize(("what", "text"), [("binary", b"\x00\x01PK\x03\x04" * 50), ("cut off", MIT * 2000)], ids=["binary", "cut-off"])
def test_lock_refuses_incomplete_evidence_and_writes_nothing(tmp_path, what, text):
    checkpoint(tmp_path, "ok", MIT)
    checkpoint(tmp_path, "bad", text)
    path = tmp_path / "models.lock"
    path.write_text(HEAD + "  - path: ok\n  - path: bad\n")
    before = path.read_bytes()
    with pytest.raises(InputError, match=r"cannot lock, evidence incomplete: bad: LICENSE: "):
        lock(path)
    assert path.read_bytes() == before


def test_lock_records_facts_and_diff_judges_them_as_check_does(tmp_path):
    checkpoint(tmp_path, "a", MIT)
    (tmp_path / "models.lock").write_text(HEAD + "  - path: a\n")
    lock(tmp_path / "models.lock")
    record = parse_manifest(tmp_path / "models.lock")[0].entries[0].lock
    assert (record.license, record.applies, record.confirmed) == ("mit", ("mit",), True)

    # the new manifest adds an MIT checkpoint and the first one's LICENSE became a modified copy
    new = tmp_path / "new"
    checkpoint(new, "a", MODIFIED_MIT)
    checkpoint(new, "b", MIT)
    (new / "models.lock").write_text(HEAD + "  - path: a\n  - path: b\n")
    lock(new / "models.lock")
    shutil.copyfile(tmp_path / "models.lock", new / "old.lock")

    old_manifest, _ = parse_manifest(new / "old.lock")
    new_manifest, _ = parse_manifest(new / "models.lock")
    changes = {c.checkpoint: c for c in diff_manifests(old_manifest, new_manifest, KB)}
    assert (changes["a"].old_license, changes["a"].old_verdict) == ("mit", "allowed")
    assert (changes["a"].new_license, changes["a"].new_verdict) == ("modified mit", "unknown")
    assert changes["a"].became_modified
    assert (changes["b"].what, changes["b"].new_license, changes["b"].new_verdict) == ("added", "mit", "allowed")

    result = CliRunner().invoke(main, ["diff", str(new / "old.lock"), str(new / "models.lock")])
    assert result.exit_code == 1                                   # a checkpoint became unknown
    assert "~ a: mit (permissive, allowed) -> modified mit (permissive, unknown); the license text is now a modified copy" in result.output
    assert "+ b: mit (permissive), allowed" in result.output
    # adding an MIT checkpoint alone passes
    only_added = CliRunner().invoke(main, ["diff", str(new / "old.lock"), str(new / "old.lock"), "--json"])
    assert only_added.exit_code == 0 and json.loads(only_added.output)["worse"] == []


def test_diff_reads_inherited_licenses_from_the_lock(tmp_path):
    """A fine-tune declaring apache-2.0 on a Llama base: the lock records both; diff shows the headline."""
    text = HEAD + (
        "  - path: ft\n    lock:\n      license: apache-2.0\n      applies: [apache-2.0, llama3.1]\n      confirmed: true\n"
        "      files: {}\n"
    )
    (tmp_path / "ft").mkdir()
    (tmp_path / "models.lock").write_text(text.replace("use: commercial", "use: commercial\n  monthly_active_users: 10"))
    manifest, _ = parse_manifest(tmp_path / "models.lock")
    (change,) = diff_manifests(manifest, manifest, KB)
    assert (change.new_license, change.new_category, change.new_verdict) == ("llama3.1", "llama-community", "conditional")
    # an old lock without 'applies' is judged on its license alone
    old = tmp_path / "old"
    (old / "ft").mkdir(parents=True)
    (old / "models.lock").write_text(HEAD + "  - path: ft\n    lock:\n      license: mit\n")
    manifest, _ = parse_manifest(old / "models.lock")
    assert diff_manifests(manifest, manifest, KB)[0].new_verdict == "allowed"


def test_lock_refuses_a_gated_repo_read_without_access(tmp_path, fake_hub_endpoint, hub_cache, hub_cassette):
    path = tmp_path / "models.lock"
    path.write_text(HEAD + "  - id: mistralai/Mistral-7B-v0.1\n  - id: acme/gated-permissive\n")
    before = path.read_bytes()
    manifest, _ = parse_manifest(path)
    report = Scanner(options=Options(endpoint=fake_hub_endpoint, token=False, cache_dir=str(hub_cache), jobs=1)).run(manifest)
    with pytest.raises(InputError, match=r"cannot lock, evidence incomplete: acme/gated-permissive: .*gated.*HF_TOKEN"):
        lock_manifest(manifest, list(report.results))
    assert path.read_bytes() == before
    # a checkpoint the policy trusts by name is locked on what was read
    lock_manifest(manifest, list(report.results), trusted=("acme/gated-permissive",))
    locked, _ = parse_manifest(path)
    assert [e.lock.license for e in locked.entries] == ["apache-2.0", "apache-2.0"]


def test_lock_command_refusal_is_one_line_exit_2(tmp_path):
    checkpoint(tmp_path, "bad", b"\x00\x01PK\x03\x04" * 50)
    path = tmp_path / "models.lock"
    path.write_text(HEAD + "  - path: bad\n")
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["lock", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"licscan: error: {path}: cannot lock, evidence incomplete: bad: LICENSE: binary file, not a license text; not read\n"
    assert path.read_bytes() == before


def test_lock_refusal_for_many_checkpoints_names_three_and_counts_the_rest(tmp_path):
    # a cold cache of a large manifest: the one-line error stays readable
    names = [f"bad{i}" for i in range(5)]
    for name in names:
        checkpoint(tmp_path, name, b"\x00\x01PK\x03\x04" * 50)
    path = tmp_path / "models.lock"
    path.write_text(HEAD + "".join(f"  - path: {name}\n" for name in names))
    result = CliRunner().invoke(main, ["lock", str(path)])
    assert result.exit_code == 2
    reason = "LICENSE: binary file, not a license text; not read"
    assert result.stderr == (f"licscan: error: {path}: cannot lock, evidence incomplete: bad0: {reason}; bad1: {reason}; "
                             f"bad2: {reason}; and 2 more checkpoints ('licscan check' names each)\n")


def test_diff_judges_a_new_unlocked_local_checkpoint_from_its_files(tmp_path):
    # issue 16: adding an MIT checkpoint used to show 'unknown (unknown), unknown' and fail the diff
    import shutil

    from licscan.lock import NOT_LOCKED

    shutil.copytree(ROOT / "examples" / "models", tmp_path / "models")
    old = tmp_path / "old.lock"
    old.write_text("version: 1\nproject:\n  name: t\n  use: commercial\nmodels: []\n", encoding="utf-8")
    new = tmp_path / "new.lock"
    new.write_text("version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n  - path: models/whisper-small\n"
                   "  - path: models/musicgen-small\n  - id: acme/x\n    revision: main\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(old), str(new)])
    assert result.output.splitlines() == [
        "+ models/whisper-small: mit (permissive), allowed",
        "+ models/musicgen-small: cc-by-nc-4.0 (non-commercial), denied",
        f"+ acme/x: {NOT_LOCKED} (unknown), unknown",
    ]
    assert result.exit_code == 1            # the non-commercial one fails; the MIT one alone would not
    new.write_text("version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n  - path: models/whisper-small\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["diff", str(old), str(new)]).exit_code == 0
