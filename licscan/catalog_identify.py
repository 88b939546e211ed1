"""Which catalog license a text is (the ScanCode LicenseDB, ``licscan/catalog.py``): a bottom-k sketch
of each catalog text's word 3-grams, posting lists that point a file at the few catalog texts it may
be, and licscan's Matcher on those few.

The sketches and their posting lists are written once per package version with the catalog's cache
folder (``write_sketches``); a run loads the posting lists of the one length tier a file needs
(marshal: data only, checked by a CRC-32) instead of building them from the sketches.
"""

from __future__ import annotations

import dataclasses
import json
import marshal
import sys
import threading
import weakref
import zlib
from collections import Counter
from collections.abc import Callable, Mapping
from functools import cached_property
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .model import TextMatch
from .rules import KnowledgeBase, LicenseRule

if TYPE_CHECKING:
    from .matcher import Matcher
    from .matcher.cache import PreparedTexts

# Shorter texts are notices and one-line grants: too short to say what a whole license file is.
MIN_WORDS = 20
SKETCH = 32             # bottom-k 3-gram hashes kept per text
PREFILTER = 0.5         # share of a text's sketch found in the file to be aligned at all
ALIGNED = 5             # catalog texts aligned at most per file
# A catalog text identifies a file only when it is a good part of it, not a passage of a longer document.
MIN_SHARE_OF_FILE = 0.3
_MEMO = 256
# Matchers kept for the shortlists seen last: the modified copies of one license point at the same few
# catalog texts, and preparing them (reading, tokenising, indexing) cost about as much as aligning them.
_MATCHERS = 64
_SKETCHES = "sketches.json"


def shingles(words: list[str]) -> set[int]:
    """Word 3-grams as 32-bit numbers, the same in every process (unlike Python's salted hash)."""
    # {crc32(" ".join(words[i:i + 3]).encode()) for each position}, looped in C
    return set(map(zlib.crc32, map(str.encode, map(" ".join, zip(words, words[1:], words[2:], strict=False)))))


def sketch(words: list[str]) -> list[int]:
    return sorted(shingles(words))[:SKETCH]


def tier_of(words: int) -> int:
    """The largest tier whose texts (2 ** tier words or more) include every text of ``words`` words."""
    return max(0, int(words).bit_length() - 1)


def postings(sketches: dict[str, list[int]], sizes: dict[str, int], tier: int) -> dict[int, tuple[str, ...]]:
    """The posting lists of the sketches of the catalog texts of at least 2 ** tier words (``sizes``:
    each text's words). A file is compared only with texts of MIN_SHARE_OF_FILE of its length or
    more, so one of several thousand words need not count the hits of the many short catalog texts
    (most of the catalog): the posting lists of the largest tier not above that length give every
    such text all of its hits, and the others are left out by the same test as before."""
    lists: dict[int, list[str]] = {}
    for key, hashes in sketches.items():
        if sizes.get(key, 0) >= 1 << tier:
            for value in hashes:
                lists.setdefault(value, []).append(key)
    return {value: tuple(map(sys.intern, keys)) for value, keys in lists.items()}


def _tier_path(folder: Path, tier: int) -> Path:
    return folder / f"postings-{tier}.marshal"


def write_sketches(folder: Path, sketches: dict[str, list[int]], sizes: dict[str, int]) -> None:
    """The sketches, and the posting lists of every tier with each text's sketch size (CRC-32 first)."""
    (folder / _SKETCHES).write_text(json.dumps(sketches), encoding="utf-8")
    for tier in range(max(sizes.values(), default=0).bit_length()):
        lists = postings(sketches, sizes, tier)
        counts = {key: len(sketches[key]) for key in set(chain.from_iterable(lists.values()))}
        payload = marshal.dumps((lists, counts))
        _tier_path(folder, tier).write_bytes(zlib.crc32(payload).to_bytes(4, "little") + payload)


