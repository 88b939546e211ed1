"""The reference texts, prepared once per knowledge base, and the two-step search for the few that a
text could be a copy of.

A cheap pre-filter over word 3-grams finds the few references that could match, then rapidfuzz
aligns each surviving reference word by word. The score is the share of the reference's words found
in order in the text ("coverage"): a header, a model card around the license or an appended use
policy do not lower it, while a removed or changed clause does.

The pre-filter ranks references by the share of their distinct 3-grams found in the text, so it is
bounded by 1.0 whatever the text repeats (counting text positions instead let repeated phrases
push shares above 1.0 and decide which references were aligned). So that its cost stays flat as
``rules/`` grows, it works in two passes: it estimates every reference's share from a fixed-size
sample of that reference's 3-grams (``sample`` to 2 x ``sample`` posting-list entries per reference,
whatever the reference's length), then counts the share exactly for the ``shortlist``
best estimates only. A faithful copy of a reference has every sampled 3-gram, so its estimate is
exactly 1.0. The sample is the same in every process and on every machine, so answers are
reproducible: 3-grams are keyed by a stable hash of their words (``word_id``), never by Python's
per-process salted ``hash(str)``, and a 3-gram is sampled when the low bits of its key are zero (so a
text's 3-gram and a reference's agree on being sampled).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache
from itertools import chain, compress, count, repeat
from operator import neg, truediv
from pathlib import Path

from rapidfuzz.distance import LCSseq

from ..normalize import tokens
from ..rules import KnowledgeBase, LicenseRule, Replaceable
from . import cache
from .benign import benign_spans
from .copies import KnownCopies, digests_by_length
from .notices import notice_spans
from .records import Aligned, Reference, ReferenceText, Span, packed
from .settings import SETTINGS
from .vocabulary import without_articles

# Stands for a text word no reference has: a 3-gram with it can match no reference 3-gram.
_UNKNOWN_WORD = -1


class ReferenceIndex:
    """The reference texts of a knowledge base with their 3-grams, and the search for the references
    a text is closest to. ``cache``: read and write the reference tokens in
    ``cache.reference_cache_dir()``; False builds them from the texts and touches no file, except
    ``prepared``'s (texts that never change, the license catalog's: their tokens kept by content)."""

    def __init__(self, kb: KnowledgeBase, *, cache: bool = True, prepared: cache.PreparedTexts | None = None):
        self.kb = kb
        self.references: list[Reference] = []
        self._index: dict[int, list[int]] = {}   # sampled 3-gram key -> positions in self.references
        self._word_ids: dict[str, int] = {}
        built = prepared_index(kb, cache, self._prepare, prepared)
        self._word_ids, self.references, self._index = built.word_ids, built.references, built.index
        # the answers to texts that are a reference word for word, learnt beside a stored index only
        owner = f"{type(self).__module__}.{type(self).__qualname__}"
        self._copies = KnownCopies(built.folder, built.key, built.copies, owner) if built.folder and built.key else None
        self._sample_sizes = [max(1, ref.sample_size) for ref in self.references]
        self._shingle_counts = [ref.shingle_count for ref in self.references]
        # The last text's 3-gram keys (by its words list) and the sampled hits the pre-filter counted (by the keys
        # list): the search for a partial copy of the same text asks for both again. Held, so an id is never
        # reused while kept; a tuple, so threads sharing the index see one text's or another's, never a mix.
        self._last_keys: tuple[list[str], list[int], list[int]] | None = None
        # each reference's words as their codes (``_codes``), by id (the references are held in self.references)
        self._coded_references: dict[int, list[int] | None] = {}
        self._last_hits: tuple[list[int], set[int], Counter[int]] | None = None
        self._references_of: dict[str, list[Reference]] = {}
        for ref in self.references:
            self._references_of.setdefault(ref.rule_id, []).append(ref)
        self._credit_cap = {id(ref): credit_cap(ref) / max(1, ref.token_count) for ref in self.references}

    def reference_words(self, rule_id: str) -> list[tuple[str, ...]]:
        """The words of each reference text of a rule (none for a rule without a text)."""
        return [ref.tokens for ref in self._references_of.get(rule_id, ())]

    def how_to_apply_words(self, rule_id: str) -> list[tuple[str, ...]]:
        """The words of each reference text's part on how to apply it, for the texts that have one: after its "END OF
        TERMS AND CONDITIONS", from "How to apply" on (Apache's APPENDIX, the GPL's and AGPL's "How to Apply These Terms
        to Your New Programs"). That part holds the notice the license tells its users to put in their works ("Licensed
        under the Apache License, Version 2.0 ...", "This program is free software ..."): a statement that a work is
        under the license, not a part of its terms. Read from the reference texts themselves."""
        found = []
        for words in self.reference_words(rule_id):
            end = _last_run(words, _END_OF_TERMS)
            start = _last_run(words[end:], _HOW_TO_APPLY, first=True) if end >= 0 else -1
            if start >= 0:
                found.append(words[end + start:])
        return found

    def _prepare(self, prepared: list[ReferenceText]) -> cache.BuiltIndex:
        """The references' 3-grams, samples, replaceable spans and posting lists, from their tokens."""
        # the most used words first: their codes (``_codes``) are the smallest, and the alignment is fastest with those
        vocabulary = [word for word, _ in Counter(chain.from_iterable(text.tokens for text in prepared)).most_common()]
        self._word_ids = dict(zip(vocabulary, map(word_id, vocabulary), strict=True))
        references = [_reference(text, known_rule(self.kb, text.rule_id).replaceable) for text in prepared]
        copies = digests_by_length(ref.tokens for ref in references)
        return cache.BuiltIndex(self._word_ids, references, build_postings(references), copies)

    def _keys(self, words: Sequence[str]) -> list[int]:
        """The 3-gram key at every position of ``words``, computed in C."""
        ids = list(map(self._word_ids.get, words, repeat(_UNKNOWN_WORD)))
        return list(map(hash, zip(ids, ids[1:], ids[2:], strict=False)))   # hash of a tuple of ints is not salted

    @cached_property
    def _codes(self) -> dict[str, int]:
        """A small number for each reference word, the most used words the smallest (the vocabulary's order,
        ``_prepare``). rapidfuzz aligns sequences of numbers below 256 by a table lookup and others through
        a hash map: three quarters of the references' words are among their 255 most used, so aligning
        the codes takes a third to a half of the time of aligning the words, for the same number."""
        return dict(zip(self._word_ids, count()))

    def _coded(self, words: Sequence[str]) -> list[int]:
        """The text's words as codes; a word no reference has is one code (len(_codes)) no reference word has,
        which the alignment can match with nothing, as it could not match the word."""
        codes = self._codes
        return list(map(codes.get, words, repeat(len(codes))))

    def _coded_reference(self, ref: Reference) -> list[int] | None:
        """The reference's words as codes; None if one has none (a reference this index was not built from: aligned as words)."""
        if id(ref) not in self._coded_references:
            codes = self._codes
            coded = list(map(codes.get, ref.tokens, repeat(-1)))
            self._coded_references[id(ref)] = None if -1 in coded else coded
        return self._coded_references[id(ref)]

    def _align_candidates(self, words: list[str]) -> list[Aligned]:
        """The references the pre-filter lets through, each aligned with its densest passage of the
        text: best score first, then the longer reference, then by rule id."""
        text_shingles = self._keys(words)
        text_codes = self._coded(words)
        self._last_keys = (words, text_shingles, text_codes)
        scored = [self._align(ref, words, text_shingles, text_codes) for ref in self._prefilter(text_shingles)]
        scored.sort(key=lambda item: (-item.score, -len(item.reference.tokens), item.reference.rule_id))
        return scored

    def _align(self, ref: Reference, words: list[str], text_shingles: list[int], text_codes: list[int]) -> Aligned:
        """The reference aligned with its densest passage of the text (``text_codes``: its words' ``_coded``)."""
        # a byte per text position, 1 where the reference has its 3-gram, computed in C
        start, end = densest_flagged_span(bytes(map(ref.shingles.__contains__, text_shingles)), len(ref.tokens))
        low, high = max(0, start - 20), end + SETTINGS.shingle + 20
        window = words[low:high]
        coded = self._coded_reference(ref)
        # the codes stand one for one for the words (distinct words, distinct codes): the same alignment
        score = (LCSseq.similarity(coded, text_codes[low:high]) if coded is not None
                 else LCSseq.similarity(ref.tokens, window)) / len(ref.tokens)
        return Aligned(ref, score, window, (low, min(high, len(words))))

    def _holding_the_text(self, words: list[str], exclude: set[int], wanted: Callable[[str], bool] | None = None) -> list[Aligned]:
        """References that hold most of the text's passage, however little of themselves the text holds
        (a clause section, the middle half): up to ``partial_candidates`` of them, aligned, most held
        first. ``exclude``: ids of references already aligned. ``wanted``: which rule ids the caller can
        use; the others are chosen as before (they count for which ones are taken) but not aligned."""
        known = self._last_keys
        text_shingles, text_codes = (known[1], known[2]) if known is not None and known[0] is words else \
            (self._keys(words), self._coded(words))
        counted = self._last_hits
        if counted is not None and counted[0] is text_shingles:
            distinct, hits = counted[1], counted[2]
        else:
            distinct = set(text_shingles)
            hits = Counter(chain.from_iterable(map(self._index.get, distinct, repeat(()))))
        needed = max(SETTINGS.partial_min_words, SETTINGS.partial_text_share * len(distinct))
        # the sampled hits scaled by the sampling rate estimate how many of the text's 3-grams it has
        floor, counts, sizes = needed * 0.8, self._shingle_counts, self._sample_sizes
        likely = [position for position, sampled in hits.items() if sampled * counts[position] / sizes[position] >= floor]
        held = []
        for position in likely:
            ref = self.references[position]
            if id(ref) in exclude:
                continue
            count_held = len(distinct.intersection(ref.shingles))
            if count_held >= needed:
                held.append((count_held, -position))
        held.sort(reverse=True)
        # those holding as much as the last one taken too: of references sharing the passage (a family's
        # common section), the most restrictive decides, so none of them may be left out by the count
        last = held[SETTINGS.partial_candidates - 1][0] if len(held) >= SETTINGS.partial_candidates else 0
        return [self._align(self.references[-negative], words, text_shingles, text_codes)
                for number, (count_held, negative) in enumerate(held)
                if (number < SETTINGS.partial_candidates or count_held == last)
                and (wanted is None or wanted(self.references[-negative].rule_id))]

    def _prefilter(self, text_shingles: list[int]) -> list[Reference]:
        """The ``max_aligned`` references with the highest shares of their distinct 3-grams in the text
        (``prefilter`` or more), highest first, ties in knowledge-base order."""
        distinct = set(text_shingles)
        # How many of each reference's sampled 3-grams the text has, the posting lists walked in C.
        hits = Counter(chain.from_iterable(map(self._index.get, distinct, repeat(()))))
        self._last_hits = (text_shingles, distinct, hits)
        estimates = map(truediv, hits.values(), map(self._sample_sizes.__getitem__, hits.keys()))
        # (share, -position) sorts highest share first, then knowledge-base order; sorted in C
        shortlist = sorted(zip(estimates, map(neg, hits.keys()), strict=True), reverse=True)[:SETTINGS.shortlist]
        references = self.references
        cut = SETTINGS.prefilter
        exact = sorted((
            (len(distinct.intersection(references[-negative].shingles)) / references[-negative].shingle_count, negative)
            # a margin below the cut-off: the estimate of a reference just above it may fall short
            for estimate, negative in shortlist if estimate >= cut * 0.8
        ), reverse=True)
        return [references[-negative] for share, negative in exact[:SETTINGS.max_aligned] if share >= cut]

    def _from_reference(self, words: list[str], refs: list[Reference]) -> set[int]:
        """Positions of words that repeat the references' own texts (three words in a row as one has them)."""
        keys = self._keys(words)
        positions: set[int] = set()
        for ref in refs:
            for i in compress(count(), map(ref.shingles.__contains__, keys)):
                positions.update((i, i + 1, i + 2))
        return positions


