"""Evaluation rules that need no fetching: inheritance with policy lists, regions, thresholds."""

from __future__ import annotations

from licscan.evaluate import Evaluator
from licscan.model import Ancestor, Classification, Evidence, ManifestEntry, Project
from licscan.policy import Policy
from licscan.rules import load_knowledge_base
from licscan.sources.common import card_metadata

KB = load_knowledge_base()
ENTRY = ManifestEntry(ref="acme/ft", kind="hub", line=3)


def classified(license_id: str) -> Classification:
    rule = KB.get(license_id)
    return Classification(license_id=license_id, category=rule.category, confidence=1.0, basis="test",
                          candidates=(license_id,), use_policies=rule.use_policies)


def evidence(**card) -> Evidence:
    return Evidence(entry=ENTRY, source="hub", revision="a" * 40, card=card_metadata(card))


LLAMA_BASE = Ancestor("meta-llama/Llama-3.1-8B", "finetune", 1, "llama3.1", "llama-community", "b" * 40, "acme/ft")


def test_deny_list_reaches_inherited_licenses():
    evaluator = Evaluator(KB, Project("p", "commercial", monthly_active_users=10), Policy(deny_licenses=("llama3.1",)))
    result = evaluator.evaluate(evidence(license="apache-2.0"), classified("apache-2.0"), (LLAMA_BASE,))
    assert result.verdict == "denied" and result.failed
    assert "policy denies llama3.1" in result.reasons


def test_allow_list_must_cover_every_inherited_license():
    evaluator = Evaluator(KB, Project("p", "commercial", monthly_active_users=10), Policy(allow_licenses=("apache-2.0",)))
    result = evaluator.evaluate(evidence(license="apache-2.0"), classified("apache-2.0"), (LLAMA_BASE,))
    assert result.verdict == "conditional"
    assert any(r.startswith("conflict: declares apache-2.0 (permissive) but inherits llama3.1") for r in result.reasons)


def test_eu_region_and_llama_3_2_use_policy():
    evaluator = Evaluator(KB, Project("p", "commercial", monthly_active_users=10, region="EU"))
    result = evaluator.evaluate(evidence(license="llama3.2"), classified("llama3.2"))
    assert result.verdict == "conditional"
    assert any("EU" in fact for fact in result.facts_to_confirm)
    gated_eu = evaluator.evaluate(evidence(license="llama3.2", extra_gated_eu_disallowed=True), classified("llama3.2"))
    assert gated_eu.verdict == "denied"


def test_revenue_threshold_for_stability_community():
    under = Evaluator(KB, Project("p", "commercial", annual_revenue_usd=999_999)).evaluate(evidence(), classified("stability-community"))
    over = Evaluator(KB, Project("p", "commercial", annual_revenue_usd=1_000_001)).evaluate(evidence(), classified("stability-community"))
    unknown = Evaluator(KB, Project("p", "commercial")).evaluate(evidence(), classified("stability-community"))
    assert under.verdict == "conditional" and not under.facts_to_confirm
    assert over.verdict == "denied"
    assert unknown.verdict == "conditional" and any("annual_revenue_usd" in f for f in unknown.facts_to_confirm)


def test_tongyi_qianwen_user_threshold():
    over = Evaluator(KB, Project("p", "commercial", monthly_active_users=150_000_000)).evaluate(evidence(), classified("tongyi-qianwen"))
    assert over.verdict == "denied" and any("100,000,000" in r for r in over.reasons)


# --- one test per verdict rule (licscan/verdict_rules.py) ------------------------------------------------

from dataclasses import replace  # noqa: E402

from licscan import license_link_rules as link_rules  # noqa: E402
from licscan import verdict_rules as rules  # noqa: E402
from licscan.model import EvidenceFile, FileFinding, LockRecord, TextMatch, Waiver  # noqa: E402
from licscan.policy import TrustedMetadata  # noqa: E402

GATED = replace(evidence(license="mit"), gated=True, complete=False,
                problems=("LICENSE: gated, not readable without access (HF_TOKEN)",))


def test_rule_worst_verdict_decides():
    assert rules.worst(["allowed", "conditional"]) == "conditional"
    assert rules.worst(["conditional", "unknown"]) == "unknown"
    assert rules.worst(["unknown", "denied", "allowed"]) == "denied"
    assert rules.worst([]) == "unknown"


