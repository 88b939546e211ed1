"""From evidence to a license: what the card declares, what the files say, and how they agree.

Matchers are tried in order, each with its own confidence, as licensee does it: the license files'
texts (strongest), a license text embedded in the card body, then the card metadata (the author's
declaration). Where they disagree, every candidate is kept and the evaluation takes the most
restrictive; the conflict is reported.
"""

from __future__ import annotations

import re

from .matcher import OTHER_LICENSE, Matcher, states_terms
from .normalize import tokens
from .model import Classification, Evidence, FileFinding, TextMatch
from .rules import KnowledgeBase, LicenseRule

# Confidence given to a license known only from the card's metadata.
METADATA_CONFIDENCE = 0.9
# A license named only in the card's prose is a weak declaration: never enough for "allowed".
PROSE_CONFIDENCE = 0.6
# A license text with words outside it that licscan cannot read as terms: conditional, to be confirmed.
REVIEW_CONFIDENCE = 0.85
# A license text found inside a card body must be this complete to count as evidence.
CARD_BODY_MIN_SCORE = 0.9
_PROSE = re.compile(
    r"(?:licen[cs]ed|released|distributed|available|provided|governed)\s+(?:\w+\s+){0,2}?(?:under|by)\s+(?P<rest>[^\n]{1,160})"
    r"|\blicen[cs]e\s*[:\-]\s*(?P<rest2>[^\n]{1,160})",
    re.IGNORECASE,
)
_LICENSE_WORD = re.compile(r"licen[cs]", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+|\n")
# Words that are license names in the rules but also ordinary words after "licensed under".
_NOT_A_NAME = {"the", "a", "an", "our", "this", "other", "same", "terms"}
_CODE_ONLY = re.compile(r"(^|[^a-z])code([^a-z]|$)", re.IGNORECASE)
_WEIGHTS = re.compile(r"(model|weight)", re.IGNORECASE)


class Classifier:
    def __init__(self, kb: KnowledgeBase, matcher: Matcher | None = None):
        self.kb = kb
        self.matcher = matcher or Matcher(kb)

    def classify_text(self, text: str) -> TextMatch:
        return self.matcher.match(text)

    def classify(self, evidence: Evidence) -> Classification:
        findings: list[FileFinding] = []
        conflicts: list[str] = []
        notes: list[str] = []
        declared = self._declared(evidence)

        governing_files = self._files_for_weights(evidence, notes)
        for file in evidence.files:
            if file.role == "card":
                continue
            match = self.matcher.match(file.text)
            findings.append(FileFinding(file.name, file.sha256, file.role, match))
        partial_in_card: list[str] = []
        if evidence.card_body.strip():
            match = self.matcher.match(evidence.card_body)
            if match.rule_id and match.score >= CARD_BODY_MIN_SCORE:
                card = next((f for f in evidence.files if f.role == "card"), None)
                findings.append(FileFinding("README.md", card.sha256 if card else "", "card", match))
            elif match.rule_id:
                # most of a license's text in the card, but not all of it: which terms apply is unsettled
                partial_in_card.append(f"README.md contains {match.score:.0%} of the {match.rule_id} text")

        detected: list[str] = []
        use_policies: list[str] = []
        unknown_files: list[str] = []
        modified: list[tuple[str, TextMatch]] = []
        altered_others: list[str] = list(partial_in_card)   # an altered or partial second license, terms outside the license: unsettled
        to_review: list[str] = []        # other words outside the license: never allowed unread
        for finding in findings:
            match = finding.match
            rule = self.kb.get(match.rule_id) if match.rule_id else None
            use_policies.extend(match.also_found)
            if rule is not None and (finding.file in governing_files or finding.role in ("card", "use-policy", "notice")):
                # A file that carries a second license in full is under that one too (the most restrictive
                # decides), whatever the file's first match is (a license, or a use policy).
                detected.extend(match.also_licenses)
                if finding.role != "card":   # a card names models and their licenses in passing
                    detected.extend(match.also_named)
                if match.also_modified:
                    altered_others.append(f"{finding.file} also contains an altered copy of {', '.join(match.also_modified)}")
                if match.unexplained and finding.role != "card":
                    if match.unexplained_terms:
                        altered_others.append(f"{finding.file} states terms outside the {rule.id} text: “{match.unexplained}”")
                    else:
                        to_review.append(f"{finding.file} has words outside the {rule.id} text; confirm they change "
                                         f"nothing: “{match.unexplained}”")
            if rule is not None and rule.kind == "use-policy":
                use_policies.append(rule.id)
                if match.status == "modified":
                    # An altered use policy may add or drop restrictions: as unsettled as an altered license.
                    modified.append((finding.file, match))
                continue
            if finding.role == "license" and finding.file not in governing_files:
                continue   # a code license beside the weights' license (see _files_for_weights)
            if rule is None:
                if finding.role in ("license", "use-policy"):
                    unknown_files.append(finding.file)
                continue
            detected.append(rule.id)
            if match.status == "modified":
                modified.append((finding.file, match))

        candidates = list(dict.fromkeys([*detected, *(d for d in declared if self.kb.get(d))]))
        # The card's prose may name a more restrictive license than its metadata or license file ("The
        # model weights are released under CC BY-NC 4.0"), or only a dataset's or another model's: a
        # reader decides, and until then the checkpoint is never allowed.
        if candidates and evidence.card_body:
            strictest = max(_restrictiveness(self.kb.get(c)) for c in candidates)
            named = [*self.prose_licenses(evidence.card_body), *self._license_lines(evidence.card_body)]
            for rule_id, phrase in dict(reversed(named)).items():
                if rule_id not in candidates and _restrictiveness(self.kb.get(rule_id)) > strictest:
                    to_review.append(f"the card's text says “{phrase}” ({rule_id}), more restrictive than "
                                     f"{', '.join(candidates)}; confirm which applies to the weights")
        # A notice or license file that matches no license text may still say which license applies
        # (Llama's required "Llama 3.1 is licensed under the Llama 3.1 Community License" NOTICE line).
        for finding in findings:
            if finding.match.rule_id is None and finding.role != "card":
                text = next((f.text for f in evidence.files if f.name == finding.file), "")
                words = tokens(text)
                # a license file names its license however it phrases it
                for rule_id in self.matcher.named_licenses(words):
                    if rule_id not in candidates:
                        candidates.append(rule_id)
                        notes.append(f"{finding.file} names {rule_id}")
                # a NOTICE that matches no license and states terms of its own is as unsettled as an unknown
                # license; words that repeat the licenses' own texts (Apache's header, Gemma's notice) are not its own
                if finding.role == "notice" and states_terms(self.matcher.words_of_its_own(words, candidates)):
                    altered_others.append(f"{finding.file} states terms licscan cannot check: “{' '.join(text.split()[:40])}”")
        for rule_id in candidates:
            rule = self.kb.get(rule_id)
            assert rule is not None
            use_policies.extend(rule.use_policies)

        for weight_file, value in evidence.weight_licenses:
            rule = self.kb.by_name(value)
            weight_id = rule.id if rule else value
            if weight_id not in declared:
                conflicts.append(f"{weight_file} header declares '{value}' but the card declares {', '.join(declared) or 'nothing'}")
            if rule is not None:
                candidates.append(rule.id)
            else:
                unknown_files.append(f"{weight_file} (header license '{value}')")
        known_declared = [d for d in declared if self.kb.get(d)]
        unknown_declared = [d for d in declared if not self.kb.get(d)]
        if detected and known_declared and not set(known_declared) & set(detected):
            conflicts.append(
                f"card declares {', '.join(known_declared)} but the license text is {', '.join(dict.fromkeys(detected))}"
            )
        for name in unknown_files:
            conflicts.append(f"{name} does not match any known license" + ("" if "header" in name else " text"))
        conflicts.extend(f"{note}; needs legal review" for note in altered_others)
        notes.extend(to_review)
        notes.extend(f"card declares '{d}', which licscan does not know" for d in unknown_declared)

        if not declared and not detected and not unknown_files and evidence.card_body:
            prose = self.prose_license(evidence.card_body)
            if prose is not None:
                rule_id, phrase = prose
                candidates.append(rule_id)
                return Classification(
                    license_id=rule_id,
                    category=self.kb.get(rule_id).category,
                    confidence=PROSE_CONFIDENCE,
                    basis=f"no license in the card metadata or files; the card's text says “{phrase}”",
                    declared=(rule_id,),
                    use_policies=tuple(dict.fromkeys([*use_policies, *self.kb.get(rule_id).use_policies])),
                    findings=tuple(findings),
                    conflicts=tuple([*conflicts, *notes, "license stated only in the card's prose, not in its metadata or a license file"]),
                    candidates=tuple(dict.fromkeys(candidates)),
                )
        basis, license_id, confidence = self._decide(findings, detected, known_declared, unknown_declared, unknown_files, evidence)
        if to_review:
            # below 0.9 the evaluation never allows: it asks to confirm the license governs
            confidence = min(confidence, REVIEW_CONFIDENCE)
            basis += "; text to confirm (see the conflicts)"
        rule = self.kb.get(license_id) if license_id != "unknown" else None
        return Classification(
            license_id=license_id,
            category=rule.category if rule else "unknown",
            confidence=confidence,
            basis=basis,
            declared=tuple(declared),
            detected=tuple(dict.fromkeys(detected)),
            modified_from=modified[0][1].rule_id if modified else None,
            use_policies=tuple(dict.fromkeys(use_policies)),
            findings=tuple(findings),
            conflicts=tuple([*conflicts, *notes]),
            candidates=tuple(candidates) + (("unknown",) if (unknown_files or altered_others or not candidates or unknown_declared
                                                            and (unknown_declared != ["other"] or not detected)) else ()),
        )

    def _declared(self, evidence: Evidence) -> list[str]:
        """Licscan ids for what the card's metadata declares (unknown names kept as written)."""
        card = evidence.card
        out: list[str] = []
        for value in card.licenses:
            if value in ("other", "unknown"):
                if value == "other" and card.license_name:
                    rule = self.kb.by_name(card.license_name)
                    out.append(rule.id if rule else card.license_name)
                elif value == "other":
                    out.append("other")
                continue
            rule = self.kb.by_name(value)
            out.append(rule.id if rule else value)
        if not card.licenses and card.license_name:
            rule = self.kb.by_name(card.license_name)
            out.append(rule.id if rule else card.license_name)
        return list(dict.fromkeys(out))

    def prose_license(self, body: str) -> tuple[str, str] | None:
        """A license named only in the card's prose ("released under the Apache License 2.0"):
        (rule id, the phrase) for the first phrase that names a known license, or None."""
        found = self.prose_licenses(body)
        return found[0] if found else None

    def _license_lines(self, body: str) -> list[tuple[str, str]]:
        """Licenses named on a card's lines about licensing: a line that says "license" (a table row
        "| Weights license | CC BY-NC 4.0 |", "**License**: ...") or any line of a "License" section."""
        found: list[tuple[str, str]] = []
        in_section = False
        for line in body[:200_000].splitlines():
            heading = line.lstrip().startswith("#")
            if heading:
                in_section = bool(_LICENSE_WORD.search(line))
            if in_section or _LICENSE_WORD.search(line):
                found.extend((rule_id, line.strip()[:200]) for rule_id in self.matcher.named_licenses(tokens(line)))
        return found

    def prose_licenses(self, body: str) -> list[tuple[str, str]]:
        """Every license prose names ("code under MIT, weights under CC BY-NC 4.0"; "License:
        weights: CC-BY-NC-4.0, code: MIT"), as (rule id, the phrase), in order."""
        found: dict[str, str] = {}
        sentences = _SENTENCE_END.split(body[:200_000])
        for match in (m for sentence in sentences for m in _PROSE.finditer(sentence)):
            words = re.findall(r"[A-Za-z0-9][A-Za-z0-9.+\-]*", match.group("rest") or match.group("rest2") or "")
            start = 0
            while words and words[0].lower() in ("the", "a", "an", "our", "this"):
                words = words[1:]
            # after "released under" the name comes first; after "License:" it may come anywhere in the line
            while start < (len(words) if match.group("rest2") else min(1, len(words))):
                for length in range(min(8, len(words) - start), 0, -1):
                    phrase = " ".join(words[start: start + length]).rstrip(".")
                    rule = self.kb.by_name(phrase)
                    if rule is not None and rule.kind == "license" and phrase.lower() not in _NOT_A_NAME:
                        found.setdefault(rule.id, match.group(0).strip()[:200])
                        start += length - 1
                        break
                start += 1
        return list(found.items())

    def _files_for_weights(self, evidence: Evidence, notes: list[str]) -> set[str]:
        """When a repo splits licenses (an Apache LICENSE for code beside a MODEL_LICENSE), the
        weights are governed by the model one; the code one is reported but does not decide."""
        licenses = [f.name for f in evidence.files if f.role == "license"]
        weights = [n for n in licenses if _WEIGHTS.search(n)]
        code = [n for n in licenses if _CODE_ONLY.search(n)]
        if weights and len(weights) < len(licenses):
            others = [n for n in licenses if n not in weights]
            notes.append(f"{', '.join(weights)} governs the weights; {', '.join(others)} taken to cover code or other material")
            return set(weights)
        if code and len(code) < len(licenses):
            notes.append(f"{', '.join(code)} names code only; the other license files govern the weights")
            return set(licenses) - set(code)
        return set(licenses)

    def _decide(self, findings, detected, known_declared, unknown_declared, unknown_files, evidence) -> tuple[str, str, float]:
        if detected:
            # (finding, license id, score): each file's license, and the other licenses a file carries in
            # full (found at OTHER_LICENSE or more); the most restrictive governs the headline
            found = [(f, f.match.rule_id, f.match.score) for f in findings if f.match.rule_id in detected]
            found += [(f, other, OTHER_LICENSE) for f in findings for other in f.match.also_licenses if other in detected]
            found += [(f, other, PROSE_CONFIDENCE) for f in findings for other in f.match.also_named if other in detected]
            best, rule_id, score = max(found, key=lambda item: (_restrictiveness(self.kb.get(item[1])), item[2]))
            how = "license text" if best.role != "card" else "license text in the model card"
            if rule_id in best.match.also_named and rule_id not in best.match.also_licenses:
                return f"{best.file} names {rule_id} besides the {best.match.rule_id} text", rule_id, score
            if rule_id != best.match.rule_id:
                return (f"{best.file} also contains {rule_id} in full, besides {best.match.rule_id} ({how}, "
                        f"score {score:.2f} or more)", rule_id, score)
            status = "matches" if best.match.status == "exact" else "is a modified copy of"
            return f"{best.file} {status} {rule_id} ({how}, score {score:.3f})", rule_id, score
        if known_declared and not unknown_files:
            rule_id = max(known_declared, key=lambda d: _restrictiveness(self.kb.get(d)))
            return f"card metadata declares {rule_id}; no license text to confirm it", rule_id, METADATA_CONFIDENCE
        if unknown_files:
            return f"{', '.join(unknown_files)} matches no known license", "unknown", 0.0
        if unknown_declared:
            return f"card declares '{unknown_declared[0]}', which licscan does not know", "unknown", 0.0
        if evidence.fetch_failed:
            return "no evidence could be fetched", "unknown", 0.0
        return "no license declared in the card and no license file found", "unknown", 0.0


_CATEGORY_ORDER = {
    "permissive": 0, "copyleft": 1, "openrail": 2, "gemma-terms": 3, "llama-community": 4,
    "revenue-threshold": 5, "other-restricted": 6, "non-commercial": 7, "unknown": 8,
}


def _restrictiveness(rule: LicenseRule | None) -> int:
    return _CATEGORY_ORDER.get(rule.category if rule else "unknown", 8)
