"""review39's four findings on the policy (ACC40), end to end through the CLI on licscan's verbatim license texts:

1. a ``clarify`` entry cannot relabel a file licscan identifies itself as another license (an exact copy, or a
   text holding another license whole): the file keeps its license, and the run says why;
2. a waiver covers only pinned evidence: a checkpoint's lock record, or the waiver's revision for a Hub repo;
3. an ``allow.licenses`` entry does not state the project's facts a license's limits ask for (MAU, revenue);
4. a ``rules_dir`` rule whose text holds a licscan license text whole (plus an addendum) is refused.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from licscan.evaluate import Evaluator
from licscan.model import Classification, Evidence, LockRecord, ManifestEntry, Project, Waiver
from licscan.policy_records import Policy
from licscan.rules import load_knowledge_base
from licscan.sources.common import card_metadata
from tests.own_licenses import check_json, make_project, one_line_error, run

TEXTS = Path(__file__).resolve().parents[1] / "license_texts"


def folder(root: Path, name: str, front_matter: str, license_text: str | None = None) -> Path:
    """A checkpoint folder: a card with ``front_matter`` and, if given, one of licscan's texts copied as LICENSE."""
    where = root / "models" / name
    where.mkdir(parents=True)
    (where / "README.md").write_text(f"---\n{front_matter}\n---\n\n# {name}\n", encoding="utf-8")
    if license_text:
        shutil.copyfile(TEXTS / license_text, where / "LICENSE")
    return where


def manifest(root: Path, names: list[str], facts: str = "") -> Path:
    (root / ".git").mkdir(exist_ok=True)
    path = root / "models.lock"
    path.write_text("version: 1\nproject:\n  name: r39\n  use: commercial\n" + facts + "models:\n"
                    + "".join(f"  - path: models/{n}\n" for n in names), encoding="utf-8")
    return path


# --- 1. clarify ------------------------------------------------------------------------------------------------------

CLARIFY = ("  - path: models/{name}\n    file: LICENSE\n    sha256: {sha}\n    license: {license}\n"
           "    reason: LEGAL-9 we read it as Apache\n    approved_by: x@y\n")


def test_a_clarify_entry_does_not_relabel_a_verbatim_copy_of_another_license(tmp_path):
    a = folder(tmp_path, "a", "license: other", "cc-by-nc-4.0.txt")
    folder(tmp_path, "b", "license: apache-2.0", "cc-by-nc-4.0.txt")
    manifest(tmp_path, ["a", "b"])
    sha = hashlib.sha256((a / "LICENSE").read_bytes()).hexdigest()
    policy = tmp_path / "licscan.yaml"
    policy.write_text("version: 1\nclarify:\n" + CLARIFY.format(name="a", sha=sha, license="apache-2.0")
                      + CLARIFY.format(name="b", sha=sha, license="apache-2.0"), encoding="utf-8")
    status, report = check_json(tmp_path)
    a_result, b_result = report["checkpoints"]
    assert status == 1
    for result, line in ((a_result, 3), (b_result, 9)):
        assert result["verdict"] == "denied" and result["failed"] and result["license"]["id"] == "cc-by-nc-4.0"
        assert "apache-2.0 (license text" not in result["license"]["basis"]       # no text match that did not happen
        assert result["evidence"][0]["matched_license"] == "cc-by-nc-4.0"
        assert any(w.startswith(f"{policy}:{line}: clarify entry not applied: LICENSE of {result['id']} is an exact copy "
                                "of cc-by-nc-4.0 (score 1.000)") for w in report["warnings"]), report["warnings"]
        assert any("clarify entry not applied" in n for n in result["notes"])
    # the card's apache-2.0 against the CC BY-NC text stays a conflict
    assert "card declares apache-2.0 but the license text is cc-by-nc-4.0" in b_result["conflicts"]


def test_a_clarify_entry_naming_the_license_the_text_is_stays_applied(tmp_path):
    # twin: the clarify entry agrees with the text; nothing is refused
    a = folder(tmp_path, "a", "license: other", "cc-by-nc-4.0.txt")
    manifest(tmp_path, ["a"])
    sha = hashlib.sha256((a / "LICENSE").read_bytes()).hexdigest()
    (tmp_path / "licscan.yaml").write_text("version: 1\nclarify:\n" + CLARIFY.format(name="a", sha=sha, license="cc-by-nc-4.0"),
                                           encoding="utf-8")
    status, report = check_json(tmp_path)
    (result,) = report["checkpoints"]
    assert status == 1 and result["verdict"] == "denied" and result["license"]["id"] == "cc-by-nc-4.0"
    assert report["warnings"] == []
    assert any("LICENSE is read as cc-by-nc-4.0 by the policy's clarify entry" in n for n in result["notes"])


