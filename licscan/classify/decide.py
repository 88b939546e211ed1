"""From the strategies' candidates to one classification: every license that applies is kept, the most
restrictive decides the headline, and disagreements between the kinds of evidence are conflicts."""

from __future__ import annotations

from typing import cast

from ..model import Classification, Evidence, FileFinding
from ..rules import KnowledgeBase, LicenseRule, names_no_license, restrictiveness
from ..vocabulary import UNKNOWN, Category
from .candidates import METADATA_CONFIDENCE, OPEN, REVIEW_CONFIDENCE, TEXT_SOURCES, WORD_SOURCES, Candidate, Reading, SoFar

BARE_OTHER = "other"
# `license: [apache-2.0, unknown]`: the Hub's `unknown` beside a license, kept by the metadata strategy (metadata.UNKNOWN_MEMBER)
# as 'other' is: a license the card does not name, which a license text in the checkpoint may say
BARE_UNKNOWN = "unknown"
BARE_IDS = (BARE_OTHER, BARE_UNKNOWN)
PROSE_ONLY_NOTE = "license stated only in the card's prose, not in its metadata or a license file"


def decide(kb: KnowledgeBase, evidence: Evidence, readings: tuple[Reading, ...]) -> Classification:
    found = SoFar(evidence, readings)
    rule: LicenseRule | None   # the prose fallback's license, else the governing one (None when unknown)
    applies, use_policies = applicable(kb, found)
    findings, said, noted = tuple(found.findings), tuple(conflicts(found)), notes(found)
    fallback = prose_only(kb, found)
    if fallback is not None:
        rule = _rule(kb, fallback.license_id)
        bare = ("the card metadata declares 'other' with no name, link or text, and no file says which" if found.declared()
                else "no license in the card metadata or files")
        noted = tuple(note for note in noted if note != _unknown_name_note(BARE_OTHER))   # the prose says which
        return Classification(
            license_id=rule.id, category=_category(rule), confidence=fallback.confidence,
            basis=f"{bare}; {fallback.basis}", declared=(rule.id,),
            use_policies=tuple(dict.fromkeys([*use_policies, *rule.use_policies])), findings=findings,
            conflicts=said, notes=(*noted, PROSE_ONLY_NOTE),
            # terms licscan cannot check stay unsettled, whatever the prose names
            candidates=tuple(dict.fromkeys([*applies, rule.id])) + ((UNKNOWN,) if found.remarks_of("unsettled") else ()),
            components=components(found, applies), own_terms=tuple(found.remarks_of("own-terms")),
        )
    basis, license_id, confidence = headline(kb, evidence, found)
    if found.remarks_of("review"):
        # below 0.9 the evaluation never allows: it asks to confirm the license governs
        confidence = min(confidence, REVIEW_CONFIDENCE)
        basis += "; text to confirm (see the notes)"
    modified = [c.finding for c in found.candidates if c.source == "license-text" and c.role in ("governs", "use-policy")
                and c.finding is not None and c.finding.match.status == "modified"]
    rule = kb.get(license_id) if license_id != UNKNOWN else None
    return Classification(
        license_id=license_id, category=modified_category(kb, found, modified[0]) if modified and license_id == modified[0].match.rule_id
        else _category(rule),
        confidence=confidence, basis=basis,
        declared=tuple(found.declared()), detected=tuple(found.detected()),
        modified_from=modified[0].match.rule_id if modified else None,
        use_policies=tuple(dict.fromkeys(use_policies)), findings=findings, conflicts=said, notes=noted,
        candidates=tuple(applies) + ((UNKNOWN,) if unsettled(found, applies) else ()), components=components(found, applies),
        own_terms=tuple(found.remarks_of("own-terms")),
    )


