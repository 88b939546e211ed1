"""Fuzzy matching of a text against the verbatim reference texts.

Two steps, as licensee and ScanCode do it in spirit: a cheap pre-filter over word 3-grams finds the
few references that could match, then rapidfuzz aligns each surviving reference word by word. The
score is the share of the reference's words found in order in the text ("coverage"): a header, a
model card around the license or an appended use policy do not lower it, while a removed or changed
clause does.

The pre-filter ranks references by the share of their distinct 3-grams found in the text, so it is
bounded by 1.0 whatever the text repeats (counting text positions instead let repeated phrases
push shares above 1.0 and decide which references were aligned). So that its cost stays flat as
``rules/`` grows, it works in two passes: it estimates every reference's share from a fixed-size
sample of that reference's 3-grams (``SAMPLE`` to 2 x ``SAMPLE`` posting-list entries per reference,
whatever the reference's length), then counts the share exactly for the ``SHORTLIST``
best estimates only. A faithful copy of a reference has every sampled 3-gram, so its estimate is
exactly 1.0. The sample is the same in every process and on every machine, so answers are
reproducible: 3-grams are keyed by a stable hash of their words (``_word_id``), never by Python's
per-process salted ``hash(str)``, and a 3-gram is sampled when the low bits of its key are zero (so a
text's 3-gram and a reference's agree on being sampled).

The reference tokens are cached on disk per knowledge base (see ``reference_cache_dir``), so a new
process does not render and tokenise every reference text again; identical texts met again in one
run (the same LICENSE in many repositories) are matched once.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
import threading
from operator import neg, sub, truediv
from collections import Counter, defaultdict, deque
from dataclasses import dataclass
from itertools import chain, compress, count, repeat
from pathlib import Path
from typing import Sequence

from rapidfuzz.distance import LCSseq

from .model import TextMatch
from .normalize import tokens
from .rules import KnowledgeBase

# A text whose best reference coverage is at least EXACT (and has no material difference) is that license.
EXACT = 0.985
# Below MODIFIED the text is not a version of any known license: it is unknown, not the nearest guess.
MODIFIED = 0.60
# References this close to the best are ties; the one that explains more of the text wins.
TIE = 0.004
# References this close to the best score are compared with the text before one is chosen: what a
# faithful copy may change (a copyright line of ~10 words, a replaced name) costs a short license
# (BSD, MIT: ~200 words) up to ~0.06 of its score.
CONTENDERS = 0.08
# Another license found at this coverage in its own passage of the text applies too.
OTHER_LICENSE = 0.90
MAX_LICENSES_PER_TEXT = 3
# References whose 3-gram containment is below this are not aligned at all.
PREFILTER = 0.30
MAX_ALIGNED = 5
SHINGLE = 3
# The pre-filter first estimates every reference's share on SAMPLE to 2 x SAMPLE of its 3-grams (all
# of them for a reference with fewer than 2 x SAMPLE): on 128 3-grams the estimate is within ~0.045
# (one standard deviation) of the true share.
SAMPLE = 128
# References whose share is then counted exactly (all their 3-grams); the best MAX_ALIGNED are aligned.
SHORTLIST = 8
# Stands for a text word no reference has: a 3-gram with it can match no reference 3-gram.
_UNKNOWN_WORD = -1
# Runs of hits further apart than this belong to different passages (e.g. a card and its license).
CLUSTER_GAP = 150
# Results of match() kept per Matcher for texts seen again (one LICENSE file in many repositories),
# least recently used first out. Short texts (most model card bodies) are quick to match and rarely
# repeat: they are not kept, so that they cannot push the license texts out.
MEMO_MIN_CHARS = 1_000
MEMO_ENTRIES = 1_024
MEMO_CHARS = 8_000_000
# Bump when the tokens a reference text gives can change for a reason the cache key does not see.
CACHE_FORMAT = 1

# Tokens that differ between faithful copies: list markers, (c), single digits of numbering.
_NOISE = re.compile(r"^(?:[a-z]|[ivxl]{1,5}|[0-9]{1,2})$")


@dataclass(frozen=True)
class Reference:
    rule_id: str
    text_file: str
    tokens: tuple[str, ...]
    shingles: frozenset[int]   # every distinct 3-gram key (finds the passage to align)
    sample: frozenset[int]     # the keys the pre-filter counts
    kind: str
    # (start, end, max_words): token spans a faithful copy may replace (rules' `replaceable`)
    replaceable: tuple[tuple[int, int, int], ...] = ()


# A reference aligned with a text: (reference, score, the text's words aligned, their [start, end) in the text)
Aligned = tuple[Reference, float, list[str], tuple[int, int]]


class Matcher:
    """Holds the pre-processed reference texts of a knowledge base.

    ``cache``: read and write the reference tokens in ``reference_cache_dir()`` (default); False
    builds them from the texts and touches no file. ``memo``: keep the results of match() for texts
    seen again (default); False matches every call afresh (benchmarks).
    """

    def __init__(self, kb: KnowledgeBase, *, cache: bool = True, memo: bool = True):
        self.kb = kb
        self.references: list[Reference] = []
        self._index: dict[int, list[int]] = {}   # sampled 3-gram key -> positions in self.references
        prepared = _prepared_references(kb, cache)
        vocabulary = set(chain.from_iterable(words for *_, words in prepared))
        self._word_ids = dict(zip(vocabulary, map(_word_id, vocabulary)))
        for rule_id, name, kind, words in prepared:
            keys = frozenset(self._keys(words))
            spans = _replaceable_spans(words, kb.get(rule_id).replaceable)
            self.references.append(Reference(rule_id, name, words, keys, _sample(keys), kind, spans))
        self._sample_sizes = [max(1, len(ref.sample)) for ref in self.references]
        self._credit_cap = {id(ref): _credit_cap(ref) / max(1, len(ref.tokens)) for ref in self.references}
        self._build_index()
        self._supersedes = {rule.id: set(rule.supersedes_text_of) for rule in kb.rules}
        self._memo: dict[str, TextMatch] = {}
        self._memo_enabled = memo
        self._memo_chars = 0
        self._memo_lock = threading.Lock()

    def _build_index(self) -> None:
        postings: defaultdict[int, list[int]] = defaultdict(list)
        for position, ref in enumerate(self.references):
            # postings[key].append(position) for each sampled 3-gram, looped in C
            deque(map(list.append, map(postings.__getitem__, ref.sample), repeat(position)), maxlen=0)
        self._index = dict(postings)

    def match(self, text: str, *, words: Sequence[str] | None = None) -> TextMatch:
        if words is not None or not self._memo_enabled or len(text) < MEMO_MIN_CHARS or len(text) > MEMO_CHARS // 4:
            return self._match(list(words) if words is not None else tokens(text))
        with self._memo_lock:
            found = self._memo.pop(text, None)
            if found is not None:
                self._memo[text] = found   # most recently used last
                return found
        found = self._match(tokens(text))
        with self._memo_lock:
            if text not in self._memo:
                while self._memo and (len(self._memo) >= MEMO_ENTRIES or self._memo_chars + len(text) > MEMO_CHARS):
                    oldest = next(iter(self._memo))
                    del self._memo[oldest]
                    self._memo_chars -= len(oldest)
                self._memo[text] = found
                self._memo_chars += len(text)
        return found

    def _match(self, words: list[str], depth: int = 0) -> TextMatch:
        if len(words) < 8:
            return TextMatch(None, "unknown", 0.0)
        scored = self._align_candidates(words)
        if not scored:
            return TextMatch(None, "unknown", 0.0)
        # A license file often carries its use policy appended: the license is what governs.
        licenses = [item for item in scored if item[0].kind == "license" and item[1] >= MODIFIED]
        (ref, score, window, span), comparison = self._pick(licenses or scored)
        also_found = tuple(dict.fromkeys(
            r.rule_id for r, s, _, _ in scored if r.kind == "use-policy" and s >= EXACT and r.rule_id != ref.rule_id
        ))
        also_licenses = self._other_licenses((ref, score, window, span), licenses, words, depth)
        others = [(r, s) for r, s, _, _ in scored if r.rule_id != ref.rule_id and r.rule_id not in also_found]
        runner_up, runner_score = (others[0][0].rule_id, others[0][1]) if others else (None, 0.0)
        if score < MODIFIED:
            return TextMatch(None, "unknown", round(score, 4), ref.rule_id, round(score, 4))
        differences, credited = comparison or _compare(ref.tokens, window, ref.replaceable)
        score = min(1.0, score + credited / len(ref.tokens))
        status = "exact" if score >= EXACT and not differences else "modified"
        return TextMatch(ref.rule_id, status, round(score, 4), runner_up, round(runner_score, 4), tuple(differences),
                         also_found, also_licenses)

    def _other_licenses(self, chosen: Aligned, licenses: list[Aligned], words: list[str], depth: int) -> tuple[str, ...]:
        """Other licenses whose text is (nearly) all in another passage of the text: a LICENSE that
        carries two licenses (code and weights, say) is under both, not under the one picked.

        Only looked for when some other license reference scored OTHER_LICENSE or more away from the
        passage the chosen one aligns with; the text without that passage is then matched again, so
        that a sibling version (Llama 3.2 against a Llama 3.1 text) or a second copy of the same
        license is not taken for another license. References the chosen one contains or is contained
        in (BSD-3 and BSD-2) are never others."""
        chosen_id = chosen[0].rule_id
        related = {chosen_id, *self._supersedes.get(chosen_id, set())}
        related.update(rule_id for rule_id, contained in self._supersedes.items() if chosen_id in contained)
        room = len(words) - len(chosen[0].tokens)   # words the chosen license leaves for another one
        elsewhere = [item for item in licenses
                     if item[0].rule_id not in related and item[1] >= OTHER_LICENSE and len(item[0].tokens) * OTHER_LICENSE <= room]
        if not elsewhere or depth >= MAX_LICENSES_PER_TEXT - 1:
            return ()
        start, end = _aligned_extent(chosen)
        if not any(_overlap((start, end), _aligned_extent(item)) < 0.2 for item in elsewhere):
            return ()
        rest = self._match(words[:start] + words[end:], depth + 1)
        found = [rest.rule_id] if rest.rule_id and rest.score >= OTHER_LICENSE else []
        return tuple(dict.fromkeys(
            rule_id for rule_id in (*found, *rest.also_licenses)
            if rule_id not in related and self.kb.get(rule_id).kind == "license"
        ))

    def _keys(self, words: Sequence[str]) -> list[int]:
        """The 3-gram key at every position of ``words``, computed in C."""
        ids = list(map(self._word_ids.get, words, repeat(_UNKNOWN_WORD)))
        return list(map(hash, zip(ids, ids[1:], ids[2:])))   # hash of a tuple of ints is not salted

    def _align_candidates(self, words: list[str]) -> list[Aligned]:
        text_shingles = self._keys(words)
        scored = []
        for ref in self._prefilter(text_shingles):
            # text positions whose 3-gram the reference has, computed in C
            positions = list(compress(count(), map(ref.shingles.__contains__, text_shingles)))
            start, end = _densest_span(positions, len(ref.tokens))
            low, high = max(0, start - 20), end + SHINGLE + 20
            window = words[low:high]
            score = LCSseq.similarity(ref.tokens, window) / len(ref.tokens)
            scored.append((ref, score, window, (low, min(high, len(words)))))
        scored.sort(key=lambda item: (-item[1], -len(item[0].tokens), item[0].rule_id))
        return scored

    def _prefilter(self, text_shingles: list[int]) -> list[Reference]:
        """The MAX_ALIGNED references with the highest shares of their distinct 3-grams in the text
        (PREFILTER or more), highest first, ties in knowledge-base order."""
        distinct = set(text_shingles)
        # How many of each reference's sampled 3-grams the text has, the posting lists walked in C.
        hits = Counter(chain.from_iterable(map(self._index.get, distinct, repeat(()))))
        estimates = map(truediv, hits.values(), map(self._sample_sizes.__getitem__, hits.keys()))
        # (share, -position) sorts highest share first, then knowledge-base order; sorted in C
        shortlist = sorted(zip(estimates, map(neg, hits.keys())), reverse=True)[:SHORTLIST]
        references = self.references
        exact = sorted((
            (len(distinct.intersection(references[-negative].shingles)) / len(references[-negative].shingles), negative)
            # a margin below the cut-off: the estimate of a reference just above it may fall short
            for estimate, negative in shortlist if estimate >= PREFILTER * 0.8
        ), reverse=True)
        return [references[-negative] for share, negative in exact[:MAX_ALIGNED] if share >= PREFILTER]

    def _pick(self, scored: list[Aligned]) -> tuple[Aligned, tuple[list[str], int] | None]:
        """The reference the text is a copy of, among those scoring within CONTENDERS of the best.

        Scores are first credited with what faithful copies change (the copyright line, replaceable
        passages), since a copy naming its own holder scores below a shorter reference it contains
        in full (BSD-3 naming "the copyright holder" against BSD-2). Then a faithful copy beats a
        near one; among near-equal credited scores a declared superset wins, then the longer text.
        Returns the chosen item and, when there was a choice, its comparison with the text (so that
        the caller does not compute it again)."""
        top = scored[0][1]
        # those whose credit (self._credit_cap) could bring them level with the best
        contenders = [item for item in scored
                      if top - item[1] <= TIE or top - item[1] <= min(CONTENDERS, self._credit_cap[id(item[0])])]
        if len(contenders) == 1:
            return contenders[0], None
        comparisons = [_compare(ref.tokens, window, ref.replaceable) for ref, _, window, _ in contenders]
        credited = [min(1.0, score + comparison[1] / len(ref.tokens))
                    for (ref, score, _, _), comparison in zip(contenders, comparisons)]
        faithful = [not comparison[0] for comparison in comparisons]
        positions = [p for p in range(len(contenders)) if faithful[p]] if any(faithful) else list(range(len(contenders)))
        best = max(credited[p] for p in positions)
        tied = [p for p in positions if best - credited[p] <= TIE]
        ids = {contenders[p][0].rule_id for p in tied}

        def preference(position: int):
            ref = contenders[position][0]
            contains_other = bool(self._supersedes.get(ref.rule_id, set()) & ids)
            return (not contains_other, -credited[position], -len(ref.tokens), ref.rule_id)

        chosen = min(tied, key=preference)
        return contenders[chosen], comparisons[chosen]


def _build_references(kb: KnowledgeBase) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(rule id, text file, kind, tokens) of every reference text, in knowledge-base order."""
    texts = {
        (rule.id, name): tuple(tokens(kb.text_path(name).read_text(encoding="utf-8")))
        for rule in kb.rules
        for name in rule.texts
    }
    out = []
    for rule in kb.rules:
        policies = [words for (rule_id, _), words in texts.items() if rule_id in rule.use_policies]
        for name in rule.texts:
            out.append((rule.id, name, rule.kind, _without_appended_policies(texts[(rule.id, name)], policies)))
    return out


