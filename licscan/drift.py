"""License drift: what changed in a checkpoint's license evidence since ``licscan lock`` pinned it.

A lock concern, kept in its own small module of pure functions so that both the writer of the
lock (lock.py, which also judges locked manifests for ``licscan diff`` with the Evaluator) and the
Evaluator (which reports drift) can import it without importing each other.
"""

from __future__ import annotations

import hashlib
import re

from .model import Classification, Evidence
from .sources.common import card_license_digest

# a quotation in a reason: the card's or a file's own words, between the curly quotes every reason uses
_QUOTED = re.compile(r"“([^”]*)”")


def license_label(classification: Classification) -> str:
    """The license as the lock records it: a modified text is never recorded as the license it departs from."""
    return f"modified {classification.modified_from}" if classification.modified_from else classification.license_id


def card_words_digest(classification: Classification) -> str:
    """A hash of the words the classification quotes from the card (and files) in its basis, conflicts and
    notes: the statements about the weights' terms that a reviewer read. The card is not a license file, so its
    whole text is not locked (an edited usage section is no drift); its license statements are."""
    quoted = sorted({quote for text in (classification.basis, *classification.conflicts, *classification.notes)
                     for quote in _QUOTED.findall(text)})
    return hashlib.sha256("\n".join(quoted).encode()).hexdigest()


def drift(evidence: Evidence, classification: Classification, applying: list[str] | None = None) -> tuple[str, ...]:
    """What changed since the lock, as sentences for the report; empty when nothing did. ``applying``: every
    license that applies now, inherited ones included (a license the lock recorded as applying that no longer
    does is drift: an adapter_config.json missing from an offline cache hid the base that brought it)."""
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
    if lock.license != license_label(classification):
        found.append(f"license was {lock.license}, now {license_label(classification)}")
    if lock.card_words_sha256 and lock.card_words_sha256 != card_words_digest(classification):
        found.append("the card's words about its license changed")
    if applying is not None:
        found += [f"{license_id} applied when the checkpoint was locked and no longer does" for license_id in lock.applies
                  if license_id not in applying]
        # old locks recorded no licenses that apply: nothing to compare a new one with
        found += [f"{license_id} applies now and did not when the checkpoint was locked" for license_id in applying
                  if lock.applies and license_id not in lock.applies]
    return tuple(found)
