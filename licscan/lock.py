"""``licscan lock``, drift detection and ``licscan diff``.

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

from .errors import InputError
from .model import Classification, Evidence, LockedFile, LockRecord, Manifest, Result
from .output import write_atomic
from .sources.common import card_license_digest


def record_for(result: Result) -> LockRecord:
    evidence = result.evidence
    return LockRecord(
        license=result.classification.license_id,
        files=tuple(LockedFile(f.name, f.sha256) for f in sorted(evidence.files, key=lambda f: f.name) if f.role != "card"),
        card_license_sha256=card_license_digest(evidence.card),
        # Every ancestor at the commit it was read at, so a later check judges the same lineage.
        base_models=tuple(f"{a.repo_id}@{a.revision}" if a.revision else a.repo_id for a in result.ancestors),
    )


def drift(evidence: Evidence, classification: Classification) -> tuple[str, ...]:
    """What changed since the lock, as sentences for the report; empty when nothing did."""
    lock = evidence.entry.lock
    if lock is None or evidence.fetch_failed:
        return ()
    found: list[str] = []
    now = {f.name: f.sha256 for f in evidence.files if f.role != "card"}
    then = {f.name: f.sha256 for f in lock.files}
    for name in sorted(then.keys() | now.keys()):
        if name not in now:
            if evidence.complete:
                found.append(f"{name} was removed (locked sha256 {then[name][:12]})")
        elif name not in then:
            found.append(f"{name} was added (sha256 {now[name][:12]})")
        elif then[name] != now[name]:
            found.append(f"{name} changed (sha256 {then[name][:12]} → {now[name][:12]})")
    if lock.card_license_sha256 and lock.card_license_sha256 != card_license_digest(evidence.card):
        declared = ", ".join(evidence.card.licenses) or evidence.card.license_name or "nothing"
        found.append(f"the card's license metadata changed (now declares {declared})")
    if lock.license != classification.license_id:
        found.append(f"license was {lock.license}, now {classification.license_id}")
    return tuple(found)


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


def lock_manifest(manifest: Manifest, results: list[Result]) -> list[str]:
    """Write the lock, or refuse (and write nothing) when any checkpoint could not be read."""
    unreadable = [r for r in results if r.evidence.fetch_failed]
    if unreadable:
        names = "; ".join(f"{r.entry.ref}: {'; '.join(r.evidence.problems)}" for r in unreadable)
        raise InputError(f"cannot lock: {names}", manifest.path)
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
        f"{r.entry.ref}: {r.classification.license_id}" + (f" @ {r.evidence.revision}" if r.evidence.revision else "")
        for r in results
    ]


@dataclass(frozen=True)
class Change:
    checkpoint: str
    what: str          # added | removed | changed | unchanged
    old_license: str | None
    new_license: str | None
    old_category: str | None
    new_category: str | None
    old_verdict: str | None
    new_verdict: str | None
    old_revision: str | None
    new_revision: str | None


def diff_manifests(old: Manifest, new: Manifest, kb) -> list[Change]:
    """Compare two locked manifests without network: license, category and verdict per checkpoint."""
    from .evaluate import Evaluator
    from .sources.common import card_metadata

    def summary(manifest: Manifest) -> dict[str, tuple]:
        evaluator = Evaluator(kb, manifest.project)
        out = {}
        for entry in manifest.entries:
            license_id = entry.lock.license if entry.lock else "unknown"
            rule = kb.get(license_id)
            classification = Classification(
                license_id=license_id,
                category=rule.category if rule else "unknown",
                confidence=1.0 if rule else 0.0,
                basis="recorded in the lock" if entry.lock else "not locked",
                candidates=(license_id,),
            )
            evidence = Evidence(entry=entry, source="lock", revision=entry.revision, card=card_metadata({}))
            verdict = evaluator.evaluate(evidence, classification).verdict
            out[entry.ref] = (license_id, classification.category, verdict, entry.revision)
        return out

    before, after = summary(old), summary(new)
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
        changes.append(Change(ref, what, old_license=b[0], new_license=a[0], old_category=b[1], new_category=a[1],
                              old_verdict=b[2], new_verdict=a[2], old_revision=b[3], new_revision=a[3]))
    return changes