def test_rule_missing_evidence_names_each_piece():
    assert rules.missing_evidence(evidence(license="mit")) == ()
    assert rules.missing_evidence(GATED) == ("LICENSE: gated, not readable without access (HF_TOKEN)",)
    unreadable_card = Evidence(entry=ENTRY, source="hub", revision=None, card=card_metadata({"license": {"a": 1}}))
    assert rules.missing_evidence(unreadable_card) == ("card field 'license' has an unexpected type (dict)",)
    tags_only = Evidence(entry=ENTRY, source="hub", revision=None, card=card_metadata({"tags": 5}))
    assert rules.missing_evidence(tags_only) == ()     # a field that says nothing about the license


def test_rule_incomplete_evidence_is_unknown_never_conditional():
    for verdict, expected in (("allowed", "unknown"), ("conditional", "unknown"), ("unknown", "unknown"), ("denied", "denied")):
        got, reason = rules.incomplete_evidence_rule(verdict, GATED, None, None)
        assert got == expected and "LICENSE: gated, not readable without access" in reason
    assert rules.incomplete_evidence_rule("allowed", evidence(license="mit"), None, None) == ("allowed", None)


def test_rule_incomplete_evidence_trusted_metadata_is_reported():
    trust = TrustedMetadata("acme/ft", "read on the Hub by legal", 4)
    verdict, reason = rules.incomplete_evidence_rule("allowed", GATED, trust, "licscan.yaml")
    assert verdict == "allowed"
    assert "trust_metadata names acme/ft (licscan.yaml:4): read on the Hub by legal" in reason
    failed = replace(GATED, fetch_failed=True)
    assert rules.incomplete_evidence_rule("allowed", failed, trust, "licscan.yaml")[0] == "unknown"


def test_rule_fetch_failed_and_drift_are_unknown():
    assert rules.fetch_failed_rule(replace(evidence(), fetch_failed=True)) == "unknown"
    assert rules.fetch_failed_rule(evidence()) is None
    verdict, reason = rules.drift_rule(("LICENSE changed (sha256 aaaa → bbbb)",))
    assert verdict == "unknown" and "LICENSE changed" in reason and "licscan lock" in reason
    assert rules.drift_rule(()) == (None, None)


def test_rule_modified_text_is_unknown_and_quotes_the_change():
    match = TextMatch("mit", "modified", 0.93, differences=("added: 'no commercial use'",))
    modified = replace(classified("mit"), modified_from="mit", findings=(FileFinding("LICENSE", "0" * 64, "license", match),))
    verdict, reason = rules.modified_text_rule(modified)
    assert verdict == "unknown" and reason.startswith("modified mit: LICENSE differs") and "no commercial use" in reason
    assert rules.modified_text_rule(classified("mit")) == (None, None)


def test_rule_unknown_license_and_unconfirmed_license():
    assert rules.unknown_license_rule("no-such-license", KB) == "unknown"
    assert rules.unknown_license_rule("mit", KB) is None
    assert rules.unconfirmed_license_rule("allowed", 0.85, "mit", "card metadata")[0] == "conditional"
    assert rules.unconfirmed_license_rule("allowed", 0.9, "mit", "card metadata") == ("allowed", None)


def test_rule_deny_list_reaches_categories():
    verdict, reason = rules.deny_list_rule([KB.get("mit"), KB.get("cc-by-nc-4.0")], Policy(deny_categories=("non-commercial",)))
    assert verdict == "denied" and reason == "policy denies category non-commercial (cc-by-nc-4.0)"
    assert rules.deny_list_rule([KB.get("mit")], Policy(deny_categories=("non-commercial",))) == (None, None)


def test_rule_allow_list_never_vouches_for_unread_or_unconfirmed_licenses():
    llama = [KB.get("llama3.1")]
    policy = Policy(allow_licenses=("llama3.1",))
    assert rules.allow_list_rule("conditional", llama, policy, 1.0, True)[0] == "allowed"
    assert rules.allow_list_rule("conditional", llama, policy, 1.0, False)[0] == "conditional"
    assert rules.allow_list_rule("conditional", llama, policy, 0.85, True)[0] == "conditional"
    assert rules.allow_list_rule("conditional", [*llama, None], policy, 1.0, True)[0] == "conditional"
    assert rules.allow_list_rule("unknown", llama, policy, 1.0, True)[0] == "unknown"