def test_a_clarified_vendor_text_is_said_to_be_read_so_not_to_match(licscan_without_deepseek, tmp_path):
    # the legitimate use (tests/test_clarify.py): a text licscan reads only as a modified copy of another license
    # (the DeepSeek agreement, derived from OpenRAIL) is settled by the clarify entry, and the report says what licscan
    # itself read; the basis no longer claims a text match "score 1.000" that never happened
    from tests.test_clarify import REVIEWED, clarify_policy

    project = make_project(tmp_path / "proj")
    rules = project / "legal" / "licenses"
    rules.mkdir(parents=True)
    (rules / "acme-reviewed-deepseek.yaml").write_text(REVIEWED, encoding="utf-8")
    sha = hashlib.sha256((project / "models" / "m" / "LICENSE").read_bytes()).hexdigest()
    (project / "licscan.yaml").write_text(clarify_policy(sha), encoding="utf-8")
    status, report = check_json(project)
    (result,) = report["checkpoints"]
    assert status == 0 and result["license"]["id"] == "acme-reviewed-deepseek" and report["warnings"] == []
    basis = result["license"]["basis"]
    assert basis.startswith(f"LICENSE is read as acme-reviewed-deepseek by the policy's clarify entry ({project / 'licscan.yaml'}:4)")
    assert "matches acme-reviewed-deepseek" not in basis
    assert any("(licscan alone reads it as a modified copy of openrail++" in n and "LEGAL-312" in n for n in result["notes"])


# --- 2. waivers bind to pinned evidence --------------------------------------------------------------------------------

WAIVER = "version: 1\nwaivers:\n  - id: models/other-none\n    reason: LEGAL-3 unknown waived\n    approved_by: c@x\n    expires: 2099-01-01\n"


def test_a_waiver_on_an_unlocked_folder_is_not_applied_and_a_locked_one_stops_when_the_folder_changes(tmp_path):
    where = folder(tmp_path, "other-none", "license: other")
    lock = manifest(tmp_path, ["other-none"])
    (tmp_path / "licscan.yaml").write_text(WAIVER, encoding="utf-8")
    status, report = check_json(tmp_path)
    (result,) = report["checkpoints"]
    assert status == 1 and result["verdict"] == "unknown" and result["failed"] and result["waiver"]["applied"] is False
    assert any("waiver by c@x not applied: models/other-none is not locked" in r for r in result["reasons"])

    # twin: locked, the waiver covers the evidence the lock recorded
    assert run("lock", str(lock)).exit_code == 0
    status, report = check_json(tmp_path)
    assert status == 0 and report["checkpoints"][0]["waiver"]["applied"] is True

    # review39's repro: the folder now holds the LLaMA-1 license: drift, denied, and the waiver does not carry over
    shutil.copyfile(TEXTS / "llama1-weights.txt", where / "LICENSE")
    status, report = check_json(tmp_path)
    (result,) = report["checkpoints"]
    assert status == 1 and result["failed"] and result["waiver"]["applied"] is False


def test_a_hub_waiver_applies_at_its_revision_or_on_a_lock_record_only():
    kb = load_knowledge_base()
    classification = Classification("cc-by-nc-4.0", "non-commercial", 1.0, "LICENSE matches cc-by-nc-4.0",
                                    detected=("cc-by-nc-4.0",), candidates=("cc-by-nc-4.0",))

    def judged(waiver: Waiver, lock: LockRecord | None = None, revision: str = "main"):
        evidence = Evidence(entry=ManifestEntry("acme/nc", "hub", 3, revision, lock), source="hub",
                            revision="a" * 40, card=card_metadata({"license": "cc-by-nc-4.0"}))
        return Evaluator(kb, Project("p", "commercial"), Policy(waivers=(waiver,)), check_drift=False).evaluate(evidence, classification)

    unpinned = Waiver("acme/nc", "demo", "lee", "2099-01-01")
    result = judged(unpinned)   # the manifest names a branch: its next commit could hold anything
    assert result.verdict == "denied" and result.failed and not result.waiver_applied
    assert any("acme/nc is not locked" in r and "give the waiver the revision it was approved for" in r for r in result.reasons)
    assert not judged(unpinned, LockRecord("cc-by-nc-4.0", ())).failed
    assert not judged(Waiver("acme/nc", "demo", "lee", "2099-01-01", revision="a" * 40)).failed
    # review41: the manifest pins the entry to a commit, whose files never change: the waiver applies
    assert not judged(unpinned, revision="a" * 40).failed
    # review43: a waiver's branch name pins nothing (offline, the evidence's revision is the manifest's "main")
    branch = Waiver("acme/nc", "demo", "lee", "2099-01-01", revision="main")

    def offline(waiver: Waiver):
        evidence = Evidence(entry=ManifestEntry("acme/nc", "hub", 3, "main"), source="cache", revision=None,
                            card=card_metadata({"license": "cc-by-nc-4.0"}))
        return Evaluator(kb, Project("p", "commercial"), Policy(waivers=(waiver,)), check_drift=False).evaluate(evidence, classification)

    assert offline(branch).failed


