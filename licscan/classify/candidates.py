"""What a classification strategy returns: candidate licenses, each with its confidence, its role for
the weights and the words it rests on, plus remarks about the evidence; and the view of what the
strategies before it found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar, cast

from ..matcher import Matcher
from ..model import Evidence, FileFinding
from ..rules import KnowledgeBase, restrictiveness
from ..vocabulary import OPEN_CATEGORIES, EvidenceRole

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
    "translation-metadata",  # the card in another language (README_zh.md) declares it in its own front matter
    "prose",           # the card's prose or its license lines name it
    "card-terms",      # the card's words restrict use of the model ("for research purposes only")
    "lineage-words",   # the repo name or the card's words name a base family the metadata does not declare
    "text-terms",      # a modified license text's own words restrict use of the model ("solely for non-commercial research")
]
TEXT_SOURCES: tuple[Source, ...] = ("license-text", "text-also", "text-names")
# Words (the card's, or a modified license text's own) that make a license apply beside what is declared.
WORD_SOURCES: tuple[Source, ...] = ("card-terms", "lineage-words", "text-terms", "prose")
OPEN = OPEN_CATEGORIES

# What a remark is about. "conflict", "unsettled" (terms licscan cannot check) and "unknown-file" are
# conflicts; "review" (words to confirm, never allowed unread) and "note" are notes; "own-terms" names terms the card's
# own License line gives that licscan does not know (said as an "unsettled" remark too).
RemarkKind = Literal["conflict", "unsettled", "unknown-file", "review", "note", "own-terms"]


@dataclass(frozen=True)
class Candidate:
    """A license a strategy found for the checkpoint, how sure it is and the words it rests on."""

    license_id: str                 # a rule id, or a name as the evidence writes it when known is False
    source: Source
    role: EvidenceRole
    confidence: float
    basis: str                      # the words it rests on, quoted
    finding: FileFinding | None = None    # the file whose text it was found in
    known: bool = True              # the knowledge base has a rule for it


@dataclass(frozen=True)
class Remark:
    """Something a strategy has to say that is no license: a conflict, a file it could not read, words to review."""

    kind: RemarkKind
    message: str
    finding: FileFinding | None = None    # the file whose text it is about


@dataclass(frozen=True)
class Reading:
    """One strategy's answer."""

    strategy: str
    findings: tuple[FileFinding, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    remarks: tuple[Remark, ...] = ()
    reads_texts: bool = False       # a strategy that matches file texts: its findings interleave with the others'


T = TypeVar("T")
_NOT_YET = object()


def _once(compute: Callable[[Any], T]) -> T:
    """A property computed on first use and kept in the instance (functools.cached_property takes a lock on
    every read in Python 3.11: ~4 us, and these are read ~30 times a checkpoint)."""
    name = compute.__name__

    def get(self: Any) -> T:
        found = self.__dict__.get(name, _NOT_YET)
        if found is _NOT_YET:
            found = self.__dict__[name] = compute(self)
        return found  # type: ignore[no-any-return]

    return cast(T, property(get))


@dataclass(frozen=True)
class SoFar:
    """What the strategies run before this one found; later evidence may depend on earlier (a notice
    names a license only if the license files have not shown it already). Whatever strategy read them,
    files come in the order the source lists them, the card body last."""

    evidence: Evidence
    readings: tuple[Reading, ...] = ()

    # SoFar is immutable: what it derives from its readings is computed once (_once); the public properties
    # hand out copies, so no caller changes another's.

    @_once
    def _file_positions(self) -> dict[str, int]:
        positions: dict[str, int] = {}
        for i, f in enumerate(self.evidence.files):
            positions.setdefault(f.name, i)
        return positions

    def position(self, finding: FileFinding | None) -> int:
        if finding is None:
            return len(self.evidence.files) + 1
        if finding.role == "card":
            return len(self.evidence.files)
        return self._file_positions.get(finding.file, len(self.evidence.files))

    def _superseded(self, finding: FileFinding | None) -> bool:
        """A file that a later strategy read better (the catalog found the license a text matching no
        reference, or only a modified one, is): the weaker finding, with its candidates and remarks
        ("matches no known license"), gives way."""
        rank = {"unknown": 0, "modified": 1, "partial": 1, "exact": 2}   # a status not listed ranks lowest
        return finding is not None and finding.match.status != "exact" and any(
            f.file == finding.file and rank.get(f.match.status, 0) > rank.get(finding.match.status, 0)
            for r in self.readings for f in r.findings)

    @_once
    def _findings(self) -> tuple[FileFinding, ...]:
        return tuple(sorted((f for r in self.readings for f in r.findings if not self._superseded(f)), key=self.position))

    @property
    def findings(self) -> list[FileFinding]:
        return list(self._findings)

    @_once
    def _candidates(self) -> tuple[Candidate, ...]:
        return tuple(sorted((c for r in self.readings for c in r.candidates if not self._superseded(c.finding)),
                            key=lambda c: self.position(c.finding)))

    @property
    def candidates(self) -> list[Candidate]:
        """Those found in a file in the files' order, then the others in the order found."""
        return list(self._candidates)

    @_once
    def _remarks(self) -> tuple[Remark, ...]:
        first_text = next((i for i, r in enumerate(self.readings) if r.reads_texts), 0)
        ranked = [((first_text if r.reads_texts else i), -1 if m.finding is None else self.position(m.finding), m)
                  for i, r in enumerate(self.readings) for m in r.remarks if not self._superseded(m.finding)]
        return tuple(m for _, _, m in sorted(ranked, key=lambda item: item[:2]))

    @property
    def remarks(self) -> list[Remark]:
        """In the strategies' order, except that the remarks of the strategies that read texts are listed
        together in the files' order (a remark about no one file first)."""
        return list(self._remarks)

    def remarks_of(self, kind: RemarkKind) -> list[str]:
        return [remark.message for remark in self.remarks if remark.kind == kind]

    def detected(self) -> list[str]:
        """Licenses whose text governs the weights, in the order found."""
        return list(dict.fromkeys(c.license_id for c in self.candidates if c.source in TEXT_SOURCES and c.role == "governs"))

    def declared(self, known: bool | None = None) -> list[str]:
        """What the card's metadata declares: all of it, or only the names licscan knows (or does not)."""
        return [c.license_id for c in self.candidates if c.source == "metadata" and (known is None or c.known == known)]

    def applying(self) -> list[str]:
        """The licenses the texts and the metadata say apply."""
        return list(self._applying)

    @_once
    def _applying(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*self.detected(), *self.declared(known=True)]))


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




def strictest(kb: KnowledgeBase, license_ids: Sequence[str]) -> int:
    return max(restrictiveness(kb.get(license_id)) for license_id in license_ids)