def has_sketches(folder: Path) -> bool:
    return (folder / _SKETCHES).is_file()


def _read_tier(folder: Path, tier: int) -> tuple[dict[int, tuple[str, ...]], dict[str, int]] | None:
    """A tier written by write_sketches, if intact."""
    from .matcher.cache import collector_paused

    try:
        raw = _tier_path(folder, tier).read_bytes()
        payload = memoryview(raw)[4:]
        if int.from_bytes(raw[:4], "little") != zlib.crc32(payload):
            return None
        with collector_paused():
            lists, counts = marshal.loads(payload)
    except (OSError, ValueError, TypeError, EOFError):
        return None
    return (lists, counts) if type(lists) is dict and type(counts) is dict else None


class Entry(Protocol):
    """What identifying needs of a catalog license (catalog.CatalogLicense)."""

    @property
    def words(self) -> int: ...


class CatalogTexts:
    """The catalog's texts as a search: a file's sketch hits, the shortlist, and the Matcher on it.
    ``folder``: the catalog's cache folder (its texts, sketches and posting lists); ``rule``: the rule
    a catalog license is judged by, by key; ``described``: the licscan rule that describes it, if any
    (this module knows the catalog's licenses only through these, not licscan/catalog.py)."""

    def __init__(self, version: str, folder: Path, licenses: Mapping[str, Entry], rule: Callable[[str], LicenseRule],
                 described: Callable[[KnowledgeBase, str], LicenseRule | None]):
        self.version = version
        self.folder = folder
        self.licenses = licenses
        self._rule = rule
        self._described_rule = described
        self._memo: dict[tuple[str, str, bool], TextMatch | None] = {}
        self._matchers: dict[tuple[str, tuple[str, ...]], Matcher] = {}
        self._tiers: dict[int, tuple[dict[int, tuple[str, ...]], dict[str, int]]] = {}
        # the licscan rule each catalog text describes, per knowledge base (a rule's texts judged the file)
        self._described: weakref.WeakKeyDictionary[KnowledgeBase, dict[str, LicenseRule | None]] = weakref.WeakKeyDictionary()
        self._kept: PreparedTexts | None = None
        self._lock = threading.Lock()

    @cached_property
    def _sketches(self) -> dict[str, list[int]]:
        sketches: dict[str, list[int]] = json.loads((self.folder / _SKETCHES).read_text(encoding="utf-8"))
        return sketches

    def _postings(self, tier: int) -> tuple[dict[int, tuple[str, ...]], dict[str, int]]:
        """The posting lists of a tier and the sketch size of each text in them (call with the lock
        held): as written with the catalog, else built from the sketches."""
        found = self._tiers.get(tier)
        if found is None:
            found = _read_tier(self.folder, tier)
            if found is None:
                sizes = {key: entry.words for key, entry in self.licenses.items()}
                lists = postings(self._sketches, sizes, tier)
                found = lists, {key: len(self._sketches[key]) for key in set(chain.from_iterable(lists.values()))}
            self._tiers[tier] = found
        return found

    def identify(self, text: str, words: list[str], kb: KnowledgeBase, *, exact_only: bool = False) -> TextMatch | None:
        """The catalog license a text is (a match of licscan's Matcher against the few catalog texts
        its sketch points at), or None. Licenses a licscan rule describes are never the answer: that
        rule's own reference texts already judged the text. ``exact_only``: only a faithful copy is
        wanted (a text licscan read as a modified copy of its own license), and any other answer is
        None: the Matcher's search for a partial copy, half of its work, is then skipped."""
        memo_key = (kb.version, text, exact_only)
        with self._lock:
            if memo_key in self._memo:
                return self._memo[memo_key]
        found = self._identify(words, kb, exact_only)
        with self._lock:
            if len(self._memo) >= _MEMO:
                self._memo.pop(next(iter(self._memo)))
            self._memo[memo_key] = found
        return found

    def _described_by(self, kb: KnowledgeBase, keys: list[str]) -> dict[str, LicenseRule | None]:
        with self._lock:
            known = self._described.setdefault(kb, {})
        for key in keys:
            if key not in known:
                known[key] = self._described_rule(kb, key)
        return {key: known[key] for key in keys}

    def _prepared(self) -> PreparedTexts:
        """The catalog texts' tokens and spans, kept in its folder (they never change in it)."""
        from .matcher.cache import PreparedTexts

        with self._lock:
            if self._kept is None:
                self._kept = PreparedTexts(self.folder)
            return self._kept

    def _matcher(self, shortlist: tuple[str, ...], kb_version: str) -> Matcher:
        """licscan's Matcher on these catalog texts alone, the same as a new one (it keeps no answers)."""
        from .matcher import Matcher

        key = (kb_version, shortlist)
        with self._lock:
            matcher = self._matchers.pop(key, None)
            if matcher is not None:
                self._matchers[key] = matcher   # most recently used last
                return matcher
        matcher = Matcher(self._texts_of(shortlist), cache=False, memo=False, prepared=self._prepared())
        with self._lock:
            if len(self._matchers) >= _MATCHERS:
                self._matchers.pop(next(iter(self._matchers)))
            self._matchers[key] = matcher
        return matcher

    def _texts_of(self, shortlist: tuple[str, ...]) -> KnowledgeBase:
        """These catalog texts alone, as the knowledge base a shortlist's Matcher is built on."""
        rules = tuple(dataclasses.replace(self._rule(name), texts=(f"{name}.txt",)) for name in shortlist)
        return KnowledgeBase(rules, self.folder / "texts", f"catalog-{self.version}", with_catalog=False)

    def _identify(self, words: list[str], kb: KnowledgeBase, exact_only: bool) -> TextMatch | None:
        shortest = MIN_SHARE_OF_FILE * len(words)   # words of the shortest catalog text it may be
        with self._lock:
            # The lists of every sketched text (each has MIN_WORDS words or more), not those of the tier of
            # ``shortest``: a tier holds every hit of each text of its length or more, so the texts kept below
            # are the same, and a run reads one file (~4 ms) instead of one per tier its files need (a run
            # over license files of many lengths read four); counting the short texts' hits too costs ~0.1 ms a file.
            lists, sizes = self._postings(tier_of(MIN_WORDS))
        # the posting lists of the text's 3-grams, counted in C
        hits: Counter[str] = Counter(chain.from_iterable(map(lists.get, shingles(words), repeat(()))))
        # A licscan rule with reference texts has judged the text already; one known only by name
        # (a Hub id such as artistic-2.0, metadata-only) borrows the catalog's text, under its own id.
        # Only the catalog texts the sketch points at are looked up in licscan's rules, not every hit.
        licenses = self.licenses
        near = [key for key, count in hits.items()
                if count >= PREFILTER * sizes[key] and licenses[key].words >= shortest]
        described = self._described_by(kb, near)
        shortlist = sorted(
            (key for key in near if (known := described[key]) is None or not known.texts),
            key=lambda key: (-hits[key] / sizes[key], key),
        )[:ALIGNED]
        if not shortlist:
            return None
        if exact_only and (kb.version, tuple(shortlist)) not in self._matchers:
            from .matcher import Matcher

            # a Matcher built only to answer None: most modified copies of licscan's licenses lack words each catalog text has
            if not Matcher.may_find_an_exact_copy(self._texts_of(tuple(shortlist)), words, self._prepared()):
                return None
        matcher = self._matcher(tuple(shortlist), kb.version)
        match = matcher.exact_copy(words) if exact_only else matcher.match("", words=words)
        if match is None or match.rule_id is None:
            return None
        rule = described.get(match.rule_id)
        return dataclasses.replace(match, rule_id=rule.id) if rule is not None else match

