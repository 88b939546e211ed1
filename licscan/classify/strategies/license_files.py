"""The texts of the license files: the strongest evidence, as licensee reads a LICENSE file first.
Which of them govern the weights when a repo splits its licenses is decided here."""

from __future__ import annotations

import re

from ...lazy_regex import lazy
from ...matcher import Matcher, states_terms
from ...model import Evidence, EvidenceFile, FileFinding
from ...normalize import tokens
from ...rules import KnowledgeBase
from ...sources.common import collected_by_its_name_only
from ..candidates import EvidenceStrategy, Reading, Remark, SoFar
from ..card_words import load_card_words
from .texts import read_component_notice, read_finding

_CODE_ONLY = lazy(r"(^|[^a-z])code([^a-z]|$)", re.IGNORECASE)
_WEIGHTS = lazy(r"(model|weight)", re.IGNORECASE)


def files_for_weights(evidence: Evidence) -> tuple[set[str], str | None]:
    """When a repo splits licenses (an Apache LICENSE for code beside a MODEL_LICENSE), the weights are
    governed by the model one; the code one is reported but does not decide. (governing names, note)."""
    words = load_card_words()
    licenses = [f.name for f in evidence.files if f.role == "license" and not words.component_file_name.search(f.name.rsplit("/", 1)[-1])]
    weights = [n for n in licenses if _WEIGHTS.search(n)]
    code = [n for n in licenses if _CODE_ONLY.search(n)]
    if weights and len(weights) < len(licenses):
        others = [n for n in licenses if n not in weights]
        return set(weights), f"{', '.join(weights)} governs the weights; {', '.join(others)} taken to cover code or other material"
    if code and len(code) < len(licenses):
        return set(licenses) - set(code), f"{', '.join(code)} names code only; the other license files govern the weights"
    return set(licenses), None


# Words that put something under a license: "Llama 3.1 is licensed under ...", "These weights are released under ..."
_PUT_UNDER = lazy(r"\b(?:licen[cs]ed|released|distributed|provided|made\s+available|governed|covered)\s+(?:\w+\s+)?(?:under|by)\b",
                  re.IGNORECASE)
_LICENSE_WORD = lazy(r"\b(?:licen[cs]es?|terms\s+of\s+use|agreement)\b", re.IGNORECASE)
_URL = lazy(r"https?://[^\s<>()\[\]\"'`]+")


def names_a_license(kb: KnowledgeBase, matcher: Matcher, text: str) -> bool:
    """Whether a file's text names a license (a rule's name, a rule's link) or says what is licensed under one:
    "Llama 3.1 is licensed under the Llama 3.1 Community License", "See https://mistral.ai/licenses/MRL-0.1.md" (acc47)."""
    if _PUT_UNDER.search(text) or any(kb.by_link(url.rstrip(".,;:")) for url in _URL.findall(text)):
        return True
    # a license's name, said as a license's ("the Gemma Terms of Use"): "the Gemma chat template" names a model, not its terms
    return bool(_LICENSE_WORD.search(text) and matcher.named_licenses(tokens(text)))


def holds_no_license(finding: FileFinding, text: str, kb: KnowledgeBase, matcher: Matcher) -> bool:
    """Whether a file's text is no license's, whole, partial or altered, holds none in part, states no terms of
    its own ("This model is for research use only" does) and names no license (names_a_license): prose about the work."""
    match = finding.match
    if names_a_license(kb, matcher, text):
        return False   # a notice or a pointer to a license: read as any license file is (acc47)
    return (match.rule_id is None and not match.also_found and not match.also_licenses and not match.also_modified
            and not states_terms(tokens(text)))


def holds_nothing(file: EvidenceFile) -> bool:
    """A file with no bytes, or only a few blank ones: not a PDF or document whose text could not be extracted
    (those are hundreds of bytes at least, and stay a text licscan cannot read)."""
    return file.size == 0 or (file.size < 256 and not file.text.strip())


def holds_a_license_text(finding: FileFinding) -> bool:
    """Whether the matcher found a license's text in a file, whole, in part or altered."""
    match = finding.match
    return bool(match.rule_id is not None or match.also_found or match.also_licenses or match.also_modified)


class LicenseFiles(EvidenceStrategy):
    name = "license files"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        governing, note = files_for_weights(evidence)
        findings, candidates, remarks = [], [], [Remark("note", note)] if note else []
        for file in evidence.files:
            if file.role != "license":
                continue
            if holds_nothing(file):
                # a 0-byte LICENSE (a placeholder a template made) says nothing: read as no license file, not as a
                # text no license matches (cards31: an XTTS fine-tune's empty LICENSE beside its license key)
                remarks.append(Remark("note", f"{file.name} is empty: it holds no license text"))
                continue
            finding = FileFinding(file.name, file.sha256, file.role, self.matcher.match(file.text))
            if collected_by_its_name_only(file.name, self.kb) and holds_no_license(finding, file.text, self.kb, self.matcher):
                # "RESEARCH.md" a paper's summary, "gemma.md" a prompt format: read for its name, a document (acc46)
                remarks.append(Remark("note", f"{file.name}, collected by its name, holds no license text"))
                continue
            if file.read_for_its_text and not holds_a_license_text(finding):
                # a file read for whether it holds a license (review52: "WEIGHTS.md", "by-nc.txt"), whose words are a
                # document's: a model card's safety subcard that names the licenses ("safety.md") is no license file
                continue
            if load_card_words().component_file_name.search(file.name.rsplit("/", 1)[-1]):
                # THIRD_PARTY_NOTICES.txt, third-party-notices.md: the licenses of bundled components
                found, said = read_component_notice(self.kb, finding)
            else:
                found, said = read_finding(self.kb, finding, file.name in governing)
            findings.append(finding)
            candidates += found
            remarks += said
        return Reading(self.name, tuple(findings), tuple(candidates), tuple(remarks), reads_texts=True)