def modified_category(kb: KnowledgeBase, found: SoFar, modified: FileFinding) -> Category:
    """A modified copy's terms are not the known license's (issue 14): its category is unknown, unless the
    text restricts use in its own words ("solely for your non-commercial research purposes"): then it is
    the most restrictive such restriction's."""
    stated = [_rule(kb, c.license_id) for c in found.candidates
              if c.source == "text-terms" and c.finding is not None and c.finding.file == modified.file]
    return _category(max(stated, key=restrictiveness)) if stated else "unknown"


def applicable(kb: KnowledgeBase, found: SoFar) -> tuple[list[str], list[str]]:
    """Every license that applies (the texts', the metadata's, those files name, the card's words', the weight headers',
    a translated card's front matter's), and the use policies: those found as texts and those the licenses bring (not the headers')."""
    applies = found.applying() + [c.license_id for c in found.candidates if c.source == "file-names"]
    # what the card's words say applies: its restrictions, the base family it names
    applies += [c.license_id for c in found.candidates
                if c.source in WORD_SOURCES and c.role == "governs" and c.license_id not in applies]
    use_policies = [c.license_id for c in found.candidates if c.role == "use-policy"]
    use_policies += [policy for license_id in applies for policy in _rule(kb, license_id).use_policies]
    applies += [c.license_id for c in found.candidates if c.source == "weight-header"]
    # the card in another language declaring a license README.md does not (acc58)
    applies += [c.license_id for c in found.candidates if c.source == "translation-metadata" and c.license_id not in applies]
    return applies, use_policies


def components(found: SoFar, applies: list[str]) -> tuple[str, ...]:
    """Licenses of bundled components a notice lists (kept with their notices), unless they also govern."""
    return tuple(dict.fromkeys(c.license_id for c in found.candidates if c.role == "component" and c.license_id not in applies))


def conflicts(found: SoFar) -> list[str]:
    """Where the kinds of evidence disagree, or a text says what licscan cannot check."""
    detected, known_declared = found.detected(), found.declared(known=True)
    out = found.remarks_of("conflict")
    if detected and known_declared and not set(known_declared) & set(detected):
        out.append(f"card declares {', '.join(known_declared)} but the license text is {', '.join(detected)}")
    out += [f"{name} does not match any known license" + ("" if "header" in name else " text") for name in found.remarks_of("unknown-file")]
    out += [f"{note}; needs legal review" for note in found.remarks_of("unsettled")]
    return out


def notes(found: SoFar) -> tuple[str, ...]:
    """Informational: how the files were read, words to confirm, names licscan does not know."""
    # a bare 'other' beside a license text is that text's license ("the text says what 'other' is"): nothing to note
    return (*found.remarks_of("note"), *found.remarks_of("review"),
            *(_unknown_name_note(name) for name in found.declared(known=False) if not _settled_by_a_text(found, name)))


def _settled_by_a_text(found: SoFar, name: str) -> bool:
    """Whether a license text in the checkpoint says what a bare declared id is: a bare 'other' is the text's license;
    the Hub's `unknown` or `other` listed beside a license the card names (`license: [mit, unknown]`) is settled only by
    the text of another license (the MIT text beside `mit` is the named member's, and says nothing of what the bare
    member is, review38)."""
    if name not in BARE_IDS:
        return False
    # the same for a bare 'other' listed beside a license the card names (`license: [apache-2.0, other]` with the Apache
    # text: review43); alone, 'other' is any text's license, as there is no named member the text could be
    return bool(set(found.detected()) - set(found.declared(known=True)))


def _settles_nothing_for_other(rule: LicenseRule) -> bool:
    """A license that cannot be what a bare 'other' declares: one the Hub has an id for, or an open
    license (permissive or copyleft: "the sample images are in the public domain", "the code is MIT").
    A vendor's model license named in the prose (Baichuan's community license) can."""
    return bool(rule.hub_ids) or rule.category in OPEN


