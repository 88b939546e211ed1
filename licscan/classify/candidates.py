"""What a classification strategy returns: candidate licenses, each with its confidence, its role for
the weights and the words it rests on, plus remarks about the evidence; and the view of what the
strategies before it found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol, Sequence

from ..matcher import Matcher
from ..model import Evidence, FileFinding
from ..rules import KnowledgeBase, LicenseRule
from ..vocabulary import CATEGORY_RANK, EvidenceRole

# Confidence given to a license known only from the card's metadata.
METADATA_CONFIDENCE = 0.9
# A license named only in the card's prose is a weak declaration: never enough for "allowed".
PROSE_CONFIDENCE = 0.6
# A license text with words outside it that licscan cannot read as terms: conditional, to be confirmed.
REVIEW_CONFIDENCE = 0.85

# Where a candidate was found.
Source = Literal[
    "license-text",    # a file (or the card body) is that license's text
    "text-also",       # a file carries that license's (or use policy's) text besides its main one
    "text-names",      # a file names that license in words beside a license text
    "metadata",        # the card's YAML declares it
    "file-names",      # a license or NOTICE file that matches no text names it
    "weight-header",   # a weight file's header declares it
    "prose",           # the card's prose or its license lines name it
]
TEXT_SOURCES: tuple[Source, ...] = ("license-text", "text-also", "text-names")

# What a remark is about. "conflict", "unsettled" (terms licscan cannot check) and "unknown-file" are
# conflicts; "review" (words to confirm, never allowed unread) and "note" are notes.
RemarkKind = Literal["conflict", "unsettled", "unknown-file", "review", "note"]


@dataclass(frozen=True)
class Candidate:
    license_id: str                 # a rule id, or a name as the evidence writes it when known is False
    source: Source
    role: EvidenceRole
    confidence: float
    basis: str                      # the words it rests on, quoted
    finding: FileFinding | None = None    # the file whose text it was found in
    known: bool = True              # the knowledge base has a rule for it


@dataclass(frozen=True)
class Remark:
    kind: RemarkKind
    message: str


@dataclass(frozen=True)
class Reading:
    """One strategy's answer."""

    strategy: str
    findings: tuple[FileFinding, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    remarks: tuple[Remark, ...] = ()


@dataclass(frozen=True)
class SoFar:
    """What the strategies run before this one found; later evidence may depend on earlier (a notice
    names a license only if the license files have not shown it already)."""

    readings: tuple[Reading, ...] = ()

    @property
    def findings(self) -> list[FileFinding]:
        return [f for r in self.readings for f in r.findings]

    @property
    def candidates(self) -> list[Candidate]:
        return [c for r in self.readings for c in r.candidates]

    def detected(self) -> list[str]:
        """Licenses whose text governs the weights, in the order found."""
        return list(dict.fromkeys(c.license_id for c in self.candidates if c.source in TEXT_SOURCES and c.role == "governs"))

    def declared(self, known: bool | None = None) -> list[str]:
        return [c.license_id for c in self.candidates if c.source == "metadata" and known in (None, c.known)]

    def applying(self) -> list[str]:
        """The licenses the texts and the metadata say apply."""
        return list(dict.fromkeys([*self.detected(), *self.declared(known=True)]))


class Strategy(Protocol):
    name: str

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading: ...


class EvidenceStrategy:
    """Base of the strategies: each holds the knowledge base and the matcher it reads with."""

    name = "evidence"

    def __init__(self, kb: KnowledgeBase, matcher: Matcher):
        self.kb = kb
        self.matcher = matcher

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        raise NotImplementedError


def restrictiveness(rule: LicenseRule | None) -> int:
    # a category the vocabulary does not know yet ranks as unknown: fail closed
    return CATEGORY_RANK.get(rule.category if rule else "unknown", CATEGORY_RANK["unknown"])


def strictest(kb: KnowledgeBase, license_ids: Sequence[str]) -> int:
    return max(restrictiveness(kb.get(license_id)) for license_id in license_ids)
