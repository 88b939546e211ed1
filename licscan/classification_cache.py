"""Classifications remembered between runs: a warm ``licscan check`` of 1,000 unchanged checkpoints
should not read 1,000 license texts again (~2 s), only judge them again.

A classification is a function of the evidence, the knowledge base and the code that reads them, and of
nothing else (the policy changes it only through clarify entries, which never go through this cache,
and through a project's rules, which are part of the knowledge base). So an answer is reused only for
the same evidence, byte for byte (a digest of the whole ``Evidence`` record: every file's text and hash,
the card, the revision, the entry), under a key that covers everything else it rests on: every rule (the
records themselves, not only the version string), the reference texts (size and modification time, as
the matcher's own cache), licscan's code (every module, by content), the license catalog and the
libraries that read texts (bs4, rapidfuzz, PyYAML: where installed and when), the Python version. Any
change is another key, and everything is classified again. Evaluation against the policy runs every time.

marshal, not pickle: a file in the cache directory can only ever build data, never run code.
"""

from __future__ import annotations

import hashlib
import marshal
import threading
from collections.abc import Callable, Sequence
from dataclasses import fields
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .base_ids import BaseIds, keep_lineage_reading, lineage_reading
from .cache_dir import read_remembered, reference_cache_dir, write_atomically
from .model import Classification, Evidence, FileFinding, TextMatch
from .pool import Forked, Takings, can_fork
from .remembered_keys import cache_key, evidence_digest
from .rules import KnowledgeBase

if TYPE_CHECKING:   # imported only when something must be classified
    from .classify import Classifier
    from .matcher import Matcher


class EvidenceClassifier(Protocol):
    """What lineage and clarify need of a classifier: the real Classifier or the caching one."""

    @property
    def kb(self) -> KnowledgeBase: ...

    @property
    def matcher(self) -> Matcher: ...

    def classify(self, evidence: Evidence) -> Classification: ...

_FORMAT = 1
# At most this many answers in one file (the oldest go first); ~400 bytes each.
MAX_ENTRIES = 20_000
_CLASSIFICATION = tuple(f.name for f in fields(Classification))
_FINDING = tuple(f.name for f in fields(FileFinding))
_MATCH = tuple(f.name for f in fields(TextMatch))
def _plain(classification: Classification) -> tuple[Any, ...]:
    row = []
    for name in _CLASSIFICATION:
        value = getattr(classification, name)
        if name == "findings":
            value = tuple((f.file, f.sha256, f.role, tuple(getattr(f.match, n) for n in _MATCH)) for f in value)
        row.append(value)
    return tuple(row)


def _record(row: tuple[Any, ...]) -> Classification:
    values = dict(zip(_CLASSIFICATION, row, strict=True))
    values["findings"] = tuple(FileFinding(file, sha, role, TextMatch(*match)) for file, sha, role, match in values["findings"])
    return Classification(**values)


