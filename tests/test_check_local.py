"""licscan check end to end on local checkpoint folders with real license texts (no network)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from licscan.cli import main
from licscan.errors import InputError
from licscan.policy import load_policy

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TEXTS = ROOT / "license_texts"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "p")
    return tmp_path / "p"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def add_folder(project: Path, name: str, card: str, files: dict[str, str]) -> None:
    folder = project / "models" / name
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(card, encoding="utf-8")
    for filename, source in files.items():
        shutil.copyfile(TEXTS / source, folder / filename)
    lock = project / "models.lock"
    lock.write_text(lock.read_text() + f"  - path: models/{name}\n", encoding="utf-8")


def test_example_fails_naming_the_non_commercial_checkpoint():
    result = run("check", str(EXAMPLES / "models.lock"))
    assert result.exit_code == 1
    assert "models/musicgen-small" in result.output and "DENIED" in result.output
    assert "cc-by-nc-4.0 does not grant commercial use" in result.output


def test_example_without_the_nc_entry_passes_with_only_conditional(project):
    lock = project / "models.lock"
    lock.write_text("".join(line for line in lock.read_text().splitlines(True) if "musicgen" not in line))
    result = run("check", str(lock), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {c["verdict"] for c in data["checkpoints"]} <= {"allowed", "conditional"}
    assert data["passed"] is True


def test_json_schema_fields_in_manifest_order(project):
    result = run("check", str(project / "models.lock"), "--format", "json", "--output", str(project / "out.json"))
    assert result.exit_code == 1
    data = json.loads((project / "out.json").read_text())
    ids = [c["id"] for c in data["checkpoints"]]
    assert ids == ["models/whisper-small", "models/llama-3.1-8b-instruct", "models/musicgen-small"]
    llama = data["checkpoints"][1]
    assert llama["license"]["id"] == "llama3.1" and llama["license"]["category"] == "llama-community"
    assert llama["license"]["confidence"] == 1.0
    assert llama["verdict"] == "conditional" and llama["reasons"]
    assert {"built-with-llama", "notice-file"} <= {o["id"] for o in llama["obligations"]}
    assert "llama3.1-aup" in llama["license"]["use_policies"]
    evidence = {e["file"]: e for e in llama["evidence"]}
    assert evidence["LICENSE"]["matched_license"] == "llama3.1" and evidence["LICENSE"]["score"] == 1.0
    import hashlib

    assert evidence["LICENSE"]["sha256"] == hashlib.sha256((TEXTS / "llama3.1.txt").read_bytes()).hexdigest()
    assert data["summary"] == {"allowed": 1, "conditional": 1, "denied": 1, "unknown": 0, "total": 3, "failed": 1}


def test_research_use_allows_the_non_commercial_checkpoint(project):
    lock = project / "models.lock"
    lock.write_text(lock.read_text().replace("use: commercial", "use: research"))
    data = json.loads(run("check", str(lock), "--format", "json").output)
    assert data["checkpoints"][2]["verdict"] in ("allowed", "conditional")


def test_card_and_text_disagree_most_restrictive_wins(project):
    add_folder(project, "sneaky", "---\nlicense: apache-2.0\n---\n# Sneaky\n", {"LICENSE": "flux1-dev-noncommercial.txt"})
    data = json.loads(run("check", str(project / "models.lock"), "--format", "json").output)
    sneaky = data["checkpoints"][-1]
    assert sneaky["license"]["id"] == "flux1-dev-noncommercial"
    assert sneaky["verdict"] == "denied"
    assert any("card declares apache-2.0 but the license text is flux1-dev-noncommercial" in c for c in sneaky["conflicts"])


def test_version_precision_llama_3_2_vs_3_1(project):
    add_folder(project, "llama32", "---\nlicense: llama3.2\n---\n", {"LICENSE.txt": "llama3.2.txt"})
    data = json.loads(run("check", str(project / "models.lock"), "--format", "json").output)
    llama32 = data["checkpoints"][-1]
    assert llama32["license"]["id"] == "llama3.2" and llama32["evidence"][0]["status"] == "exact"


def test_modified_text_is_unknown_with_the_difference(project):
    folder = project / "models" / "tweaked"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: mit\n---\n")
    mit = (TEXTS / "mit.txt").read_text()
    (folder / "LICENSE").write_text(mit.replace("without restriction", "without restriction for non-military purposes"))
    lock = project / "models.lock"
    lock.write_text(lock.read_text() + "  - path: models/tweaked\n")
    data = json.loads(run("check", str(lock), "--format", "json").output)
    tweaked = data["checkpoints"][-1]
    assert tweaked["license"]["modified_from"] == "mit" and tweaked["verdict"] == "unknown"
    assert any("military" in d for d in tweaked["evidence"][0]["differences"])


def test_no_license_anywhere_is_unknown_and_fails(project):
    add_folder(project, "bare", "# A model without a license\n", {})
    result = run("check", str(project / "models.lock"), "--format", "json")
    assert result.exit_code == 1
    bare = json.loads(result.output)["checkpoints"][-1]
    assert bare["verdict"] == "unknown" and bare["failed"]


def test_policy_waiver_deny_list_and_stale_entries(project):
    (project / "licscan.yaml").write_text(
        "version: 1\n"
        "deny:\n  licenses: [llama3.1]\n"
        "waivers:\n"
        "  - id: models/musicgen-small\n    reason: internal demo only, approved by legal\n"
        "    approved_by: jane@acme.example\n    expires: 2999-01-01\n"
        "  - id: acme/not-in-manifest\n    reason: old\n    approved_by: bob\n    expires: 2999-01-01\n"
    )
    assert run("lock", str(project / "models.lock")).exit_code == 0   # a waiver covers the evidence a lock pins (review39)
    result = run("check", str(project / "models.lock"), "--format", "json")
    data = json.loads(result.output)
    by_id = {c["id"]: c for c in data["checkpoints"]}
    assert by_id["models/musicgen-small"]["verdict"] == "denied" and by_id["models/musicgen-small"]["failed"] is False
    assert by_id["models/musicgen-small"]["waiver"]["applied"] is True
    assert by_id["models/llama-3.1-8b-instruct"]["verdict"] == "denied"       # deny list
    assert any("stale waiver: acme/not-in-manifest" in w for w in data["warnings"])
    assert result.exit_code == 1


def test_expired_waiver_stops_applying(project):
    (project / "licscan.yaml").write_text(
        "waivers:\n  - id: models/musicgen-small\n    reason: demo\n    approved_by: jane\n    expires: 2020-01-01\n"
    )
    result = run("check", str(project / "models.lock"), "--format", "json")
    musicgen = json.loads(result.output)["checkpoints"][2]
    assert musicgen["failed"] and any("expired on 2020-01-01" in r for r in musicgen["reasons"])
    assert result.exit_code == 1


@pytest.mark.parametrize(
    "text,message",
    [
        ("fail_on: [denied]\n", "must include 'denied' and 'unknown'"),
        ("allow:\n  categories: [free]\n", "unknown category 'free'"),
        ("waivers:\n  - id: a/b\n    reason: r\n    approved_by: x\n    expires: next year\n", "ISO date"),
        ("waivers:\n  - id: a/b\n    reason: r\n    expires: 2030-01-01\n", "missing the required key 'approved_by'"),
        ("bogus: 1\n", "unknown key 'bogus'"),
    ],
)
def test_policy_is_validated_strictly(tmp_path, text, message):
    path = tmp_path / "licscan.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_policy(path, tmp_path)
    assert message in caught.value.message and caught.value.line is not None


def test_path_outside_the_project_is_an_input_error(project):
    lock = project / "models.lock"
    lock.write_text(lock.read_text() + "  - path: ../../etc\n")
    result = run("check", str(lock))
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("model folder '../../etc' is outside the project folder " + str(project.resolve()))
    assert f"{lock}:12:" in result.stderr


def test_lock_then_drift_on_local_folder(project):
    lock = project / "models.lock"
    assert run("lock", str(lock)).exit_code == 0
    assert "lock:" in lock.read_text() and "# MIT" in lock.read_text()
    assert run("check", str(lock), "--format", "json").exit_code == 1          # musicgen still denied
    license_file = project / "models" / "whisper-small" / "LICENSE"
    license_file.write_text(license_file.read_text().replace("MIT License", "MIT License (modified)"))
    data = json.loads(run("check", str(lock), "--format", "json").output)
    whisper = data["checkpoints"][0]
    assert whisper["drift"] and whisper["drift"][0].startswith("LICENSE changed")
    assert whisper["verdict"] == "unknown"


def test_classify_command_on_real_texts(tmp_path):
    result = run("classify", str(TEXTS / "llama3.3.txt"), str(TEXTS / "cc-by-nc-4.0.txt"))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "llama3.3 [llama-community] score 1.000" in lines[0]
    assert "cc-by-nc-4.0 [non-commercial]" in lines[1]
    custom = tmp_path / "LICENSE"
    custom.write_text("Anyone may use this model for anything, provided they send the authors a postcard every year.\n")
    assert run("classify", str(custom)).output.strip().endswith("unknown")


def test_rules_command_lists_every_rule():
    result = run("rules")
    assert result.exit_code == 0
    assert "llama3.1 " in result.output and "cc-by-nc-4.0" in result.output


@pytest.mark.parametrize(
    "body,expected",
    [
        ("# Tiny\n\nThis model is released under the Apache License 2.0. Enjoy.\n", "apache-2.0"),
        ("# Tiny\n\n## License\n\nLicense: MIT\n", "mit"),
        ("# Tiny\n\nWeights are licensed under CC-BY-NC-4.0 for research.\n", "cc-by-nc-4.0"),
    ],
)
def test_license_only_in_prose_is_found_but_never_allowed(project, body, expected):
    add_folder(project, "prose", body, {})
    data = json.loads(run("check", str(project / "models.lock"), "--format", "json").output)
    prose = data["checkpoints"][-1]
    assert prose["license"]["id"] == expected and prose["license"]["confidence"] == 0.6
    assert prose["verdict"] in ("conditional", "denied")
    assert any("only in the card's prose" in n for n in prose["notes"])   # a note, not a conflict
    assert not any("only in the card's prose" in c for c in prose["conflicts"])


def test_allow_list_settles_conditional_but_never_denied(project):
    (project / "licscan.yaml").write_text("allow:\n  licenses: [llama3.1, cc-by-nc-4.0]\n")
    data = json.loads(run("check", str(project / "models.lock"), "--format", "json").output)
    verdicts = {c["id"]: c["verdict"] for c in data["checkpoints"]}
    assert verdicts["models/llama-3.1-8b-instruct"] == "allowed"
    assert verdicts["models/musicgen-small"] == "denied"


def test_allow_entry_that_matches_nothing_is_reported_stale(project):
    (project / "licscan.yaml").write_text("allow:\n  licenses: [gemma, mit]\n  categories: [openrail]\n")
    warnings = json.loads(run("check", str(project / "models.lock"), "--format", "json").output)["warnings"]
    stale = [w for w in warnings if "stale allow entry" in w]
    assert len(stale) == 2
    assert any("license gemma matched no checkpoint" in w for w in stale)
    assert any("category openrail matched no checkpoint" in w for w in stale)


def test_modified_use_policy_is_not_silently_accepted(project):
    policy = project / "models" / "llama-3.1-8b-instruct" / "USE_POLICY.md"
    text = policy.read_text()
    assert "Fail to appropriately disclose" in text
    policy.write_text(text.replace("Fail to appropriately disclose", "Appropriately disclose"))
    data = json.loads(run("check", str(project / "models.lock"), "--format", "json").output)
    llama = data["checkpoints"][1]
    assert llama["license"]["modified_from"] == "llama3.1-aup"
    assert llama["verdict"] == "unknown" and llama["failed"]
