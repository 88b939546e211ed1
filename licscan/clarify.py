"""The policy's ``clarify`` entries at work: a file whose sha256 a legal team reviewed is read as the
license they concluded (as cargo-deny's ``clarify``), and a file that changed since is classified as
usual, with the entry reported stale."""

from __future__ import annotations

import re
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
            copy_of, altered = _reading_of(classifier, file.text, entry.license)
            if copy_of:
                # clarify settles what licscan cannot read: a file it identifies as another license keeps that
                # license (review39: the verbatim CC BY-NC 4.0 text "clarified" as Apache 2.0 was allowed)
                refused = (f"clarify entry not applied: {entry.file} of {entry.checkpoint} is {copy_of}, which licscan "
                           f"identifies itself, not {entry.license}; a clarify entry settles only a file licscan cannot "
                           "identify, so the file is read as what it is")
                warnings.append(f"{where}: {refused}")
                notes.append(f"{refused} ({where})")
                continue
            settled[file.text] = TextMatch(entry.license, "exact", 1.0)
            # a modified copy of another license is what clarify is for (a vendor's text derived from a known
            # one, reviewed by lawyers); the report says what licscan itself read
            read = f" (licscan alone reads it as {altered})" if altered else ""
            notes.append(f"{entry.file} is read as {entry.license} by the policy's clarify entry ({where}){read}, "
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
    for entry in decided:
        # the file was not matched against the license's text: say what settled it, not "matches ... score 1.000"
        read_as = f"{entry.file} is read as {entry.license} by the policy's clarify entry ({policy.path}:{entry.line})"
        matched = re.compile(re.escape(f"{entry.file} matches {entry.license} (") + r"license text[^)]*, score 1\.000\)")
        basis, found = matched.subn(read_as, basis, count=1)
        if not found:
            basis += f"; {read_as}"
    return replace(classification, basis=basis, notes=(*notes, *classification.notes)), tuple(warnings)


def _reading_of(classifier: EvidenceClassifier, text: str, license_id: str) -> tuple[str, str]:
    """What licscan itself reads the file as, when that is a license other than ``license_id``: (an exact copy of
    another license's text, or a text holding another's whole beside it; a modified copy of another license),
    each "" when it is not."""
    found = classifier.matcher.match(text)
    other = found.rule_id not in (None, license_id)
    if other and found.status == "exact":
        return f"an exact copy of {found.rule_id} (score {found.score:.3f})", ""
    beside = [i for i in found.also_licenses if i != license_id]
    if beside:
        return f"a text that holds {', '.join(beside)} whole", ""
    if other and found.status == "modified":
        return "", f"a modified copy of {found.rule_id}, score {found.score:.3f}"
    altered = [i for i in found.also_modified if i != license_id]
    return "", (f"a text that holds an altered {', '.join(altered)}" if altered else "")


__all__ = ["Clarification", "SettledMatcher", "classify"]