def test_allow_list_does_not_clear_a_more_restrictive_license_in_the_card():
    """The card's prose says CC BY-NC for the weights: classify lowers the confidence and names it."""
    stated = replace(classified("llama3.1"), confidence=0.85, conflicts=(
        "the card's text says “The weights are released under CC BY-NC 4.0” (cc-by-nc-4.0), more restrictive than llama3.1; "
        "confirm which applies to the weights",))
    evaluator = Evaluator(KB, Project("p", "commercial", monthly_active_users=10), Policy(allow_licenses=("llama3.1",)))
    result = evaluator.evaluate(evidence(license="llama3.1"), stated)
    assert result.verdict == "conditional"
    assert any("not confirmed" in r and "not applied" in r for r in result.reasons)


def test_allow_list_does_not_clear_a_gated_unread_repo():
    evaluator = Evaluator(KB, Project("p", "commercial", monthly_active_users=10), Policy(allow_licenses=("llama3.1",)))
    gated = replace(GATED, card=card_metadata({"license": "llama3.1"}))
    result = evaluator.evaluate(gated, replace(classified("llama3.1"), confidence=0.9))
    assert result.verdict == "unknown" and result.failed
    assert any("not on incomplete evidence" in r for r in result.reasons)


def test_rule_waiver_is_the_explicit_expiring_override():
    live = Policy(waivers=(Waiver("acme/ft", "legal ok", "lee", "2030-01-01"),))
    # the evidence is pinned by a lock record (drift then tells a change)
    locked = replace(GATED, entry=replace(GATED.entry, lock=LockRecord("mit", ())))
    waiver, applied, reason = rules.waiver_rule(live, locked, True, "2026-01-01")
    assert applied and reason == "waived by lee until 2030-01-01: legal ok"
    waiver, applied, reason = rules.waiver_rule(live, locked, True, "2031-01-01")
    assert not applied and "expired on 2030-01-01" in reason
    pinned = Policy(waivers=(Waiver("acme/ft", "ok", "lee", "2030-01-01", revision="b" * 40),))
    assert rules.waiver_rule(pinned, GATED, True, "2026-01-01")[1] is False
    # ... or by the waiver's own revision, for a Hub repo
    at_revision = Policy(waivers=(Waiver("acme/ft", "ok", "lee", "2030-01-01", revision="a" * 40),))
    assert rules.waiver_rule(at_revision, GATED, True, "2026-01-01")[1] is True
    # license drift since the lock: the waiver was approved for other evidence
    waiver, applied, reason = rules.waiver_rule(live, locked, True, "2026-01-01", ("LICENSE changed (sha256 aaa → bbb)",))
    assert waiver is not None and not applied and "changed since the lock (LICENSE changed" in reason
    # nothing pins what was approved (review39): not applied, and it says why
    waiver, applied, reason = rules.waiver_rule(live, GATED, True, "2026-01-01")
    assert waiver is not None and not applied and "acme/ft is not locked" in reason and "give the waiver the revision" in reason


def test_rule_unread_license_link_to_another_repos_file_is_unknown():
    link = "https://huggingface.co/Qwen/Qwen2.5-7B-Instruct/blob/main/LICENSE"
    linked = evidence(license="apache-2.0", license_link=link)
    verdict, reason = link_rules.unread_license_link_rule("allowed", linked, (), KB)
    assert verdict == "unknown" and reason is not None and "Qwen/Qwen2.5-7B-Instruct, which licscan did not read" in reason
    assert link_rules.unread_license_link_rule("denied", linked, (), KB)[0] == "denied"      # already failing: stays, with the reason
    base = Ancestor("Qwen/Qwen2.5-7B-Instruct", "quantized", 1, "apache-2.0", "permissive")
    assert link_rules.unread_license_link_rule("allowed", linked, (base,), KB) == ("allowed", None)   # read for the lineage
    own = replace(linked, entry=ManifestEntry(ref="Qwen/Qwen2.5-7B-Instruct", kind="hub", line=1))
    assert link_rules.unread_license_link_rule("allowed", own, (), KB) == ("allowed", None)            # its own file
    vendor = evidence(license="apache-2.0", license_link="https://huggingface.co/black-forest-labs/FLUX.1-dev/blob/main/LICENSE.md")
    assert link_rules.unread_license_link_rule("allowed", vendor, (), KB) == ("allowed", None)         # a URL a rule lists