_END_OF_TERMS = ("end", "of", "terms", "and", "conditions")
_HOW_TO_APPLY = ("how", "to", "apply")


def _last_run(words: tuple[str, ...], run: tuple[str, ...], *, first: bool = False) -> int:
    """Where ``run`` ends in ``words`` at its last occurrence (``first``: where it starts at its first), or -1."""
    at = [i for i in range(len(words) - len(run) + 1) if words[i] == run[0] and words[i: i + len(run)] == run]
    if not at:
        return -1
    return at[0] if first else at[-1] + len(run)


def build_postings(references: list[Reference]) -> dict[int, list[int]]:
    """Sampled 3-gram key -> positions in ``references`` of the references that have it."""
    postings: defaultdict[int, list[int]] = defaultdict(list)
    for position, ref in enumerate(references):
        # postings[key].append(position) for each sampled 3-gram, looped in C
        deque(map(list.append, map(postings.__getitem__, ref.sample), repeat(position)), maxlen=0)
    return dict(postings)


def prepared_index(kb: KnowledgeBase, use_cache: bool, prepare: Callable[[list[ReferenceText]], cache.BuiltIndex],
                   prepared: cache.PreparedTexts | None = None) -> cache.BuiltIndex:
    """The built index: from its disk cache when that was derived from the current tokens cache, else
    prepared from the tokens (read from their cache or built) and written beside them."""
    folder = cache.reference_cache_dir() if use_cache else None
    if folder is None:
        return prepare(build_references(kb, prepared))
    try:
        key = cache.cache_key(kb)
    except (OSError, ValueError):
        return prepare(build_references(kb))
    path = cache.cache_path(folder, key)
    loaded = cache.read_index(folder, path, key)
    if loaded is not None:
        return loaded
    built = dataclasses.replace(prepare(prepared_references(kb, use_cache, key=key)), key=key, folder=folder)
    cache.write_index(folder, path, key, built)
    return built


