"""The policy's ``clarify`` entries at work: a file whose sha256 a legal team reviewed is read as the
license they concluded (as cargo-deny's ``clarify``), and a file that changed since is classified as
usual, with the entry reported stale."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

from .classification_cache import EvidenceClassifier
from .classify import Classifier
from .matcher import Matcher
from .model import Classification, Evidence, TextMatch
from .policy_records import Clarification, Policy


class SettledMatcher:
    """The run's matcher, except for the texts of clarified files: those are the clarified license."""

    def __init__(self, matcher: Any, settled: dict[str, TextMatch]):
        self._matcher = matcher
        self._settled = settled

    def match(self, text: str, **kwargs: Any) -> TextMatch:
        found = self._settled.get(text)
        return found if found is not None else self._matcher.match(text, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._matcher, name)


def classify(classifier: EvidenceClassifier, evidence: Evidence, policy: Policy | None) -> tuple[Classification, tuple[str, ...]]:
    """The checkpoint's classification under the policy's clarify entries, and the stale entries'
    warnings. Only the file's reading changes: what could not be fetched stays missing."""
    entries = policy.clarifications_for(evidence.entry) if policy is not None else ()
    if not entries:
        return classifier.classify(evidence), ()
    assert policy is not None
    files = {file.name: file for file in evidence.files}
    settled: dict[str, TextMatch] = {}
    notes, warnings = [], []
    for entry in entries:
        where = f"{policy.path}:{entry.line}"
        file = files.get(entry.file)
        if file is not None and file.sha256 == entry.sha256:
            settled[file.text] = TextMatch(entry.license, "exact", 1.0)
            notes.append(f"{entry.file} is read as {entry.license} by the policy's clarify entry ({where}), "
                         f"approved by {entry.approved_by}: “{entry.reason}”")
            continue
        stale = f"stale clarify entry: {entry.file} of {entry.checkpoint} " + (
            f"now has sha256 {file.sha256}, not the {entry.sha256} that was reviewed" if file is not None
            else "was not found among its license files")
        warnings.append(f"{where}: {stale}; the file is classified as usual")
        notes.append(f"{stale} ({where}): the file is classified as usual")
    # SettledMatcher stands in for the Matcher it wraps (every other method is the wrapped one's)
    reader = Classifier(classifier.kb, cast(Matcher, SettledMatcher(classifier.matcher, settled))) if settled else classifier
    classification = reader.classify(evidence)
    basis = classification.basis
    decided = [e for e in entries if e.license == classification.license_id and files.get(e.file) is not None
               and files[e.file].text in settled]
    if decided:
        basis += f"; {decided[0].file} is read as {decided[0].license} by the policy's clarify entry"
    return replace(classification, basis=basis, notes=(*notes, *classification.notes)), tuple(warnings)


__all__ = ["Clarification", "SettledMatcher", "classify"]