def test_rule_judge_license_grant_thresholds_regions():
    reasons, facts = [], []
    assert rules.judge_license(KB.get("cc-by-nc-4.0"), Project("p", "commercial"), evidence(), reasons, facts) == "denied"
    assert reasons == ["cc-by-nc-4.0 does not grant commercial use"]
    assert rules.judge_license(KB.get("mit"), Project("p", "commercial"), evidence(), [], []) == "allowed"


def test_rule_looser_than_inherited():
    assert rules.looser_than_inherited(KB.get("apache-2.0"), KB.get("llama3.1"), "commercial")
    assert not rules.looser_than_inherited(KB.get("llama3.1"), KB.get("apache-2.0"), "commercial")


def test_rule_headline_is_the_most_restrictive_license():
    assert rules.headline_license(["apache-2.0", "llama3.1"], KB, "commercial") == "llama3.1"
    assert rules.headline_license(["llama3.1", "cc-by-nc-4.0", "apache-2.0"], KB, "commercial") == "cc-by-nc-4.0"
    # a license that applies but could not be determined outranks every known one
    assert rules.headline_license(["apache-2.0", "unknown"], KB, "commercial") == "unknown"
    assert rules.headline_license(["llama3.1", "acme-own-license"], KB, "commercial") == "unknown"
    assert rules.headline_license(["unknown"], KB, "commercial") == "unknown"
    assert rules.headline_license(["llama3.1", "mit"], KB, "commercial", modified="mit") == "mit"


def test_headline_in_the_result_keeps_what_the_card_declared():
    evaluator = Evaluator(KB, Project("p", "commercial", monthly_active_users=10))
    result = evaluator.evaluate(evidence(license="apache-2.0"), replace(classified("apache-2.0"), declared=("apache-2.0",)), (LLAMA_BASE,))
    assert (result.classification.license_id, result.classification.category) == ("llama3.1", "llama-community")
    assert result.classification.declared == ("apache-2.0",) and result.own.license_id == "apache-2.0"
    assert any(c.startswith("declares apache-2.0 (permissive) but inherits llama3.1") for c in result.classification.conflicts)
    assert set(result.classification.candidates) == {"apache-2.0", "llama3.1"}


# --- the deciding reason comes first (issue 18) -----------------------------------------------------

from pathlib import Path  # noqa: E402

from click.testing import CliRunner  # noqa: E402

from licscan.cli import main  # noqa: E402

TEXTS = Path(__file__).resolve().parents[1] / "license_texts"


def _check_folders(tmp_path: Path, folders: dict[str, tuple[str, dict[str, bytes]]], policy: str | None = None) -> dict:
    body = ""
    for name, (card, files) in folders.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "README.md").write_text(card, encoding="utf-8")
        for file_name, data in files.items():
            (folder / file_name).write_bytes(data)
        body += f"  - path: {name}\n"
    (tmp_path / "models.lock").write_text(f"version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n{body}", encoding="utf-8")
    if policy:
        (tmp_path / "licscan.yaml").write_text(policy, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "models.lock"), "--format", "json"])
    import json

    return {c["id"]: c for c in json.loads(result.output)["checkpoints"]}