def prepared_references(kb: KnowledgeBase, use_cache: bool, *, key: str | None = None) -> list[ReferenceText]:
    """The reference texts' tokens: from the disk cache when it holds them, else built (and cached)."""
    folder = cache.reference_cache_dir() if use_cache else None
    if folder is None:
        return build_references(kb)
    try:
        key = key or cache.cache_key(kb)
    except (OSError, ValueError):
        return build_references(kb)
    path = cache.cache_path(folder, key)
    cached = cache.read_cache(path, key)
    if cached is not None:
        return cached
    built = build_references(kb)
    cache.write_cache(folder, path, key, built)
    return built


def build_references(kb: KnowledgeBase, prepared: cache.PreparedTexts | None = None) -> list[ReferenceText]:
    """Every reference text, tokenised, with its copyright lines, in knowledge-base order."""
    raw = {name: kb.text_path(name).read_text(encoding="utf-8") for rule in kb.rules for name in rule.texts}
    if prepared is not None and not any(rule.use_policies for rule in kb.rules):
        return _kept_references(kb, raw, prepared)
    texts = {(rule.id, name): _text_tokens(raw[name]) for rule in kb.rules for name in rule.texts}
    out = []
    for rule in kb.rules:
        policies = [words for (rule_id, _), words in texts.items() if rule_id in rule.use_policies]
        for name in rule.texts:
            words = without_appended_policies(texts[(rule.id, name)], policies)
            notices, benign = _spans(words, raw[name], kb.text_path(name))
            out.append(ReferenceText(rule.id, name, rule.kind, words, notices, benign))
    return out