# --- the reference cache -------------------------------------------------------------------------
# Tokens only, as JSON: the 3-gram hashes cannot be kept (Python salts str hashes per process) and
# rebuilding them and the index from the tokens is quick. Never required: a missing, unreadable,
# corrupt or stale file is rebuilt, a cache directory that cannot be written is ignored.


def reference_cache_dir() -> Path | None:
    """Where the reference tokens are cached: $LICSCAN_CACHE_DIR, else the user's cache directory
    ($XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows),
    subfolder ``licscan``. LICSCAN_CACHE_DIR set to an empty value or ``off`` disables the cache."""
    configured = os.environ.get("LICSCAN_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "0", "off", "none", "false", "no") else Path(configured)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "licscan" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "licscan"
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base) / "licscan"
    try:
        return Path.home() / ".cache" / "licscan"
    except RuntimeError:   # no home directory
        return None


def _cache_key(kb: KnowledgeBase) -> str:
    """Everything the tokens depend on: the knowledge base (rules and each text file's size and
    modification time), the code that tokenises (this module and normalize.py, by content), the
    Python version (Unicode tables) and the installed BeautifulSoup (renders HTML texts)."""
    from importlib.util import find_spec

    from . import normalize

    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        digest.update(repr(parts).encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")

    add(CACHE_FORMAT, sys.version, kb.version, str(kb.texts_dir))
    for rule in kb.rules:
        add(rule.id, rule.kind, rule.texts, rule.use_policies)
        for name in rule.texts:
            stat = kb.text_path(name).stat()
            add(name, stat.st_size, stat.st_mtime_ns)
    for module_file in (__file__, normalize.__file__):
        digest.update(Path(module_file).read_bytes())
    spec = find_spec("bs4")
    if spec is not None and spec.origin:
        stat = Path(spec.origin).stat()
        add("bs4", spec.origin, stat.st_size, stat.st_mtime_ns)
    return digest.hexdigest()


def _prepared_references(kb: KnowledgeBase, use_cache: bool) -> list[tuple[str, str, str, tuple[str, ...]]]:
    folder = reference_cache_dir() if use_cache else None
    if folder is None:
        return _build_references(kb)
    try:
        key = _cache_key(kb)
    except (OSError, ValueError):
        return _build_references(kb)
    path = folder / f"references-{key[:32]}.json"
    cached = _read_cache(path, key)
    if cached is not None:
        return cached
    built = _build_references(kb)
    _write_cache(folder, path, key, built)
    return built


def _read_cache(path: Path, key: str) -> list[tuple[str, str, str, tuple[str, ...]]] | None:
    try:
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT or data.get("key") != key:
            return None
        out = []
        for rule_id, name, kind, joined in data["references"]:
            if not all(isinstance(x, str) for x in (rule_id, name, kind, joined)):
                return None
            out.append((rule_id, name, kind, tuple(joined.split(" ")) if joined else ()))
        return out
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _write_cache(folder: Path, path: Path, key: str, references: list[tuple[str, str, str, tuple[str, ...]]]) -> None:
    """Atomically (a temporary file renamed into place); keeps the four newest cache files."""
    payload = {
        "format": CACHE_FORMAT,
        "key": key,
        # Tokens never contain a space (normalize._TOKEN), so a space-joined string holds them exactly.
        "references": [[rule_id, name, kind, " ".join(words)] for rule_id, name, kind, words in references],
    }
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".references-", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as out:
            out.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        os.replace(temporary, path)
        temporary = None
        others = sorted(folder.glob("references-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[4:]:
            old.unlink()
    except (OSError, ValueError):
        pass
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _without_appended_policies(words: tuple[str, ...], policies: list[tuple[str, ...]]) -> tuple[str, ...]:
    """Cut a use policy that a reference license text carries inline (Llama 3's LICENSE ends with
    its Acceptable Use Policy), so that the license alone, without the policy, still matches."""
    for policy in policies:
        if len(policy) < 20 or len(policy) > len(words) * 0.8:
            continue
        policy_shingles = set(_shingles(policy))
        hits = [i for i, shingle in enumerate(_shingles(words)) if shingle in policy_shingles]
        if len(hits) < len(policy_shingles) * 0.9:
            continue
        start, end = _densest_span(hits, len(policy))
        end += SHINGLE
        if LCSseq.similarity(policy, words[start:end]) >= 0.95 * len(policy):
            words = words[:start] + words[end:]
    return words


def _word_id(word: str) -> int:
    """A 64-bit number for a word, the same in every process (unlike ``hash(word)``)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def _sample(keys: frozenset[int]) -> frozenset[int]:
    """The keys whose low bits are zero: one in 2**k, k the largest that leaves SAMPLE or more."""
    mask = 0
    while len(keys) >= 2 * SAMPLE * (mask + 1):
        mask = 2 * mask + 1
    return frozenset(key for key in keys if not key & mask)


def _shingles(words: Sequence[str]) -> list[int]:
    """hash((words[i], words[i + 1], words[i + 2])) for every position, computed in C."""
    return list(map(hash, zip(words, words[1:], words[2:])))


def _densest_span(positions: list[int], ref_length: int) -> tuple[int, int]:
    """The stretch of the text where the reference's 3-grams cluster (a license inside a card).

    ``positions`` is increasing (text positions of hits). Runs are split where two hits are more
    than ``gap`` apart; the first run with the most hits wins. Computed with C-level iterators.
    """
    gap = max(CLUSTER_GAP, ref_length // 10)
    # indexes i where positions[i] - positions[i - 1] > gap: the first hit of a new run
    breaks = list(compress(count(1), map(gap.__lt__, map(sub, positions[1:], positions))))
    if not breaks:
        return positions[0], positions[-1]
    bounds = [0, *breaks, len(positions)]
    best = max(range(len(bounds) - 1), key=lambda k: bounds[k + 1] - bounds[k])   # first of the longest
    return positions[bounds[best]], positions[bounds[best + 1] - 1]


def _replaceable_spans(words: Sequence[str], passages) -> tuple[tuple[int, int, int], ...]:
    """Where each of a rule's replaceable passages occurs in one of its reference texts."""
    spans = []
    for passage in passages:
        wanted = tokens(passage.text)
        for start in range(len(words) - len(wanted) + 1):
            if wanted and list(words[start: start + len(wanted)]) == wanted:
                spans.append((start, start + len(wanted), passage.max_words))
    return tuple(spans)


def _credit_cap(ref: Reference) -> int:
    """At most how many of the reference's words _compare can credit: its replaceable spans, and
    12 words for each copyright notice ("copyright" with a year among the next four words)."""
    words = ref.tokens
    notices = sum(
        1 for i, word in enumerate(words)
        if word == "copyright" and any(len(w) == 4 and w.isdigit() for w in words[i + 1: i + 5])
    )
    return 12 * notices + sum(end - start for start, end, _ in ref.replaceable)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """How much of the shorter of two [start, end) passages the other covers."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / max(1, min(a[1] - a[0], b[1] - b[0]))


def _aligned_extent(item: Aligned) -> tuple[int, int]:
    """Where in the text the reference really aligns: from its first to its last run of 4 or more
    words in agreement (the window around it also holds stray matches of common phrases)."""
    ref, _, window, (low, high) = item
    solid = [op for op in LCSseq.opcodes(ref.tokens, window) if op.tag == "equal" and op.src_end - op.src_start >= 4]
    return (low + solid[0].dest_start, low + solid[-1].dest_end) if solid else (low, high)


def _compare(reference: Sequence[str], window: Sequence[str],
             replaceable: Sequence[tuple[int, int, int]] = (), limit: int = 12) -> tuple[list[str], int]:
    """Passages where the text departs from the reference inside the license itself.

    Words the text adds before the first or after the last solid agreement are not the license (a
    header, the rest of a model card, an appended policy) and are ignored; reference words missing
    there are not. Lone list markers are noise; a changed number is always material. A different
    copyright holder or year ("Copyright (c) 2023 DeepSeek" for "... 2022 OpenAI") is not a change of
    terms, nor is a replaceable passage (``replaceable``: token spans of the reference with the most
    words that may stand in their place) replaced by a few words: those reference words are returned as
    credit towards the score.
    """
    ops = LCSseq.opcodes(reference, window)
    solid = [op for op in ops if op.tag == "equal" and op.src_end - op.src_start >= 4]
    if not solid:
        return ["no passage of the reference text was found intact"], 0
    first_dest, last_dest = solid[0].dest_start, solid[-1].dest_end
    found: list[str] = []
    credited = 0
    for op in ops:
        if op.tag == "equal":
            continue
        removed = reference[op.src_start: op.src_end]
        added = window[op.dest_start: op.dest_end]
        if op.dest_end <= first_dest or op.dest_start >= last_dest:
            added = ()  # outside the license: surrounding text, not a change to it
        if _is_copyright_notice(reference[max(0, op.src_start - 2): op.src_start], removed, added) or _is_replacement(
            op.src_start, op.src_end, added, replaceable
        ):
            credited += len(removed)
            continue
        if not _material(removed, added):
            continue
        if removed and added:
            found.append(f"changed “{_clip(removed)}” to “{_clip(added)}”")
        elif removed:
            found.append(f"removed “{_clip(removed)}”")
        else:
            found.append(f"added “{_clip(added)}”")
        if len(found) >= limit:
            break
    return _merge_adjacent(found), credited


# Words that state terms, not names: a "replacement" with one of them changes the license.
_TERM_WORDS = frozenset(
    "not no non nor commercial commercially noncommercial use used using only except unless without "
    "prohibited permitted permission may shall must license licensed agreement".split()
)


def _is_replacement(src_start: int, src_end: int, added: Sequence[str], replaceable: Sequence[tuple[int, int, int]]) -> bool:
    """The reference words [src_start, src_end) lie in a replaceable span and the text puts a name there."""
    return any(
        start <= src_start and src_end <= end and len(added) <= max_words for start, end, max_words in replaceable
    ) and not _TERM_WORDS.intersection(added)


def _material(removed: Sequence[str], added: Sequence[str]) -> bool:
    significant_removed = [w for w in removed if not _NOISE.match(w)]
    significant_added = [w for w in added if not _NOISE.match(w)]
    # One word is enough: "non" dropped from "non-commercial", "not" for "now", "7" for "700".
    return bool(significant_removed or significant_added)


_NOTICE_WORDS = {"all", "rights", "reserved", "inc", "ltd", "llc", "copyright", "c"}


def _is_copyright_notice(before: Sequence[str], removed: Sequence[str], added: Sequence[str]) -> bool:
    """A run that is (part of) a copyright notice line: holder and year differ between copies."""
    for run in (removed, added):
        if not run:
            continue
        starts_notice = run[0] == "copyright" and any(len(w) == 4 and w.isdigit() for w in run[:4])
        after_copyright = bool(before) and before[-1] in ("copyright", "c") and run[0].isdigit() and len(run[0]) == 4
        if not (starts_notice or after_copyright or (set(run) <= _NOTICE_WORDS and {"reserved", "copyright"} & set(run))):
            return False
    return bool(removed or added) and len(removed) <= 12 and len(added) <= 40


def _clip(words: Sequence[str], limit: int = 30) -> str:
    shown = " ".join(words[:limit])
    return shown + (" …" if len(words) > limit else "")


def _merge_adjacent(found: list[str]) -> list[str]:
    counts = Counter(found)
    return [text if counts[text] == 1 else f"{text} (×{counts[text]})" for text in dict.fromkeys(found)]
