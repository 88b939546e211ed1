"""The records passed between the matcher's modules (frozen dataclasses for what is built once,
named tuples for what each text produces: cheap to make, and they still unpack)."""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from ..model import TextMatch


class ReferenceText(NamedTuple):
    """One reference text of a rule, tokenised (and without a use policy it carries inline), with the
    token spans of its copyright lines: what the disk cache holds."""

    rule_id: str
    text_file: str
    kind: str
    tokens: tuple[str, ...]
    notices: tuple[tuple[int, int], ...] = ()
    benign: tuple[tuple[str, int, int], ...] = ()   # (kind, start, end): benign.benign_spans


@dataclass(frozen=True)
class Span:
    """Reference words [start, end) that copies replace by a name (a rule's replaceable passage)."""

    start: int
    end: int
    max_words: int
    generic: frozenset[tuple[str, ...]]   # generic names allowed there, without articles
    optional: bool = False                # may be left out altogether


@dataclass(frozen=True)
class Reference:
    rule_id: str
    text_file: str
    tokens: tuple[str, ...]
    packed_shingles: bytes     # every distinct 3-gram key, as a native array('q'): see ``shingles``
    sample: frozenset[int]     # the keys the pre-filter counts
    kind: str
    replaceable: tuple[Span, ...] = ()   # token spans a faithful copy may replace (rules' `replaceable`)
    notices: tuple[tuple[int, int], ...] = ()   # token spans of its copyright lines, which copies change
    benign: tuple[tuple[str, int, int], ...] = ()   # (kind, start, end) of its URLs, date lines, acceptance sentence

    @cached_property
    def shingles(self) -> frozenset[int]:
        """Every distinct 3-gram key (finds the passage to align). Made when first asked for: a run
        aligns a few of the references, and a set of 64-bit ints costs ~0.3 ms per 1,000 keys to build."""
        return frozenset(array("q", self.packed_shingles))

    @property
    def shingle_count(self) -> int:
        return len(self.packed_shingles) // 8

    @cached_property
    def token_count(self) -> int:
        return len(self.tokens)

    @cached_property
    def sample_size(self) -> int:
        return len(self.sample)


class StoredReference(Reference):
    """A Reference read from the index file (cache.read_index) whose words and sample are unpacked
    when first asked for: a run aligns a few references, and unpacking all of them (~250,000 words,
    ~30,000 sampled keys) costs ~7 ms. The same record as a Reference in every other way (fields,
    equality, repr, ``dataclasses.replace``)."""

    # set by unpacked_later; annotations only (the class is no dataclass of its own, so they are no fields)
    _vocabulary: tuple[str, ...]
    _typecode: str
    _word_ids: memoryview
    _packed_sample: bytes

    @classmethod
    def unpacked_later(cls, rule_id: str, text_file: str, vocabulary: tuple[str, ...], typecode: str, word_ids: memoryview,
                       packed_shingles: bytes, packed_sample: bytes, kind: str, replaceable: tuple[Span, ...],
                       notices: tuple[tuple[int, int], ...], benign: tuple[tuple[str, int, int], ...]) -> StoredReference:
        """``word_ids``: the reference's words as positions in ``vocabulary``, a native array of ``typecode``;
        ``packed_sample``: its sample as a native array('q')."""
        ref = object.__new__(cls)
        ref.__dict__.update(
            rule_id=rule_id, text_file=text_file, packed_shingles=packed_shingles, kind=kind, replaceable=replaceable,
            notices=notices, benign=benign, token_count=len(word_ids) // array(typecode).itemsize,
            sample_size=len(packed_sample) // 8, _vocabulary=vocabulary, _typecode=typecode, _word_ids=word_ids,
            _packed_sample=packed_sample)
        return ref

    def __getattr__(self, name: str) -> object:   # only called for an attribute the instance does not hold yet
        if name == "tokens":
            positions = array(self._typecode)
            positions.frombytes(self._word_ids)
            value: object = tuple(map(self._vocabulary.__getitem__, positions))
        elif name == "sample":
            value = frozenset(array("q", self._packed_sample))
        else:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        object.__setattr__(self, name, value)   # kept, as a field is: the record stays frozen to its users
        return value


def packed(keys: frozenset[int]) -> bytes:
    return array("q", keys).tobytes()


class Aligned(NamedTuple):
    """A reference aligned with a text."""

    reference: Reference
    score: float                # share of the reference's words found in order in the window
    window: list[str]           # the text's words aligned
    bounds: tuple[int, int]     # the window's [start, end) in the text


class Comparison(NamedTuple):
    """What alignment.compare found: the passages that differ, the reference words credited (copyright
    lines, replaceable passages), and the window's words [start, end) from the first to the last run of
    4 or more words in agreement: where the reference really is (the window also holds stray matches)."""

    differences: list[str]
    credited: int
    solid: tuple[int, int]
    added: tuple[str, ...] = ()   # the words the text adds or puts in place of the reference's, inside it
    benign: tuple[str, ...] = ()  # the passages that differ in ways that change no term ("URL form: “…” for “…”")
    kinds: tuple[str, ...] = ()   # their kinds, in order found (benign.URL, benign.DATE, ...)
    missing_edges: int = 0        # reference words missing before the first or after the last agreement
    inner_changes: int = 0        # material changes between them
    kept: tuple[int, int] = (0, 0)   # the reference's words [start, end) from the first to the last agreement


class Located(NamedTuple):
    """A match, the words [start, end) of the text the chosen reference aligns with (None if nothing
    does) and the words the text adds inside it."""

    match: TextMatch
    extent: tuple[int, int] | None
    added: tuple[str, ...]


class NamedLicenses(NamedTuple):
    """The licenses some words name, in order (repeats kept), and the positions of the naming words."""

    rule_ids: list[str]
    positions: set[int]


class Unread(NamedTuple):
    """Words outside a license: without copyright lines, the licenses they name, and those of them that
    are neither a license's name nor a repeat of the license's own text."""

    words: list[str]
    named: list[str]
    unread: list[str]


class OtherLicenses(NamedTuple):
    """Other licenses found in full in other passages of a text: exact ones, altered ones (and use
    policies given terms of their own), and the words no license or policy explains."""

    found: tuple[str, ...]
    altered: tuple[str, ...]
    rest: list[str]