class ClassificationCache:
    """Answers for one key, read from its file on first use; ``save`` writes the new ones back."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._folder = reference_cache_dir()
        self._key: str | None = None
        self._rows: dict[bytes, tuple[Any, ...]] | None = None
        self._added = False
        self._lock = threading.Lock()
        self._base_ids: BaseIdsCache | None = None
        self._file: Path | None = None

    def _path(self) -> Path | None:
        # asked for each record (get, and the base ids' get): the Path built once
        if self._file is None and self._folder is not None:
            self._key = cache_key(self.kb)
            self._file = self._folder / f"classifications-{self._key[:32]}.marshal"
        return self._file

    def _load(self) -> dict[bytes, tuple[Any, ...]]:
        if self._rows is None:
            rows = read_remembered(self._path(), _FORMAT, self._key, _CLASSIFICATION)
            self._rows = rows if isinstance(rows, dict) else {}
        return self._rows

    def get(self, evidence: Evidence) -> Classification | None:
        if self._folder is None:
            return None
        row = self._load().get(evidence_digest(evidence))
        if row is None:
            return None
        try:
            return _record(row)
        except (TypeError, ValueError):   # a row of another shape: classify again
            return None

    def put(self, evidence: Evidence, classification: Classification) -> None:
        if self._folder is None:
            return
        rows, digest, row = self._load(), evidence_digest(evidence), _plain(classification)
        with self._lock:
            rows[digest] = row
            self._added = True

    @property
    def base_ids(self) -> BaseIdsCache:
        """The base ids lineage reads of a card, remembered beside the classifications (BaseIdsCache)."""
        if self._base_ids is None:
            self._base_ids = BaseIdsCache(self)
        return self._base_ids

    def save(self) -> None:
        """Write the file if anything was added (atomically; the oldest answers beyond MAX_ENTRIES dropped)."""
        if self._base_ids is not None:
            self._base_ids.save()
        path = self._path()
        if path is None or not self._added or self._rows is None or self._folder is None:
            return
        rows = self._rows
        if len(rows) > MAX_ENTRIES:
            rows = dict(list(rows.items())[-MAX_ENTRIES:])
        write_atomically(self._folder, path, marshal.dumps((_FORMAT, self._key, _CLASSIFICATION, rows)))
        self._added = False


_BASE_IDS_FORMAT = 1
_BaseIdsKey = tuple[str, bytes, str]   # (which reading, the evidence's digest, the id it is read as)


def _card_words_digest() -> str:
    """licscan's own card words (rules/card-words/*.yaml), by content: what base_ids reads with load_card_words, whatever
    rules folder the knowledge base was read from (its version covers that folder's)."""
    from .rules import default_dirs  # (as card_words finds them)

    digest = hashlib.sha256()
    for path in sorted((default_dirs()[0] / "card-words").glob("*.yaml")):
        data = path.read_bytes()
        digest.update(b"%s:%d:" % (path.name.encode("utf-8", "surrogatepass"), len(data)))
        digest.update(data)
    return digest.hexdigest()


def _base_ids_row(value: object) -> bool:
    """Whether a remembered value has the shape of an answer of base_ids (a tuple of (id, where) pairs of text)."""
    return isinstance(value, tuple) and all(
        isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str) and isinstance(pair[1], str) for pair in value)


class BaseIdsCache:
    """What base_ids.source_base_ids and undeclared_base_ids read of a checkpoint's evidence (its card's words, its
    config records), remembered between runs as classifications are: by the digest of the whole evidence record (every
    file's text, the card, the revision, the entry) and the id it is read as, in a file whose key is the classifications'
    (licscan's code by content, the knowledge base and its rules, the libraries, Python) joined by licscan's own card
    words by content. A warm check of unchanged checkpoints then reads no card body for lineage (~0.25 s of ~1 s on
    1,000 checkpoints). The answers are a function of those inputs alone (no network, no other checkpoint), so one
    remembered is the one the reading gives (tests/test_base_ids_cache.py compares both ways on every real card)."""

    def __init__(self, cache: ClassificationCache):
        self._cache = cache
        self._rows: dict[_BaseIdsKey, tuple[tuple[str, str], ...]] | None = None
        self._key: str | None = None
        self._file: Path | None = None
        self._added = False
        self._lock = threading.Lock()

    def _path(self) -> Path | None:
        if self._file is None and self._cache._path() is not None and self._cache._folder is not None:
            self._key = hashlib.sha256(f"{_BASE_IDS_FORMAT}:{self._cache._key}:{_card_words_digest()}".encode()).hexdigest()
            self._file = self._cache._folder / f"baseids-{self._key[:32]}.marshal"
        return self._file

    def _load(self) -> dict[_BaseIdsKey, tuple[tuple[str, str], ...]]:
        if self._rows is None:
            rows = read_remembered(self._path(), _BASE_IDS_FORMAT, self._key)
            self._rows = rows if isinstance(rows, dict) else {}
        return self._rows

    def get(self, kind: str, evidence: Evidence, own_id: str) -> tuple[tuple[str, str], ...] | None:
        if self._path() is None:
            return None
        found = self._load().get((kind, evidence_digest(evidence), own_id))
        return found if found is not None and _base_ids_row(found) else None

    def put(self, kind: str, evidence: Evidence, own_id: str, found: tuple[tuple[str, str], ...]) -> None:
        if self._path() is None:
            return
        rows, key = self._load(), (kind, evidence_digest(evidence), own_id)
        with self._lock:
            if rows.get(key) != found:
                rows[key] = found
                self._added = True

    def save(self) -> None:
        """Write the file if anything was added (atomically; the oldest answers beyond MAX_ENTRIES dropped)."""
        path = self._path()
        if path is None or not self._added or self._rows is None or self._cache._folder is None:
            return
        rows = self._rows
        if len(rows) > MAX_ENTRIES:
            rows = dict(list(rows.items())[-MAX_ENTRIES:])
        write_atomically(self._cache._folder, path, marshal.dumps((_BASE_IDS_FORMAT, self._key, rows)))
        self._added = False


