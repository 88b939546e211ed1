"""``licscan lock`` and ``licscan diff`` (drift, the comparison a later ``check`` makes, is in drift.py).

The lock pins, per checkpoint, the resolved commit, the license licscan concluded, the sha256 of
each license file and of the card's license metadata, and the base models at their commits. A later
``check`` compares what it fetches with that record: a license file that changed is "license drift".

The manifest is rewritten with ruamel.yaml's round-trip mode, which keeps the user's comments, key
order and entry order; PyYAML cannot write YAML back without losing comments.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from .drift import license_label
from .errors import InputError
from .evaluate import Evaluator
from .model import Classification, Evidence, LockedFile, LockRecord, Manifest, Result
from .output import write_atomic
from .sources.common import card_license_digest


def record_for(result: Result) -> LockRecord:
    """The verdict-relevant facts of one checkpoint: its own license (or modified status), every
    license that applies (inherited ones included), whether the license was confirmed, and hashes."""
    evidence = result.evidence
    return LockRecord(
        license=license_label(result.own),
        applies=tuple(result.classification.candidates) or (result.own.license_id,),
        confirmed=result.classification.confidence >= 0.9,
        files=tuple(LockedFile(f.name, f.sha256) for f in sorted(evidence.files, key=lambda f: f.name) if f.role != "card"),
        card_license_sha256=card_license_digest(evidence.card),
        # Every ancestor at the commit it was read at, so a later check judges the same lineage.
        base_models=tuple(f"{a.repo_id}@{a.revision}" if a.revision else a.repo_id for a in result.ancestors),
    )


def write_lock(manifest: Manifest, results: list[Result]) -> str:
    """The manifest text with revision and lock filled in for every entry, comments kept."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    path = Path(manifest.path)
    try:
        document = yaml.load(path.read_text(encoding="utf-8-sig"))
    except Exception as exc:  # noqa: BLE001 - already validated strictly; this is a second parser
        raise InputError(f"cannot rewrite the manifest: {exc}", path) from None
    entries = document["models"]
    if len(entries) != len(results):
        raise InputError("manifest changed while locking; run again", path)
    for node, result in zip(entries, results):
        evidence = result.evidence
        record = record_for(result)
        if result.entry.kind == "hub" and evidence.revision:
            # Always quoted: a sha of digits only would read back as a YAML number.
            revision = DoubleQuotedScalarString(evidence.revision)
            if "revision" in node:
                node["revision"] = revision
            else:
                node.insert(list(node.keys()).index("id") + 1, "revision", revision)
        lock = CommentedMap()
        lock["license"] = record.license
        lock["applies"] = CommentedSeq(record.applies)
        lock["confirmed"] = record.confirmed
        files = CommentedMap()
        for item in record.files:
            files[item.name] = item.sha256
        lock["files"] = files
        lock["card_license_sha256"] = record.card_license_sha256
        if record.base_models:
            lock["base_models"] = CommentedSeq(record.base_models)
        node["lock"] = lock
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def lock_manifest(manifest: Manifest, results: list[Result], trusted: tuple[str, ...] = ()) -> list[str]:
    """Write the lock, or refuse (and write nothing) when any checkpoint's evidence is incomplete:
    not fetched, unreadable, cut off, gated without access. ``trusted``: checkpoints whose metadata
    the policy trusts (``trust_metadata``), locked on what was read."""
    from .verdict_rules import missing_evidence

    unreadable = [(r, missing_evidence(r.evidence)) for r in results]
    unreadable = [(r, missing) for r, missing in unreadable
                  if missing and (r.evidence.fetch_failed or r.entry.ref not in trusted)]
    if unreadable:
        names = "; ".join(f"{r.entry.ref}: {'; '.join(missing)}" for r, missing in unreadable)
        raise InputError(f"cannot lock, evidence incomplete: {names}", manifest.path)
    text = write_lock(manifest, results)
    from .manifest import parse_manifest_text

    try:
        parse_manifest_text(text, manifest.path, Path(manifest.base_dir))  # never write what we cannot read back
    except InputError as exc:
        # Its line is one of the unwritten text, not of the file on disk: say so, cite no file line.
        raise InputError(f"cannot lock: the rewritten manifest would not read back (its line {exc.line}: {exc.message}); "
                         "nothing was written", manifest.path) from None
    write_atomic(Path(manifest.path), text)
    return [
        f"{r.entry.ref}: {license_label(r.own)}" + (f" @ {r.evidence.revision}" if r.evidence.revision else "")
        for r in results
    ]


@dataclass(frozen=True)
class Change:
    checkpoint: str
    what: str          # added | removed | changed | revision | unchanged
    old_license: str | None
    new_license: str | None
    old_category: str | None
    new_category: str | None
    old_verdict: str | None
    new_verdict: str | None
    old_revision: str | None
    new_revision: str | None
    became_modified: bool = False      # the license text was a known license's, now a modified copy of one


def judge_locked(manifest: Manifest, kb, policy=None) -> dict[str, tuple[str, str, str, str | None]]:
    """Each entry of a locked manifest judged as ``check`` judges it, from the facts the lock
    recorded: (license as shown, category, verdict, revision). An entry without a lock is unknown."""
    from dataclasses import replace

    from .sources.common import card_metadata

    evaluator = Evaluator(kb, manifest.project, policy, check_drift=False)
    out = {}
    for entry in manifest.entries:
        lock = entry.lock
        if lock is None:
            out[entry.ref] = ("unknown", "unknown", "unknown", entry.revision)
            continue
        modified = lock.license.startswith("modified ")
        own_id = lock.license.removeprefix("modified ")
        applies = tuple(dict.fromkeys(lock.applies or (own_id,)))
        rule = kb.get(own_id)
        policies = tuple(dict.fromkeys(p for i in applies if kb.get(i) for p in kb.get(i).use_policies))
        classification = Classification(
            license_id=own_id if rule else "unknown",
            category=rule.category if rule else "unknown",
            confidence=(1.0 if lock.confirmed else 0.85) if rule else 0.0,
            basis="recorded by licscan lock",
            modified_from=own_id if modified else None,
            use_policies=policies,
            candidates=applies,
        )
        # The lock's own record is what is judged here, so it is not compared with itself (drift).
        evidence = Evidence(entry=replace(entry, lock=None), source="lock", revision=entry.revision, card=card_metadata({}))
        result = evaluator.evaluate(evidence, classification)
        shown = license_label(result.classification)
        out[entry.ref] = (shown, result.classification.category, result.verdict, entry.revision)
    return out


def diff_manifests(old: Manifest, new: Manifest, kb, policy=None) -> list[Change]:
    """Compare two locked manifests without network: license, category and verdict per checkpoint,
    each judged from its lock record as ``check`` would judge it."""
    before, after = judge_locked(old, kb, policy), judge_locked(new, kb, policy)
    changes = []
    for ref in [*before, *(r for r in after if r not in before)]:
        b, a = before.get(ref), after.get(ref)
        if b is None:
            what = "added"
        elif a is None:
            what = "removed"
        elif b[:3] != a[:3]:
            what = "changed"
        else:
            what = "unchanged" if b[3] == a[3] else "revision"
        b, a = b or (None,) * 4, a or (None,) * 4
        became_modified = bool(a[0] and a[0].startswith("modified ") and not (b[0] or "").startswith("modified "))
        changes.append(Change(ref, what, old_license=b[0], new_license=a[0], old_category=b[1], new_category=a[1],
                              old_verdict=b[2], new_verdict=a[2], old_revision=b[3], new_revision=a[3],
                              became_modified=became_modified and what != "added"))
    return changes