def _kept_references(kb: KnowledgeBase, raw: dict[str, str], prepared: cache.PreparedTexts) -> list[ReferenceText]:
    """build_references for texts no use policy is cut from: what ``prepared`` keeps of each, and
    the others prepared as build_references prepares them and added to it."""
    out = []
    for rule in kb.rules:
        for name in rule.texts:
            kept = prepared.get(raw[name])
            if kept is None:
                words = _text_tokens(raw[name])
                notices, benign = _spans(words, raw[name], kb.text_path(name))
                kept = ReferenceText("", "", rule.kind, words, notices, benign)
                prepared.add(raw[name], kept)
            out.append(kept._replace(rule_id=rule.id, text_file=name, kind=rule.kind))
    return out


# A matcher built without the disk cache (the license catalog's, on the few catalog texts a file may be:
# one for each new combination of them) tokenises the same texts again; these keep the results of the
# last texts, by the text's content (and file, which notice_spans reads again).
_PREPARED_TEXTS = 256


@lru_cache(maxsize=_PREPARED_TEXTS)
def _text_tokens(raw: str) -> tuple[str, ...]:
    return tuple(tokens(raw))


@lru_cache(maxsize=_PREPARED_TEXTS)
def _spans(words: tuple[str, ...], raw: str, path: Path) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[str, int, int], ...]]:
    return notice_spans(words, path), benign_spans(words, raw)


@lru_cache(maxsize=_PREPARED_TEXTS)
def _reference(text: ReferenceText, replaceable: tuple[Replaceable, ...]) -> Reference:
    """One reference's 3-grams, sample and replaceable spans. They depend on its own words only (every
    word of a reference has its id in the index's vocabulary), so matchers share them (immutable)."""
    ids = list(map(word_id, text.tokens))
    keys = frozenset(map(hash, zip(ids, ids[1:], ids[2:], strict=False)))   # as ReferenceIndex._keys
    spans = replaceable_spans(text.tokens, replaceable)
    return Reference(text.rule_id, text.text_file, text.tokens, packed(keys), sample(keys), text.kind, spans, text.notices, text.benign)


