"""From the strategies' candidates to one classification: every license that applies is kept, the most
restrictive decides the headline, and disagreements between the kinds of evidence are conflicts."""

from __future__ import annotations

from ..model import Classification, Evidence
from ..rules import KnowledgeBase
from ..vocabulary import UNKNOWN
from .candidates import (
    METADATA_CONFIDENCE, PROSE_CONFIDENCE, REVIEW_CONFIDENCE, TEXT_SOURCES, Candidate, Reading, SoFar, restrictiveness,
)

PROSE_ONLY_NOTE = "license stated only in the card's prose, not in its metadata or a license file"


def decide(kb: KnowledgeBase, evidence: Evidence, readings: tuple[Reading, ...]) -> Classification:
    found = SoFar(evidence, readings)
    candidates = found.candidates
    remarks = found.remarks
    findings = tuple(found.findings)
    declared, detected = found.declared(), found.detected()
    known_declared, unknown_declared = found.declared(known=True), found.declared(known=False)
    unknown_sources = [r.message for r in remarks if r.kind == "unknown-file"]
    unsettled = [r.message for r in remarks if r.kind == "unsettled"]
    to_review = [r.message for r in remarks if r.kind == "review"]

    applies = found.applying() + [c.license_id for c in candidates if c.source == "file-names"]
    use_policies = [c.license_id for c in candidates if c.role == "use-policy"]
    use_policies += [policy for license_id in applies for policy in _rule(kb, license_id).use_policies]
    applies += [c.license_id for c in candidates if c.source == "weight-header"]

    conflicts = [r.message for r in remarks if r.kind == "conflict"]
    if detected and known_declared and not set(known_declared) & set(detected):
        conflicts.append(f"card declares {', '.join(known_declared)} but the license text is {', '.join(detected)}")
    conflicts += [f"{name} does not match any known license" + ("" if "header" in name else " text") for name in unknown_sources]
    conflicts += [f"{note}; needs legal review" for note in unsettled]
    notes = [r.message for r in remarks if r.kind == "note"] + to_review
    notes += [f"card declares '{name}', which licscan does not know" for name in unknown_declared]

    fallback = next((c for c in candidates if c.role == "fallback"), None)
    if fallback is not None and not declared and not detected and not unknown_sources:
        rule = _rule(kb, fallback.license_id)
        return Classification(
            license_id=rule.id, category=rule.category, confidence=fallback.confidence,
            basis=f"no license in the card metadata or files; {fallback.basis}",
            declared=(rule.id,),
            use_policies=tuple(dict.fromkeys([*use_policies, *rule.use_policies])),
            findings=findings, conflicts=tuple(conflicts), notes=(*notes, PROSE_ONLY_NOTE),
            candidates=tuple(dict.fromkeys([*applies, rule.id])),
        )
    basis, license_id, confidence = headline(kb, evidence, candidates, detected, known_declared, unknown_declared, unknown_sources)
    if to_review:
        # below 0.9 the evaluation never allows: it asks to confirm the license governs
        confidence = min(confidence, REVIEW_CONFIDENCE)
        basis += "; text to confirm (see the notes)"
    modified = [c.finding for c in candidates if c.source == "license-text" and c.role in ("governs", "use-policy")
                and c.finding is not None and c.finding.match.status == "modified"]
    unsure = bool(unknown_sources or unsettled or not applies) or (
        bool(unknown_declared) and (unknown_declared != ["other"] or not detected))
    rule = kb.get(license_id) if license_id != UNKNOWN else None
    return Classification(
        license_id=license_id,
        category=rule.category if rule else "unknown",
        confidence=confidence,
        basis=basis,
        declared=tuple(declared),
        detected=tuple(detected),
        modified_from=modified[0].match.rule_id if modified else None,
        use_policies=tuple(dict.fromkeys(use_policies)),
        findings=findings,
        conflicts=tuple(conflicts),
        notes=tuple(notes),
        candidates=tuple(applies) + ((UNKNOWN,) if unsure else ()),
    )


def headline(kb, evidence, candidates: list[Candidate], detected, known_declared, unknown_declared, unknown_sources) -> tuple[str, str, float]:
    """The license the headline shows, why, and how sure: the most restrictive license text; else the
    most restrictive license the metadata declares; else unknown, saying what is missing."""
    if detected:
        # each file's license, then the other licenses files carry in full, then those they only name
        texts = [c for c in candidates if c.source in TEXT_SOURCES and c.role != "use-policy" and c.license_id in detected]
        texts.sort(key=lambda c: TEXT_SOURCES.index(c.source))
        best = max(texts, key=lambda c: (restrictiveness(kb.get(c.license_id)), c.confidence))
        assert best.finding is not None
        file, match, rule_id, score = best.finding.file, best.finding.match, best.license_id, best.confidence
        how = "license text" if best.finding.role != "card" else "license text in the model card"
        if rule_id in match.also_named and rule_id not in match.also_licenses:
            return f"{file} names {rule_id} besides the {match.rule_id} text", rule_id, score
        if rule_id != match.rule_id:
            return (f"{file} also contains {rule_id} in full, besides {match.rule_id} ({how}, "
                    f"score {score:.2f} or more)", rule_id, score)
        status = "matches" if match.status == "exact" else "is a modified copy of"
        return f"{file} {status} {rule_id} ({how}, score {score:.3f})", rule_id, score
    if known_declared and not unknown_sources:
        rule_id = max(known_declared, key=lambda d: restrictiveness(kb.get(d)))
        return f"card metadata declares {rule_id}; no license text to confirm it", rule_id, METADATA_CONFIDENCE
    if unknown_sources:
        return f"{', '.join(unknown_sources)} matches no known license", UNKNOWN, 0.0
    if unknown_declared:
        return f"card declares '{unknown_declared[0]}', which licscan does not know", UNKNOWN, 0.0
    if evidence.fetch_failed:
        return "no evidence could be fetched", UNKNOWN, 0.0
    return "no license declared in the card and no license file found", UNKNOWN, 0.0


def _rule(kb: KnowledgeBase, license_id: str):
    rule = kb.get(license_id)
    assert rule is not None, license_id
    return rule


__all__ = ["decide", "headline", "PROSE_CONFIDENCE"]
