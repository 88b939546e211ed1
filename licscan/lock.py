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
from typing import TYPE_CHECKING

from .drift import card_words_digest, license_label
from .errors import InputError
from .evaluate import Evaluator
from .model import Classification, Evidence, LockedFile, LockRecord, Manifest, Result
from .output import write_atomic
from .sources.common import card_license_digest
from .vocabulary import Category, Verdict, as_category

if TYPE_CHECKING:
    from .policy_records import Policy
    from .rules import KnowledgeBase

# One locked checkpoint as ``check`` would judge it: (license as shown, category, verdict, revision).
Judged = tuple[str, Category, Verdict, str | None]


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
        card_words_sha256=card_words_digest(result.own),
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
    for node, result in zip(entries, results, strict=True):
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
        lock["card_words_sha256"] = record.card_words_sha256
        if record.base_models:
            lock["base_models"] = CommentedSeq(record.base_models)
        node["lock"] = lock
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


SHOWN_UNREADABLE = 3   # an error is one line: a cold cache of 1,000 checkpoints must not make it 1,000 reasons long


def _unreadable_summary(unreadable: list[tuple[Result, tuple[str, ...]]]) -> str:
    """The first few checkpoints and what is missing, each named once (a reason that already starts with the
    checkpoint's name is not prefixed with it again), then how many more."""
    def one(result: Result, missing: tuple[str, ...]) -> str:
        text = "; ".join(missing)
        return text if text.startswith(f"{result.entry.ref}: ") else f"{result.entry.ref}: {text}"

    shown = "; ".join(one(result, missing) for result, missing in unreadable[:SHOWN_UNREADABLE])
    more = len(unreadable) - SHOWN_UNREADABLE
    return shown + (f"; and {more} more checkpoints ('licscan check' names each)" if more > 0 else "")


def lock_manifest(manifest: Manifest, results: list[Result], trusted: tuple[str, ...] = ()) -> list[str]:
    """Write the lock, or refuse (and write nothing) when any checkpoint's evidence is incomplete:
    not fetched, unreadable, cut off, gated without access. ``trusted``: checkpoints whose metadata
    the policy trusts (``trust_metadata``), locked on what was read."""
    from .verdict_rules import missing_evidence

    unreadable = [(r, missing_evidence(r.evidence, r.classification)) for r in results]
    unreadable = [(r, missing) for r, missing in unreadable
                  if missing and (r.evidence.fetch_failed or r.entry.ref not in trusted)]
    if unreadable:
        raise InputError(f"cannot lock, evidence incomplete: {_unreadable_summary(unreadable)}", manifest.path)
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


NOT_LOCKED = "not locked (run 'licscan lock' to record its license)"


@dataclass(frozen=True)
class Change:
    checkpoint: str
    what: str          # added | removed | changed | revision | unchanged
    old_license: str | None
    new_license: str | None
    old_category: Category | None
    new_category: Category | None
    old_verdict: Verdict | None
    new_verdict: Verdict | None
    old_revision: str | None
    new_revision: str | None
    became_modified: bool = False      # the license text was a known license's, now a modified copy of one


def judge_locked(manifest: Manifest, kb: KnowledgeBase, policy: Policy | None = None, read_local: bool = False) -> dict[str, Judged]:
    """Each entry of a locked manifest judged as ``check`` judges it, from the facts the lock
    recorded: (license as shown, category, verdict, revision). An entry without a lock is
    "not locked" and unknown, except a local folder when ``read_local``: it is judged from its
    files, as ``check`` would (no network either way)."""
    from dataclasses import replace

    from .classify import Classifier
    from .sources.common import card_metadata
    from .sources.local import LocalSource

    evaluator = Evaluator(kb, manifest.project, policy, check_drift=False)
    unlocked_local = read_local and any(e.lock is None and e.kind == "local" for e in manifest.entries)
    # built once, and only when a folder has to be read (a Classifier builds the matcher)
    classifier = Classifier(kb) if unlocked_local else None
    folders = LocalSource(Path(manifest.base_dir), manifest.path, kb) if unlocked_local else None
    out: dict[str, Judged] = {}
    for entry in manifest.entries:
        lock = entry.lock
        if lock is None and classifier is not None and folders is not None and entry.kind == "local":
            evidence = folders.fetch(entry)
            result = evaluator.evaluate(evidence, classifier.classify(evidence))
            out[entry.ref] = (license_label(result.classification), result.classification.category, result.verdict, None)
            continue
        if lock is None:
            out[entry.ref] = (NOT_LOCKED, "unknown", "unknown", entry.revision)
            continue
        modified = lock.license.startswith("modified ")
        own_id = lock.license.removeprefix("modified ")
        applies = tuple(dict.fromkeys(lock.applies or (own_id,)))
        rule = kb.get(own_id)
        applying = [r for r in map(kb.get, applies) if r is not None]
        policies = tuple(dict.fromkeys(p for r in applying for p in r.use_policies))
        classification = Classification(
            license_id=own_id if rule else "unknown",
            category=as_category(rule.category) if rule else "unknown",
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


def diff_manifests(old: Manifest, new: Manifest, kb: KnowledgeBase, policy: Policy | None = None) -> list[Change]:
    """Compare two locked manifests without network: license, category and verdict per checkpoint,
    each judged from its lock record as ``check`` would judge it."""
    # Local folders are read as they are now, so only the new manifest's unlocked folders can be
    # judged from their files; the old manifest (often `git show` through a pipe) has no folders.
    before, after = judge_locked(old, kb, policy), judge_locked(new, kb, policy, read_local=True)
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
        old_license, old_category, old_verdict, old_revision = b or (None, None, None, None)
        new_license, new_category, new_verdict, new_revision = a or (None, None, None, None)
        became_modified = bool(new_license and new_license.startswith("modified ") and not (old_license or "").startswith("modified "))
        changes.append(Change(ref, what, old_license=old_license, new_license=new_license, old_category=old_category,
                              new_category=new_category, old_verdict=old_verdict, new_verdict=new_verdict,
                              old_revision=old_revision, new_revision=new_revision,
                              became_modified=became_modified and what != "added"))
    return changes