# --- 3. an allow entry does not state the project's facts ------------------------------------------------------------

ALLOW = "version: 1\nfail_on: [denied, unknown, conditional]\nallow:\n  licenses: [llama3.1, stability-community]\n"


@pytest.mark.parametrize(("facts", "verdicts"), [
    ("", {"llama31": "conditional", "stab": "conditional"}),
    ("  monthly_active_users: 250000\n  annual_revenue_usd: 500000\n", {"llama31": "allowed", "stab": "allowed"}),
    ("  monthly_active_users: 800000000\n  annual_revenue_usd: 50000000\n", {"llama31": "denied", "stab": "denied"}),
])
def test_an_allow_entry_leaves_unconfirmed_limits_conditional(tmp_path, facts, verdicts):
    folder(tmp_path, "llama31", "license: llama3.1", "llama3.1.txt")
    folder(tmp_path, "stab", "license: other\nlicense_name: stabilityai-ai-community", "stability-community.txt")
    manifest(tmp_path, ["llama31", "stab"], facts)
    (tmp_path / "licscan.yaml").write_text(ALLOW, encoding="utf-8")
    status, report = check_json(tmp_path)
    got = {c["id"].split("/")[-1]: c for c in report["checkpoints"]}
    assert {k: c["verdict"] for k, c in got.items()} == verdicts
    assert status == (0 if set(verdicts.values()) == {"allowed"} else 1)
    if not facts:
        assert any("700,000,000" in f for f in got["llama31"]["facts_to_confirm"])
        assert any("1,000,000" in f for f in got["stab"]["facts_to_confirm"])
        for result in got.values():
            assert result["failed"]
            assert any(r.startswith("policy allows") and "not the project's facts its limits ask for" in r for r in result["reasons"])


# --- 4. a project rule may not absorb a licscan text ---------------------------------------------------------------

PROJECT_RULE = """id: acme-model-license
name: ACME Model License 1.0
spdx: LicenseRef-acme-model-license
category: permissive
aliases: [ACME Model License]
texts: [acme-model-license.txt]
use:
  commercial: allowed
  internal: allowed
  research: allowed
  non-commercial: allowed
obligations: []
"""


def test_a_project_rule_whose_text_holds_a_licscan_text_whole_is_refused(tmp_path):
    legal = tmp_path / "legal"
    legal.mkdir()
    (legal / "acme-model-license.yaml").write_text(PROJECT_RULE, encoding="utf-8")
    (legal / "acme-model-license.txt").write_bytes((TEXTS / "cc-by-nc-4.0.txt").read_bytes()
                                                   + b"\nAcme addendum: internal deployment by Acme is permitted.\n")
    folder(tmp_path, "c", "license: other\nlicense_name: ACME Model License", None)
    shutil.copyfile(legal / "acme-model-license.txt", tmp_path / "models" / "c" / "LICENSE")
    lock = manifest(tmp_path, ["c"])
    (tmp_path / "licscan.yaml").write_text("version: 1\nrules_dir: legal\n", encoding="utf-8")
    error = one_line_error(run("check", str(lock), "--format", "json"), legal / "acme-model-license.yaml", 6)
    assert "its text contains licscan's cc-by-nc-4.0 text whole (cc-by-nc-4.0.txt)" in error

    # twin: the addendum alone is the project's own text, and the rule is accepted
    (legal / "acme-model-license.txt").write_text("Acme addendum: internal deployment by Acme is permitted.\n", encoding="utf-8")
    result = run("check", str(lock), "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