def test_the_reason_that_decides_is_first_in_every_verdict(tmp_path: Path) -> None:
    mit = (TEXTS / "mit.txt").read_bytes()
    llama = (TEXTS / "llama3.1.txt").read_bytes()
    checkpoints = _check_folders(tmp_path, {
        # a permissive card over a non-commercial text: the text's grant decides
        "nc": ("---\nlicense: mit\n---\n", {"LICENSE": (TEXTS / "cc-by-nc-4.0.txt").read_bytes()}),
        # Llama 3.1 beside a second license file that cannot be read: incomplete evidence decides
        "unread": ("---\nlicense: llama3.1\n---\n", {"LICENSE": llama, "LICENSE-weights": b"\x00\x01PK\x03\x04" * 40}),
        # an MIT text with its grant changed: the modification decides (a change that restricts use in words
        # licscan reads, "for non-commercial purposes only", is a term and denies: tests/test_real_card_gaps.py)
        "modified": ("---\nlicense: mit\n---\n", {"LICENSE": mit.replace(b"without restriction", b"within the European Union only")}),
        # Llama 3.1, read in full, no user count stated: the threshold to confirm decides
        "llama": ("---\nlicense: llama3.1\n---\n", {"LICENSE": llama}),
        "clean": ("---\nlicense: mit\n---\n", {"LICENSE": mit}),
    })
    first = {ref: c["reasons"][0] for ref, c in checkpoints.items()}
    assert checkpoints["nc"]["verdict"] == "denied" and first["nc"] == "cc-by-nc-4.0 does not grant commercial use"
    assert checkpoints["unread"]["verdict"] == "unknown" and first["unread"].startswith("evidence incomplete")
    assert checkpoints["modified"]["verdict"] == "unknown" and first["modified"].startswith("modified mit: LICENSE differs")
    assert checkpoints["llama"]["verdict"] == "conditional" and first["llama"].startswith("confirm monthly active users")
    assert checkpoints["clean"]["verdict"] == "allowed" and first["clean"].startswith("MIT License (permissive): allowed")
    # the deciding reason is never a shorter copy of a line that is also shown
    for checkpoint in checkpoints.values():
        reasons = checkpoint["reasons"]
        assert not any(other.startswith(reason + ";") for reason in reasons for other in reasons), reasons
    # nothing is lost by the reordering: the license line is still there, after the deciding reason
    assert any(r.startswith("Llama 3.1 Community License") for r in checkpoints["unread"]["reasons"][1:])


def test_a_deny_list_entry_is_the_deciding_reason(tmp_path: Path) -> None:
    checkpoints = _check_folders(
        tmp_path, {"ok": ("---\nlicense: mit\n---\n", {"LICENSE": (TEXTS / "mit.txt").read_bytes()})},
        policy="version: 1\ndeny:\n  licenses: [mit]\n")
    assert checkpoints["ok"]["verdict"] == "denied"
    assert checkpoints["ok"]["reasons"][0] == "policy denies mit"


def test_a_card_that_declares_an_unstated_creative_commons_license_is_unknown_not_a_crash(tmp_path: Path) -> None:
    checkpoints = _check_folders(tmp_path, {"cc": ("---\nlicense: cc\n---\n# Model\n", {})})
    assert checkpoints["cc"]["verdict"] == "unknown"
    assert checkpoints["cc"]["license"]["id"] == "cc"


def test_rule_headline_ranks_a_license_that_grants_unknown_between_conditional_and_denied():
    # rules/cc.yaml: "Creative Commons, type and version unstated" answers "unknown" for every use;
    # headline_license used to raise KeyError('unknown') on it (a traceback for `license: cc`).
    assert KB.get("cc").grant_for("commercial") == "unknown"
    assert rules.headline_license(["cc"], KB, "commercial") == "cc"
    assert rules.headline_license(["llama3.1", "cc"], KB, "commercial") == "cc"
    assert rules.headline_license(["cc", "cc-by-nc-4.0"], KB, "commercial") == "cc-by-nc-4.0"



def test_rule_a_modified_copy_of_one_version_of_a_family_names_the_family():
    # a Llama 3.1 text with its threshold changed may be a Llama revision licscan has not seen:
    # the reason names the family and the versions licscan knows, so a reader knows what to look up
    text = (TEXTS / "llama3.1.txt").read_text(encoding="utf-8").replace("700 million", "900 million")
    from licscan.classify import Classifier

    folder_evidence = replace(evidence(license="llama3.1"), files=(EvidenceFile("LICENSE", "0" * 64, len(text), text, "license"),))
    classification = Classifier(KB).classify(folder_evidence)
    assert classification.modified_from == "llama3.1"
    verdict, reason = rules.modified_text_rule(classification, KB)
    assert verdict == "unknown" and reason.startswith("modified llama3.1: LICENSE differs from the reference text")
    assert "it may be an unrecognised version of the llama licenses (licscan knows " in reason and "llama3.2" in reason
    # a license without a family of several versions says nothing of the kind
    mit = (TEXTS / "mit.txt").read_text(encoding="utf-8").replace("without restriction", "for non-commercial purposes only")
    mit_evidence = replace(evidence(license="mit"), files=(EvidenceFile("LICENSE", "0" * 64, len(mit), mit, "license"),))
    _, mit_reason = rules.modified_text_rule(Classifier(KB).classify(mit_evidence), KB)
    assert "unrecognised version" not in mit_reason