def _unknown_name_note(name: str) -> str:
    if name == BARE_OTHER:   # the Hub's word for a license not in its list: no name licscan lacks, no name at all
        return "card declares 'other' and names no license: no license name, link or license file says which"
    if name == BARE_UNKNOWN:
        return ("card metadata lists 'unknown' (the Hub's id for a license it does not name) beside other licenses: "
                "another license applies, and no license file says which (the text of a license it lists by name is that one's)")
    if names_no_license(name):
        return f"card's license field holds '{name}', which names no license"
    return f"card declares '{name}', which licscan does not know"


def prose_only(kb: KnowledgeBase, found: SoFar) -> Candidate | None:
    """A license the card's prose names counts only when nothing else says which license applies; a bare
    ``license: other`` (no name, link or text) says nothing of which, so the prose settles it (issue 15),
    but only with a vendor's model license: 'other' says the license is none of the Hub's own, so prose
    naming one of those or an open license ("the code is under Apache 2.0", "the images are public
    domain") is about something else, and never stands in for the weights' terms."""
    fallback = next((c for c in found.candidates if c.role == "fallback"), None)
    declared = found.declared()
    if declared not in ([], [BARE_OTHER]) or found.detected() or found.remarks_of("unknown-file"):
        return None
    if declared == [BARE_OTHER] and fallback is not None and _settles_nothing_for_other(_rule(kb, fallback.license_id)):
        return None
    return fallback


def unsettled(found: SoFar, applies: list[str]) -> bool:
    """Whether some license that may apply is unknown: a text or header matching nothing, terms
    licscan cannot check, nothing at all, or a declared name it does not know (``other`` beside a
    recognised text excepted: the text says what "other" is)."""
    return bool(found.remarks_of("unknown-file") or found.remarks_of("unsettled") or not applies) or any(
        not _settled_by_a_text(found, name) for name in found.declared(known=False))


def headline(kb: KnowledgeBase, evidence: Evidence, found: SoFar) -> tuple[str, str, float]:
    """The license the headline shows, why, and how sure: the most restrictive license text; else the
    most restrictive license the metadata declares; else unknown, saying what is missing."""
    detected, known_declared, unknown_declared = found.detected(), found.declared(known=True), found.declared(known=False)
    unknown_sources = found.remarks_of("unknown-file")
    if detected:
        # each file's license, then the other licenses files carry in full, then those they only name
        texts = [c for c in found.candidates if c.source in TEXT_SOURCES and c.role != "use-policy" and c.license_id in detected]
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
        status = {"exact": "matches", "partial": "is a partial copy of"}.get(match.status, "is a modified copy of")
        return f"{file} {status} {rule_id} ({how}, score {score:.3f})", rule_id, score
    if known_declared and not unknown_sources:
        rule_id = max(known_declared, key=lambda d: restrictiveness(kb.get(d)))
        return f"card metadata declares {rule_id}; no license text to confirm it", rule_id, METADATA_CONFIDENCE
    if unknown_sources:
        return f"{', '.join(unknown_sources)} matches no known license", UNKNOWN, 0.0
    if unknown_declared:
        return _unknown_name_note(unknown_declared[0]), UNKNOWN, 0.0
    worded = [c for c in found.candidates if c.source in WORD_SOURCES and c.role == "governs"]
    if worded:
        # no declaration, no text: what the card's words say applies (a base family it names, its restrictions)
        best = max(worded, key=lambda c: restrictiveness(kb.get(c.license_id)))
        return f"no license declared in the card and no license file found; {best.basis}", best.license_id, best.confidence
    if evidence.fetch_failed:
        return "no evidence could be fetched", UNKNOWN, 0.0
    return "no license declared in the card and no license file found", UNKNOWN, 0.0


def _rule(kb: KnowledgeBase, license_id: str) -> LicenseRule:
    rule = kb.get(license_id)
    assert rule is not None, license_id
    return rule


def _category(rule: LicenseRule | None) -> Category:
    # the rules loader admits only the vocabulary's categories (a test keeps the two lists equal)
    return cast(Category, rule.category) if rule else "unknown"