class CachingClassifier:
    """A Classifier whose ``classify`` answers from the cache when it can; the real Classifier (and its
    matcher, the costly part) is built only when something must be classified."""

    def __init__(self, kb: KnowledgeBase, cache: ClassificationCache):
        self.kb = kb
        self.cache = cache
        self._real: Classifier | None = None

    @property
    def real(self) -> Classifier:
        if self._real is None:
            from .classify import Classifier

            self._real = Classifier(self.kb)
        return self._real

    @property
    def matcher(self) -> Matcher:
        return self.real.matcher

    def classify(self, evidence: Evidence) -> Classification:
        found = self.cache.get(evidence)
        if found is None:
            found = self.real.classify(evidence)
            self.cache.put(evidence, found)
        return found

    def answer_row(self, evidence: Evidence) -> bytes:
        """The classification as the cache stores it, in bytes (what a forked copy hands back)."""
        return marshal.dumps(_plain(self.real.classify(evidence)))

    @staticmethod
    def rows_answered(answers: Sequence[bytes], count: int) -> list[Classification | None]:
        """``count`` classifications from the rows a forked copy handed back: None for each it did not give."""
        found: list[Classification | None] = []
        for data in answers[:count]:
            try:
                found.append(_record(marshal.loads(data)))
            except (ValueError, TypeError, EOFError):
                break
        return found + [None] * (count - len(found))

    def classify_all(self, items: Sequence[Evidence], processes: int, lineage: bool = False) -> list[Classification]:
        """``classify`` of each item, the ones not remembered shared among up to ``processes`` processes
        (this one and forked copies of it). The items go in groups (``work_groups``: the same license texts
        together, the costliest first), each group taken by whichever process is free (pool.Takings): a
        share split in advance by estimated cost left one process waiting for the other (issue 17's 104
        real license folders: 0.36-0.45 s in this process against 0.25-0.35 s in the copy). A
        classification is a function of the evidence alone, so where it is computed does not change it;
        what a copy that fails or answers out of shape took is classified here, which then meets whatever
        the copy met. ``lineage``: what lineage reads of each item classified (base_ids.lineage_reading) is read
        with it, where it is classified, and the copies' readings kept here (lineage then reads no card again)."""
        answers = [self.cache.get(item) for item in items]
        todo = [i for i, answer in enumerate(answers) if answer is None]
        if not todo:
            return [answer for answer in answers if answer is not None]
        real = self.real     # built before forking: every copy shares the loaded index
        groups = [[todo[j] for j in group] for group in work_groups([items[i] for i in todo])]
        copies_wanted = min(processes, len(todo) // MIN_PER_PROCESS) - 1 if processes > 1 and can_fork() else 0
        try:
            takings = Takings(len(groups)) if copies_wanted > 0 else None
        except ValueError:   # a pipe too small for the groups' numbers: all classified here
            takings = None
        copies: list[Forked] = []
        try:
            def share(taken: Takings) -> Callable[[], bytes]:
                return lambda: marshal.dumps([(number, [_plain(real.classify(items[i])) for i in groups[number]],
                                               [lineage_reading(items[i]) for i in groups[number]] if lineage else None)
                                              for number in taken])

            while takings is not None and len(copies) < copies_wanted:
                try:
                    copies.append(Forked(share(takings)))
                except OSError:   # no process to be had (a limit on processes, memory): what is left is classified here
                    break
            for number in takings if takings is not None else range(len(groups)):
                for i in groups[number]:
                    answers[i] = real.classify(items[i])
                    if lineage:
                        lineage_reading(items[i])   # kept where lineage asks (base_ids._ANSWERS)
            for copy in copies:
                for number, found, readings in _answers(copy.result(), groups):
                    for i, given in zip(groups[number], found, strict=True):
                        answers[i] = given
                    for i, reading in zip(groups[number], readings, strict=False):   # none when lineage is off
                        keep_lineage_reading(items[i], reading)
        finally:
            for copy in copies:
                copy.cancel()
            if takings is not None:
                takings.close()
        for i in todo:
            answer = answers[i]
            if answer is None:
                answer = answers[i] = real.classify(items[i])
            self.cache.put(items[i], answer)
        return [answer for answer in answers if answer is not None]


MIN_PER_PROCESS = 32   # fewer evidences than this per process are not worth a fork (a few ms)
# groups handed out at most: the numbers a pipe holds (pool.Takings: 16,384 in Linux's default 64 KiB); more items than
# that go in fewer, larger groups
MAX_GROUPS = 4096


def work_groups(items: Sequence[Evidence]) -> list[list[int]]:
    """The items' indices in groups, each in order: items whose files hold the same license texts in one group (the
    matcher remembers the answer for a text it met: the text is matched in one process, not in each), the costliest
    groups first (the last ones taken, while the other processes finish theirs, are the cheapest), at most MAX_GROUPS
    (neighbours joined). Deterministic: the same items give the same groups."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, item in enumerate(items):
        groups.setdefault(tuple(f.sha256 for f in item.files if f.role != "card"), []).append(i)
    costed = []
    for members in groups.values():
        texts = sum(len(f.text) for f in items[members[0]].files if f.role != "card")
        costed.append((texts // 2 + sum(_ITEM_COST + 2 * len(items[i].card_body) for i in members), members))
    ordered = [members for _, members in sorted(costed, key=lambda costed: (-costed[0], costed[1][0]))]
    if len(ordered) > MAX_GROUPS:
        # neighbours joined, as many in each as it takes to fit (still the costliest first)
        size = -(-len(ordered) // MAX_GROUPS)
        ordered = [sorted(chain.from_iterable(ordered[k: k + size])) for k in range(0, len(ordered), size)]
    return ordered


# rough costs in microseconds of one core (measured on the 1,000-checkpoint benchmark): matching the license
# texts, once per group, ~0.5 per character; reading one evidence ~500, and ~2 per character of its card's
# body (the card strategies read all of it)
_ITEM_COST = 500


def _answers(data: bytes | None, groups: list[list[int]]) -> list[tuple[int, list[Classification], list[tuple[BaseIds, BaseIds]]]]:
    """A forked copy's answers (the groups it took, each with a classification for each of its items and, when asked
    for, what lineage reads of each), or none when it failed or any row is out of shape: what it took is then
    classified here (and read by lineage when it asks)."""
    try:
        rows = marshal.loads(data) if data is not None else None
        if isinstance(rows, list) and all(
                isinstance(row, tuple) and len(row) == 3 and type(row[0]) is int and 0 <= row[0] < len(groups)
                and isinstance(row[1], list) and len(row[1]) == len(groups[row[0]])
                and (row[2] is None or isinstance(row[2], list) and len(row[2]) == len(groups[row[0]]) and all(
                    isinstance(reading, tuple) and len(reading) == 2 and all(map(_base_ids_row, reading)) for reading in row[2]))
                for row in rows):
            return [(number, [_record(found) for found in answers], readings or []) for number, answers, readings in rows]
    except (ValueError, TypeError, EOFError):
        pass
    return []