def without_appended_policies(words: tuple[str, ...], policies: list[tuple[str, ...]]) -> tuple[str, ...]:
    """Cut a use policy that a reference license text carries inline (Llama 3's LICENSE ends with
    its Acceptable Use Policy), so that the license alone, without the policy, still matches."""
    for policy in policies:
        if len(policy) < 20 or len(policy) > len(words) * 0.8:
            continue
        policy_shingles = set(shingles(policy))
        hits = bytes(map(policy_shingles.__contains__, shingles(words)))
        if hits.count(1) < len(policy_shingles) * 0.9:
            continue
        start, end = densest_flagged_span(hits, len(policy))
        end += SETTINGS.shingle
        if LCSseq.similarity(policy, words[start:end]) >= 0.95 * len(policy):
            words = words[:start] + words[end:]
    return words


@lru_cache(maxsize=1 << 15)   # the words of the catalog texts matchers are built on, again and again
def word_id(word: str) -> int:
    """A 64-bit number for a word, the same in every process (unlike ``hash(word)``)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def sample(keys: frozenset[int]) -> frozenset[int]:
    """The keys whose low bits are zero: one in 2**k, k the largest that leaves ``sample`` or more."""
    size = SETTINGS.sample
    mask = 0
    while len(keys) >= 2 * size * (mask + 1):
        mask = 2 * mask + 1
    return frozenset(key for key in keys if not key & mask)


def shingles(words: Sequence[str]) -> list[int]:
    """hash((words[i], words[i + 1], words[i + 2])) for every position, computed in C."""
    return list(map(hash, zip(words, words[1:], words[2:], strict=False)))


def densest_flagged_span(hits: bytes, ref_length: int) -> tuple[int, int]:
    """The stretch of the text where the reference's 3-grams cluster (a license inside a card): ``hits`` holds a byte per
    text position, 1 where the reference has the 3-gram there. Runs of hits are split where two are more than ``gap``
    apart, and the first run with the most hits wins: found by bytes' own searches in C, a run of ``gap`` zeros or more
    being where two hits are too far apart (a text holding the reference once has none: three searches answer it). The
    hits must include at least one 1 (the pre-filter aligns no reference without)."""
    gap = max(SETTINGS.cluster_gap, ref_length // 10)
    start, last = hits.find(1), hits.rfind(1)
    if start < 0:
        raise ValueError("no 3-gram of the reference in the text: nothing to align")
    apart = bytes(gap)
    best = (start, last, -1)
    while True:
        gap_at = hits.find(apart, start, last)   # the first run of gap zeros before the last hit
        end = last if gap_at < 0 else gap_at - 1
        hit_count = hits.count(1, start, end + 1)
        if hit_count > best[2]:   # the first of the runs with the most hits
            best = (start, end, hit_count)
        if gap_at < 0:
            return best[0], best[1]
        start = hits.find(1, gap_at)


def known_rule(kb: KnowledgeBase, rule_id: str) -> LicenseRule:
    """The rule of a reference, or of a license the matcher found: each came from a rule of ``kb``."""
    rule = kb.get(rule_id)
    if rule is None:
        raise LookupError(f"{rule_id} is not a rule of the knowledge base the matcher was built from")
    return rule


def replaceable_spans(words: Sequence[str], passages: Sequence[Replaceable]) -> tuple[Span, ...]:
    """Where each of a rule's replaceable passages occurs in one of its reference texts, with the
    most words and the generic names that may stand there."""
    spans = []
    for passage in passages:
        wanted = tokens(passage.text)
        generic = frozenset(without_articles(tokens(name)) for name in passage.generic)
        for start in range(len(words) - len(wanted) + 1):
            if wanted and list(words[start: start + len(wanted)]) == wanted:
                spans.append(Span(start, start + len(wanted), passage.max_words, generic, passage.optional))
    return tuple(spans)


def credit_cap(ref: Reference) -> int:
    """At most how many of the reference's words alignment.compare can credit: its copyright lines and
    its replaceable passages."""
    return sum(end - start for start, end in ref.notices) + sum(span.end - span.start for span in ref.replaceable)
