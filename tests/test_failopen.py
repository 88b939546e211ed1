"""Never pass what was not read: every kind of incomplete evidence x every license category x every
kind of policy (none, allow by license, allow by category, deny, waiver) is never ``allowed`` and
never ``conditional``; it is ``unknown`` with the missing piece named (or ``denied``). Only a
``trust_metadata`` entry, with its reason reported, lets such a checkpoint be judged on its metadata.

Three layers, each generated from data and counted: the evaluator on evidence records built for each
situation, local folders read by the real source, and gated repos served by the fake Hub (replayed
from tests/cassettes/test_failopen/; re-record: VCR_RECORD_MODE=all python -m pytest tests -m hub_cassette).
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from licscan.evaluate import Evaluator
from licscan.manifest import parse_manifest
from licscan.model import Classification, Evidence, EvidenceFile, ManifestEntry, Project, Waiver
from licscan.pipeline import Options, Scanner
from licscan.policy import Policy, TrustedMetadata
from licscan.rules import load_knowledge_base
from licscan.sources import collect, reader
from licscan.sources.common import card_metadata
from tests.fakehub.server import load_repos
from tests.input_tally import tally

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "license_texts"
KB = load_knowledge_base()
TODAY = "2026-01-01"
USES = ("commercial", "internal", "research", "non-commercial")

# One license per category with a reference text: the one the fake Hub's acme/gated-CATEGORY repo
# declares (its LICENSE is that text), so the unit matrix and the Hub matrix judge the same licenses.
# Every category that has a license with a text is covered (checked below); `unknown` has none.
_REPOS = load_repos()
BY_CATEGORY = {
    category: KB.get(_REPOS[f"acme/gated-{category}"].commits[_REPOS[f"acme/gated-{category}"].branches["main"]].card_data()["license"])
    for category in sorted({r.category for r in KB.rules if r.kind == "license" and r.texts})
}
CATEGORIES = (*BY_CATEGORY, "unknown")


def test_the_matrix_covers_every_category_with_a_license_of_that_category() -> None:
    assert set(BY_CATEGORY) == {r.category for r in KB.rules if r.kind == "license" and r.texts} - {"unknown"}
    assert all(rule is not None and rule.category == category and rule.texts for category, rule in BY_CATEGORY.items())

# Each kind of incomplete evidence, as a source reports it: (name, Evidence fields, the piece named).
INCOMPLETE = {
    "not fetched": dict(complete=False, problems=("LICENSE: download failed (HTTP 503 after 4 attempts)",)),
    "not read": dict(complete=False, problems=("LICENSE: cannot read (Permission denied)",)),
    "cut off": dict(complete=False, problems=("LICENSE: only the first 400,000 characters of 9,000,000 bytes were classified; the rest is unread",)),
    "skipped": dict(complete=False, problems=("not read: licscan reads at most 64 MiB of license files per checkpoint: LICENSE-weights",)),
    "unreadable format": dict(complete=False, problems=("LICENSE.pdf: binary file, not a license text",)),
    "gated without access": dict(complete=False, gated=True, problems=(
        "LICENSE: gated, not readable without access (HF_TOKEN)",
        "acme/x is gated: accept its license on the Hub and set HF_TOKEN to read the license files")),
    "nothing fetched": dict(complete=False, fetch_failed=True, problems=("acme/x: repository not found",)),
    "card metadata unreadable": dict(card_problems=("model card front matter is not valid YAML (line 3)",)),
}
ENTRY = ManifestEntry(ref="acme/x", kind="hub", line=3, revision="a" * 40)


def policies(license_id: str, category: str) -> dict[str, Policy]:
    return {
        "none": Policy(),
        "allow license": Policy(allow_licenses=(license_id,)),
        "allow category": Policy(allow_categories=(category,) if category != "unknown" else ()),
        "deny": Policy(deny_licenses=(license_id,)),
        # at the revision it was approved for: a waiver covers pinned evidence only (review39)
        "waiver": Policy(waivers=(Waiver("acme/x", "accepted by legal", "legal@acme", "2099-01-01", revision=ENTRY.revision),)),
    }


def situation(kind: str, category: str, basis: str) -> tuple[Evidence, Classification]:
    """The evidence a source reports for ``kind`` and the classification of what was read."""
    fields = dict(INCOMPLETE[kind])
    card_problems = fields.pop("card_problems", ())
    if category == "unknown":
        card = card_metadata({}, card_problems)
        classification = Classification("unknown", "unknown", 0.0, "no license declared", candidates=("unknown",))
        files: tuple[EvidenceFile, ...] = ()
    else:
        rule = BY_CATEGORY[category]
        card = card_metadata({"license": rule.id}, card_problems)
        text_read = basis == "text" and not fields.get("fetch_failed")
        classification = Classification(rule.id, rule.category, 1.0 if text_read else 0.9,
                                        "LICENSE matches" if text_read else "card metadata declares it",
                                        declared=(rule.id,), detected=(rule.id,) if text_read else (),
                                        use_policies=rule.use_policies, candidates=(rule.id,))
        files = (EvidenceFile("LICENSE", "0" * 64, 10, "text", "license", truncated=kind == "cut off"),) if text_read else ()
    evidence = Evidence(entry=ENTRY, source="hub", revision=ENTRY.revision, card=card, files=files, **fields)
    return evidence, classification


def assert_fails_closed(result, missing: tuple[str, ...], policy_name: str) -> None:
    assert result.verdict in ("unknown", "denied"), (result.verdict, result.reasons)
    if result.verdict == "unknown":
        assert any(r.startswith("evidence incomplete") and all(m in r for m in missing) for r in result.reasons), result.reasons
    if policy_name == "waiver" and result.entry.kind == "local":
        # nothing pins a local folder without a lock record: the waiver is not applied, and says so (review39)
        assert not result.waiver_applied and result.failed
        assert any("is not locked, and a waiver covers only the evidence it was approved for" in r for r in result.reasons)
    elif policy_name == "waiver":
        assert result.waiver_applied and not result.failed     # the explicit override, reported
        assert any(r.startswith("waived by legal@acme") for r in result.reasons)
    else:
        assert result.failed


EVALUATOR_MATRIX = list(itertools.product(INCOMPLETE, CATEGORIES, ("metadata", "text"), USES, range(5), (None, 1000)))


def test_evaluator_matrix_never_passes_incomplete_evidence(pytestconfig):
    tried = 0
    for kind, category, basis, use, policy_index, users in EVALUATOR_MATRIX:
        evidence, classification = situation(kind, category, basis)
        license_id = classification.license_id
        name, policy = list(policies(license_id, classification.category).items())[policy_index]
        project = Project("p", use, monthly_active_users=users, annual_revenue_usd=users)
        result = Evaluator(KB, project, policy, today=TODAY).evaluate(evidence, classification)
        missing = evidence.problems or evidence.card.problems
        assert_fails_closed(result, missing, name)
        if name == "deny" and category != "unknown":
            assert result.verdict == "denied"
        tried += 1
    expected = len(INCOMPLETE) * len(CATEGORIES) * 2 * len(USES) * 5 * 2
    assert tried == expected == 8 * 9 * 2 * 4 * 5 * 2
    tally(pytestconfig, f"fail-open matrix (evaluator): {len(INCOMPLETE)} kinds of incomplete evidence x {len(CATEGORIES)} "
          f"categories x 2 bases x {len(USES)} uses x 5 policies x 2 fact sets, none allowed or conditional", tried)


def test_complete_evidence_control_passes_where_the_license_allows():
    """The control: the same records with complete evidence are allowed where the license allows it,
    so the matrix above fails because of the missing pieces and for no other reason."""
    allowed = 0
    for category in BY_CATEGORY:
        evidence, classification = situation("not fetched", category, "text")
        evidence = replace(evidence, complete=True, problems=())
        project = Project("p", "research", monthly_active_users=1000, annual_revenue_usd=1000)
        result = Evaluator(KB, project, today=TODAY).evaluate(evidence, classification)
        allowed += result.verdict == "allowed"
        assert not any(r.startswith("evidence incomplete") for r in result.reasons)
    assert allowed >= 1


@pytest.mark.parametrize("kind", [k for k in INCOMPLETE if k != "nothing fetched"])
def test_trusted_metadata_is_judged_and_the_trust_reported(kind):
    evidence, classification = situation(kind, "permissive", "metadata")
    policy = Policy(trust_metadata=(TrustedMetadata("acme/x", "legal read the license on the Hub", 7),), path="licscan.yaml")
    result = Evaluator(KB, Project("p", "commercial"), policy, today=TODAY).evaluate(evidence, classification)
    assert result.verdict == "allowed"
    (reason,) = [r for r in result.reasons if r.startswith("evidence incomplete")]
    assert "trust_metadata names acme/x (licscan.yaml:7): legal read the license on the Hub" in reason
    assert all(m in reason for m in evidence.problems or evidence.card.problems)


def test_trust_never_stands_in_for_a_fetch_that_got_nothing():
    evidence, classification = situation("nothing fetched", "permissive", "metadata")
    policy = Policy(trust_metadata=(TrustedMetadata("acme/x", "r"),))
    assert Evaluator(KB, Project("p", "commercial"), policy).evaluate(evidence, classification).verdict == "unknown"


def test_trust_for_another_checkpoint_does_not_apply():
    evidence, classification = situation("gated without access", "permissive", "metadata")
    policy = Policy(trust_metadata=(TrustedMetadata("acme/other", "r"),))
    assert Evaluator(KB, Project("p", "commercial"), policy).evaluate(evidence, classification).verdict == "unknown"


# --- local folders, read by the real source --------------------------------------------------------


def _local_situations(folder: Path, text: Path | None, kind: str) -> None:
    """Build a checkpoint folder whose evidence is incomplete in the way ``kind`` says."""
    if kind == "binary license file":
        (folder / "LICENSE").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    elif kind == "license files over the byte cap":
        # the license text, and a second license file larger than licscan reads per checkpoint
        # (sparse: no disk is used), which is named as not read
        shutil.copyfile(text or TEXTS / "mit.txt", folder / "LICENSE")
        with open(folder / "LICENSE-weights", "wb") as big:
            big.truncate(collect.MAX_EVIDENCE_BYTES + 1)
    elif kind == "license file cut off":
        data = (text or TEXTS / "mit.txt").read_bytes()
        (folder / "LICENSE").write_bytes(data * (reader.READ_LIMIT // len(data) + 2))


LOCAL_KINDS = ("binary license file", "license files over the byte cap", "license file cut off")


# The reader keeps 48,000 bytes here, not its 1.6 MB: a file cut off at that size is the same case for
# the verdict at a twentieth of the matching, and the real limit is read in test_lock.py ("cut-off")
# and tests/test_reliability_input.py (a 50 MB LICENSE).
SMALL_READ_LIMIT = 48_000


def test_local_matrix_never_passes_incomplete_evidence(tmp_path, pytestconfig, monkeypatch):
    monkeypatch.setattr(reader, "READ_LIMIT", SMALL_READ_LIMIT)
    monkeypatch.setattr(reader, "MAX_CLASSIFY_CHARS", SMALL_READ_LIMIT)   # named in the problem line
    body = ""
    cases = []
    for kind, category in itertools.product(LOCAL_KINDS, CATEGORIES):
        name = f"{kind.replace(' ', '-')}-{category}"
        folder = tmp_path / name
        folder.mkdir()
        rule = BY_CATEGORY.get(category)
        card = f"---\nlicense: {rule.id}\n---\n# {name}\n" if rule else f"# {name}\n"
        (folder / "README.md").write_text(card, encoding="utf-8")
        _local_situations(folder, TEXTS / rule.texts[0] if rule else None, kind)
        body += f"  - path: {name}\n"
        cases.append((kind, category, rule))
    manifest_path = tmp_path / "models.lock"
    manifest_path.write_text("version: 1\nproject:\n  name: t\n  use: commercial\n  monthly_active_users: 10\n  annual_revenue_usd: 10\n"
                             f"models:\n{body}")
    manifest, _ = parse_manifest(manifest_path)
    scanner = Scanner(options=Options(jobs=1, lineage=False))
    evidence = scanner.gather(manifest)
    tried = 0
    for (kind, category, rule), item in zip(cases, evidence, strict=True):
        assert not item.complete, (kind, category, item.problems)
        if kind == "license file cut off":
            assert f"only the first {SMALL_READ_LIMIT:,} characters" in " ".join(item.problems)
        for policy_index in range(5):
            license_id = rule.id if rule else "unknown"
            name, policy = list(policies(license_id, category).items())[policy_index]
            policy = replace(policy, waivers=tuple(replace(w, checkpoint=item.entry.ref, revision=item.revision) for w in policy.waivers))
            (result,) = scanner.judge(manifest, [item], policy).results
            assert_fails_closed(result, item.problems, name)
            tried += 1
    assert tried == len(LOCAL_KINDS) * len(CATEGORIES) * 5 == 135
    tally(pytestconfig, "fail-open matrix (local folders), none allowed or conditional", tried)


# --- the opt-in: trust_metadata names a checkpoint and a reason -------------------------------------


def _policy(tmp_path: Path, text: str):
    from licscan.policy import load_policy

    path = tmp_path / "licscan.yaml"
    path.write_text(text, encoding="utf-8")
    return load_policy(path, tmp_path)


def test_trust_metadata_entries_are_read_with_their_reason_and_line(tmp_path):
    policy = _policy(tmp_path, "fail_on: [denied, unknown]\ntrust_metadata:\n  - id: google/gemma-2-2b\n    reason: accepted on the Hub\n")
    assert policy.trust_metadata == (TrustedMetadata("google/gemma-2-2b", "accepted on the Hub", 3),)
    assert policy.trust_for("google/gemma-2-2b").reason == "accepted on the Hub"
    assert policy.trust_for("acme/other") is None
    assert _policy(tmp_path, "trust_metadata: false\n").trust_metadata == ()


@pytest.mark.parametrize(("text", "line", "words"), [
    ("trust_metadata: true\n", 1, "trust_metadata: true is no longer accepted: name each checkpoint"),
    ("trust_metadata:\n  - id: acme/x\n", 2, "missing the required key 'reason'"),
    ("trust_metadata:\n  - id: acme/x\n    reason: ''\n", 3, "reason must not be empty"),
    ("trust_metadata:\n  - {id: acme/x, reason: r}\n  - {id: acme/x, reason: s}\n", 3, "acme/x is listed twice"),
    ("trust_metadata: yes please\n", 1, "trust_metadata must be a list"),
])
def test_trust_metadata_without_a_reason_is_bad_input(tmp_path, text, line, words):
    from click.testing import CliRunner

    from licscan.cli import main

    (tmp_path / "licscan.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "models.lock").write_text("version: 1\nproject:\n  name: t\n  use: commercial\nmodels: []\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "models.lock")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"licscan: error: {tmp_path / 'licscan.yaml'}:{line}: ") and words in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1


# --- gated repos on the fake Hub, read without access ------------------------------------------------

GATED_REPOS = {category: f"acme/gated-{category}" for category in CATEGORIES}


def test_fake_hub_gated_matrix_never_passes_unread_evidence(tmp_path, fake_hub_endpoint, hub_cache, hub_cassette, pytestconfig):
    body = "".join(f"  - id: {repo}\n" for repo in GATED_REPOS.values())
    path = tmp_path / "models.lock"
    path.write_text(f"version: 1\nproject:\n  name: t\n  use: commercial\n  monthly_active_users: 10\n  annual_revenue_usd: 10\nmodels:\n{body}")
    manifest, _ = parse_manifest(path)
    scanner = Scanner(options=Options(endpoint=fake_hub_endpoint, token=False, cache_dir=str(hub_cache), jobs=1, lineage=False))
    evidence = scanner.gather(manifest)
    tried = 0
    for category, item in zip(GATED_REPOS, evidence, strict=True):
        assert item.gated and not item.complete and not item.fetch_failed, (category, item.problems)
        assert any("gated" in p and "HF_TOKEN" in p for p in item.problems)
        rule = BY_CATEGORY.get(category)
        if rule is not None:
            assert item.card.licenses == (rule.id,)            # the metadata was read, the LICENSE was not
        for policy_index in range(5):
            name, policy = list(policies(rule.id if rule else "unknown", category).items())[policy_index]
            policy = replace(policy, waivers=tuple(replace(w, checkpoint=item.entry.ref, revision=item.revision) for w in policy.waivers))
            (result,) = scanner.judge(manifest, [item], policy).results
            assert_fails_closed(result, item.problems, name)
            tried += 1
        # The same repo, its metadata trusted by name with a reason: judged on it, the trust reported.
        trusted = Policy(trust_metadata=(TrustedMetadata(item.entry.ref, "license accepted on the Hub"),))
        (result,) = scanner.judge(manifest, [item], trusted).results
        assert any("trust_metadata names " + item.entry.ref in r for r in result.reasons)
        if rule is not None and rule.grant_for("commercial") != "denied":
            assert result.verdict in ("allowed", "conditional")
    assert tried == len(CATEGORIES) * 5 == 45
    tally(pytestconfig, "fail-open matrix (fake Hub, gated without access), none allowed or conditional", tried)


def test_allow_list_does_not_clear_a_more_restrictive_license_named_in_a_local_card(tmp_path):
    """Issue 16's reproduction: a Llama card whose prose puts the weights under CC BY-NC, with
    llama3.1 on the allow list. The conflict stays; the checkpoint is not allowed."""
    folder = tmp_path / "ckpt"
    folder.mkdir()
    shutil.copyfile(TEXTS / "llama3.1.txt", folder / "LICENSE")
    card = "---\nlicense: llama3.1\n---\n# Model\n\nThe model weights are released under CC BY-NC 4.0.\n"
    (folder / "README.md").write_text(card, encoding="utf-8")
    (tmp_path / "models.lock").write_text("version: 1\nproject:\n  name: t\n  use: commercial\n  monthly_active_users: 10\nmodels:\n  - path: ckpt\n")
    manifest, _ = parse_manifest(tmp_path / "models.lock")
    scanner = Scanner(options=Options(jobs=1, lineage=False))
    (result,) = scanner.run(manifest, Policy(allow_licenses=("llama3.1",))).results
    # the prose says the weights are under CC BY-NC: that term applies, whatever the allow list says
    assert result.verdict == "denied", result.reasons
    # the stricter license the prose names stays quoted for a reader (a note since notes and conflicts split)
    assert any("cc-by-nc-4.0" in r and "released under CC BY-NC 4.0" in r for r in result.reasons), result.reasons
    assert result.reasons[0] == "cc-by-nc-4.0 does not grant commercial use"   # the allow entry settles nothing denied


def test_a_trust_entry_that_names_nothing_here_is_reported_stale():
    evidence, classification = situation("gated without access", "permissive", "metadata")
    result = Evaluator(KB, Project("p", "commercial")).evaluate(evidence, classification)
    policy = Policy(trust_metadata=(TrustedMetadata("acme/x", "r", 3), TrustedMetadata("acme/gone", "r", 5)), path="licscan.yaml")
    assert policy.unused_allow_entries([result]) == (
        "licscan.yaml:5: stale trust_metadata entry: acme/gone is neither a checkpoint nor a base model here",)
