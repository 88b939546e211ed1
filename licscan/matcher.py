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
from typing import NamedTuple, Sequence

from rapidfuzz.distance import LCSseq

from .model import TextMatch
from .normalize import _TOKEN as _TOKEN_CHARS, tokens
from .rules import KnowledgeBase

# A text whose best reference coverage is at least EXACT (and has no material difference) is that license.
EXACT = 0.985
# Below MODIFIED the text is not a version of any known license: it is unknown, not the nearest guess.
MODIFIED = 0.60
# References this close to the best are ties; the one that explains more of the text wins.
TIE = 0.004
# How far below the best a reference that contains the best one may score and still be chosen: what
# a faithful copy may change (a copyright line of ~10 words, a replaced name) costs a short license
# (BSD: ~200 words) up to ~0.06 of its score.
CONTENDERS = 0.08
# A superset whose words beyond the license it contains are this much in the text is what the text is.
SUPERSET_EXTRA = 0.5
# Another license found at this coverage in its own passage of the text applies too.
OTHER_LICENSE = 0.90
OTHER_LICENSE_PASSES = 8
# A text with this many words outside its license is searched for other licenses and policies too.
UNEXPLAINED_WORDS = 20
# Words outside every license and policy found, from this many on, are reported: terms licscan cannot
# check may hide in any wording, so the reader decides (classify: needs review; with words that grant,
# restrict or condition, _TERMS_OUTSIDE, unknown). Copyright lines, license names with the words
# around them and repeats of the license's own text (its title) are not counted.
UNEXPLAINED_MIN_WORDS = 3
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
    shingles: frozenset[int]   # every distinct 3-gram key (finds the passage to align)
    sample: frozenset[int]     # the keys the pre-filter counts
    kind: str
    replaceable: tuple[Span, ...] = ()   # token spans a faithful copy may replace (rules' `replaceable`)
    notices: tuple[tuple[int, int], ...] = ()   # token spans of its copyright lines, which copies change


class Comparison(NamedTuple):
    """What _compare found: the passages that differ, the reference words credited (copyright lines,
    replaceable passages), and the window's words [start, end) from the first to the last run of 4 or
    more words in agreement: where the reference really is (the window also holds stray matches)."""

    differences: list[str]
    credited: int
    solid: tuple[int, int]
    added: tuple[str, ...] = ()   # the words the text adds or puts in place of the reference's, inside it


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
            notices = _notice_spans(words, kb.text_path(name))
            self.references.append(Reference(rule_id, name, words, keys, _sample(keys), kind, spans, notices))
        self._sample_sizes = [max(1, len(ref.sample)) for ref in self.references]
        self._references_of: dict[str, list[Reference]] = {}
        for ref in self.references:
            self._references_of.setdefault(ref.rule_id, []).append(ref)
        self._credit_cap = {id(ref): _credit_cap(ref) / max(1, len(ref.tokens)) for ref in self.references}
        self._build_index()
        self._supersedes = {rule.id: set(rule.supersedes_text_of) for rule in kb.rules}
        # every way a license is named, letters and digits only ("CC-BY-NC-4.0" -> "ccbync40")
        self._license_names = {
            key: rule.id
            for rule in kb.rules if rule.kind == "license"
            for name in (rule.id, rule.name, rule.spdx, *rule.hub_ids, *rule.aliases)
            if len(key := "".join(_TOKEN_CHARS.findall(name.lower()))) >= 3 and not key.startswith("licenseref")
        }
        # a name can only start at a word that is a prefix of some name ("cc", "llama", "apache", ...)
        self._name_prefixes = {key[:end] for key in self._license_names for end in range(1, len(key) + 1)}
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

    def _match(self, words: list[str], *, search_others: bool = True) -> TextMatch:
        return self._match_with_extent(words, search_others=search_others)[0]

    def _match_with_extent(self, words: list[str], *, search_others: bool = True
                           ) -> tuple[TextMatch, tuple[int, int] | None, tuple[str, ...]]:
        """The match, the words [start, end) the chosen reference aligns with (None if nothing does)
        and the words the text adds inside it. ``search_others``: also look for other licenses and
        for terms outside every license found."""
        if len(words) < 8:
            return TextMatch(None, "unknown", 0.0), None, ()
        scored = self._align_candidates(words)
        if not scored:
            return TextMatch(None, "unknown", 0.0), None, ()
        # A license file often carries its use policy appended: the license is what governs.
        licenses = [item for item in scored if item[0].kind == "license" and item[1] >= MODIFIED]
        holder = _holder_words(words)
        chosen, comparison = self._pick(licenses or scored, holder)
        ref, score, window, _ = chosen
        if score < MODIFIED:
            return TextMatch(None, "unknown", round(score, 4), ref.rule_id, round(score, 4)), None, ()
        differences, credited, solid, added = comparison or _compare(ref, window, holder)
        extent = (chosen[3][0] + solid[0], chosen[3][0] + solid[1])
        # Use policies in another passage of the text (a license file with its policy appended); a
        # sibling of the chosen policy aligned with the same passage is neither. Copies of a policy
        # differ in links and names (Llama 3's LICENSE carries its policy with other URLs); one that
        # adds words that grant, restrict or condition is an altered policy.
        also_found_list: list[str] = []
        altered_policies: list[str] = []
        for item in scored:
            if item[0].kind != "use-policy" or item[1] < EXACT or item[0].rule_id == ref.rule_id:
                continue
            found = _compare(item[0], item[2])
            where = (item[3][0] + found.solid[0], item[3][0] + found.solid[1])
            if _overlap(where, extent) > 0.5:
                continue
            (altered_policies if _TERMS_OUTSIDE.intersection(found.added) else also_found_list).append(item[0].rule_id)
        also_found = tuple(dict.fromkeys(also_found_list))
        others = [(r, s) for r, s, _, _ in scored if r.rule_id != ref.rule_id and r.rule_id not in also_found]
        runner_up, runner_score = (others[0][0].rule_id, others[0][1]) if others else (None, 0.0)
        also_licenses: tuple[str, ...] = ()
        also_modified: tuple[str, ...] = tuple(dict.fromkeys(altered_policies))
        unexplained = ""
        unexplained_terms = False
        also_named: tuple[str, ...] = ()
        if search_others:
            outside = len(words) - (extent[1] - extent[0])
            if outside >= UNEXPLAINED_WORDS or self._room_for_another(chosen, licenses, words):
                also_licenses, others_altered, rest = self._other_licenses(chosen, extent, words)
                also_modified = tuple(dict.fromkeys([*also_modified, *others_altered]))
            else:
                rest = words[:extent[0]] + words[extent[1]:]
            # what is left once copyright lines, license names, the words around them ("licensed under
            # the") and passages of the license's own text (its title, Apache's notice paragraph) are read
            own = {ref.rule_id, *also_found, *also_licenses, *self.kb.get(ref.rule_id).use_policies}
            rest, named, unread = self._unread(rest, own)
            also_named = tuple(dict.fromkeys(n for n in named if n != ref.rule_id and n not in also_licenses))
            said = [word for word in unread if word not in _LICENSE_TALK]
            terms = _TERMS_OUTSIDE.intersection(said)
            if len(said) >= UNEXPLAINED_MIN_WORDS or terms and len(said) >= 2:
                unexplained = _clip(rest, 40)
                unexplained_terms = bool(terms)
        score = min(1.0, score + credited / len(ref.tokens))
        status = "exact" if score >= EXACT and not differences else "modified"
        return TextMatch(ref.rule_id, status, round(score, 4), runner_up, round(runner_score, 4), tuple(differences),
                         also_found, also_licenses, also_modified, unexplained, unexplained_terms, also_named), extent, added

    def _named_licenses(self, words: list[str]) -> tuple[list[str], set[int]]:
        """Licenses the words name ("The model weights are licensed under CC-BY-NC-4.0"), and the
        positions of the words that name them. The longest name wins ("Llama 3.1" is not "Llama 3")."""
        found: list[str] = []
        positions: set[int] = set()
        names, prefixes = self._license_names, self._name_prefixes
        limit = min(len(words), 4_000)
        covered = 0
        for start in compress(count(), map(prefixes.__contains__, words[:limit])):   # looped in C
            if start < covered:
                continue
            key, longest = "", None
            for end, word in enumerate(words[start: start + 8], start + 1):
                key += word
                if key not in prefixes:
                    break
                if key in names:
                    longest = (names[key], end)
            if longest is not None:
                found.append(longest[0])
                positions.update(range(start, longest[1]))
                covered = longest[1]
        return found, positions

    def _from_reference(self, words: list[str], refs: list[Reference]) -> set[int]:
        """Positions of words that repeat the references' own texts (three words in a row as one has them)."""
        keys = self._keys(words)
        positions: set[int] = set()
        for ref in refs:
            for i in compress(count(), map(ref.shingles.__contains__, keys)):
                positions.update((i, i + 1, i + 2))
        return positions

    def named_licenses(self, words: list[str]) -> list[str]:
        """The licenses the words name, longest name first, in order ("CC BY-NC 4.0", "Llama 3.1
        Community License", "Apache-2.0")."""
        return list(dict.fromkeys(self._named_licenses(words)[0]))

    def words_of_its_own(self, words: list[str], rule_ids) -> list[str]:
        """The words that are not copyright lines, license names or repeats of the given licenses'
        (and their use policies') own texts."""
        own = {rule_id for rule_id in rule_ids if self.kb.get(rule_id)}
        own.update(p for rule_id in list(own) for p in self.kb.get(rule_id).use_policies)
        return self._unread(words, own)[2]

    def _unread(self, words: list[str], own: set[str]) -> tuple[list[str], list[str], list[str]]:
        """(the words without copyright lines, the licenses they name, those of them that are not a
        license's name nor repeat the texts of the ``own`` rules)."""
        words = _without_notices(words)
        named, naming = self._named_licenses(words)
        repeated = self._from_reference(words, [r for rule_id in own for r in self._references_of.get(rule_id, ())])
        return words, named, [word for i, word in enumerate(words) if i not in naming and i not in repeated]

    @staticmethod
    def _room_for_another(chosen: Aligned, licenses: list[Aligned], words: list[str]) -> bool:
        """Whether the words the chosen license leaves could hold (nearly) all of some license aligned."""
        room = len(words) - len(chosen[0].tokens)
        return any(score >= OTHER_LICENSE and len(ref.tokens) * OTHER_LICENSE <= room for ref, score, _, _ in licenses)

    def _other_licenses(self, chosen: Aligned, extent: tuple[int, int], words: list[str]
                        ) -> tuple[tuple[str, ...], tuple[str, ...], list[str]]:
        """Other licenses whose text is (nearly) all in another passage of the text: a LICENSE that
        carries two licenses (code and weights, say) is under both, not under the one picked.

        The text without the chosen license's passage is matched again, and again without what that
        found, up to OTHER_LICENSE_PASSES times: a second copy of the chosen license, or of a license
        it contains or is contained in (BSD-3 and BSD-2), is not another license, unless it was
        altered. Use policies found are set aside too. Returns (licenses found, licenses found altered,
        the words no license or policy explains)."""
        def family(rule_id: str) -> set[str]:
            return {rule_id, *self._supersedes.get(rule_id, set()),
                    *(other for other, contained in self._supersedes.items() if rule_id in contained)}

        explained = family(chosen[0].rule_id)
        found: list[str] = []
        altered: list[str] = []
        rest = words[:extent[0]] + words[extent[1]:]
        for _ in range(OTHER_LICENSE_PASSES):
            match, where, added = self._match_with_extent(rest, search_others=False)
            if match.rule_id is None or where is None or match.score < OTHER_LICENSE:
                break
            rest = rest[:where[0]] + rest[where[1]:]
            if self.kb.get(match.rule_id).kind != "license":
                if _TERMS_OUTSIDE.intersection(added):
                    altered.append(match.rule_id)   # a use policy given words that grant, restrict or condition
                continue
            if match.status != "exact":
                altered.append(match.rule_id)
            elif match.rule_id not in explained:
                found.append(match.rule_id)
            explained |= family(match.rule_id)
        else:
            altered.append("more licenses than licscan looks for in one text")
        return tuple(dict.fromkeys(found)), tuple(dict.fromkeys(altered)), rest

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

    def _pick(self, scored: list[Aligned], holder: frozenset[str] = frozenset()) -> tuple[Aligned, Comparison | None]:
        """The reference the text is a copy of: among near-equal scores, those another one contains in
        full drop out (its extra text is there too), then a faithful copy beats a near one, then the
        higher score after credits wins, then the longer text.

        A reference that contains a near-equal one in full (BSD-3 contains BSD-2) competes even when
        it scores a little lower, by no more than what faithful copies change in it (a copy naming its
        own holder scores below the shorter reference it contains): it is judged after crediting the
        copyright line and its replaceable passages. No other reference can win that way, so a
        contained license never wins over the altered superset it is part of (a modified Kimi K2 is
        not an exact MIT). Returns the chosen item and, when there was a choice, its comparison with
        the text (so that the caller does not compute it again)."""
        top = scored[0][1]
        contenders = [item for item in scored if top - item[1] <= TIE]
        near = {item[0].rule_id for item in contenders}
        contenders += [
            item for item in scored
            if TIE < top - item[1] <= min(CONTENDERS, self._credit_cap[id(item[0])])
            and self._supersedes.get(item[0].rule_id, set()) & near
        ]
        # a reference another contender contains in full is explained by that one: its text is there too
        contained = set().union(*(self._supersedes.get(item[0].rule_id, set()) for item in contenders))
        contenders = [item for item in contenders if item[0].rule_id not in contained] or contenders
        if len(contenders) == 1:
            return self._superset_present(contenders[0], scored) or contenders[0], None
        comparisons = [_compare(ref, window, holder) for ref, _, window, _ in contenders]
        credited = [min(1.0, score + comparison[1] / len(ref.tokens))
                    for (ref, score, _, _), comparison in zip(contenders, comparisons)]

        def preference(position: int):
            ref = contenders[position][0]
            return (bool(comparisons[position][0]), -credited[position], -len(ref.tokens), ref.rule_id)

        chosen = min(range(len(contenders)), key=preference)
        superset = self._superset_present(contenders[chosen], scored)
        return (superset, None) if superset else (contenders[chosen], comparisons[chosen])

    def _superset_present(self, chosen: Aligned, scored: list[Aligned]) -> Aligned | None:
        """A reference containing the chosen one in full (Kimi K2's license contains MIT) whose own
        extra words are mostly in the text too: the text is that license, altered, however far its
        score trails; not the contained license with some words "outside" it."""
        inner = chosen[0]
        for item in scored:
            outer, score = item[0], item[1]
            extra = len(outer.tokens) - len(inner.tokens)
            if extra > 0 and inner.rule_id in self._supersedes.get(outer.rule_id, ()):
                if (score * len(outer.tokens) - len(inner.tokens)) / extra >= SUPERSET_EXTRA:
                    return item
        return None


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


def _replaceable_spans(words: Sequence[str], passages) -> tuple[Span, ...]:
    """Where each of a rule's replaceable passages occurs in one of its reference texts, with the
    most words and the generic names that may stand there."""
    spans = []
    for passage in passages:
        wanted = tokens(passage.text)
        generic = frozenset(_without_articles(tokens(name)) for name in passage.generic)
        for start in range(len(words) - len(wanted) + 1):
            if wanted and list(words[start: start + len(wanted)]) == wanted:
                spans.append(Span(start, start + len(wanted), passage.max_words, generic, passage.optional))
    return tuple(spans)


def _without_articles(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(word for word in words if word not in ("the", "a", "an"))


def _credit_cap(ref: Reference) -> int:
    """At most how many of the reference's words _compare can credit: its copyright lines and its
    replaceable passages."""
    return sum(end - start for start, end in ref.notices) + sum(span.end - span.start for span in ref.replaceable)


def _changes(ops) -> list[tuple[int, int, int, int]]:
    """(src_start, src_end, dest_start, dest_end) of each change, a deletion and an insertion that touch
    merged into one replacement (the alignment may give "Salesforce.com" -> "the copyright holder" as both)."""
    changes: list[list[int]] = []
    for op in ops:
        if op.tag == "equal":
            continue
        if changes and changes[-1][1] == op.src_start and changes[-1][3] == op.dest_start:
            changes[-1][1], changes[-1][3] = op.src_end, op.dest_end
        else:
            changes.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    return [tuple(change) for change in changes]


def _compare(ref: Reference, window: Sequence[str], holder: frozenset[str] = frozenset(), limit: int = 12) -> Comparison:
    """Passages where the text departs from the reference inside the license itself.

    Words the text adds before the first or after the last solid agreement are not the license (a
    header, the rest of a model card, an appended policy) and are ignored; reference words missing
    there are not. Lone list markers are noise; a changed number is always material. A different
    copyright holder or year ("Copyright (c) 2023 DeepSeek" for "... 2022 OpenAI") is not a change of
    terms when it stays inside the reference's copyright lines and reads as copyright lines; nor is a
    replaceable passage naming a generic holder or a holder the text's copyright lines name
    (``holder``): those reference words are returned as credit towards the score. Words that state
    terms (``_TERM_WORDS``) are never credited.
    """
    reference = ref.tokens
    ops = LCSseq.opcodes(reference, window)
    solid = [op for op in ops if op.tag == "equal" and op.src_end - op.src_start >= 4]
    if not solid:
        return Comparison(["no passage of the reference text was found intact"], 0, (0, len(window)), tuple(window))
    first_dest, last_dest = solid[0].dest_start, solid[-1].dest_end
    found: list[str] = []
    credited = 0
    new_words: list[str] = []
    for src_start, src_end, dest_start, dest_end in _changes(ops):
        removed = reference[src_start: src_end]
        added = window[dest_start: dest_end]
        if dest_end <= first_dest or dest_start >= last_dest:
            added = ()  # outside the license: surrounding text, not a change to it
        if _is_notice_change(src_start, src_end, added, ref.notices) or _is_replacement(
            src_start, src_end, added, ref.replaceable, holder
        ):
            credited += len(removed)
            continue
        if not _material(removed, added) or not removed and _repeats(reference, src_start, added):
            continue
        new_words.extend(added)
        if removed and added:
            found.append(f"changed “{_clip(removed)}” to “{_clip(added)}”")
        elif removed:
            found.append(f"removed “{_clip(removed)}”")
        else:
            found.append(f"added “{_clip(added)}”")
        if len(found) >= limit:
            break
    return Comparison(_merge_adjacent(found), credited, (first_dest, last_dest), tuple(new_words))


# Words that state terms, not names: a copyright line or a "replacement" with one of them changes the license.
_TERM_WORDS = frozenset(
    "not no non nor never cannot commercial commercially noncommercial use used using only solely exclusively "
    "except unless without prohibited forbidden restricted restriction permitted permission may shall must "
    "license licensed licence licensee agreement terms conditions purpose purposes academic evaluation profit "
    "fee fees royalty pay payment revoke revoked notwithstanding provided subject recipient".split()
)
# Where a copyright line's holder ends: the notice's own closing words, or the license beginning.
_HOLDER_ENDS = frozenset("all redistribution permission licensed this copyright under see".split())
# Joining words a holder's name may add around its own words ("the Regents of the University").
_NAME_GLUE = frozenset({"the", "of", "and", "for", "a", "an"})


def _holder_words(words: Sequence[str]) -> frozenset[str]:
    """The words of the holders the text's copyright lines name ("Copyright (c) 2019, Acme Lab"):
    after each "copyright" followed by "(c)" or a year, up to the notice's end."""
    found: set[str] = set()
    for i in compress(count(), map("copyright".__eq__, words)):
        following = words[i + 1: i + 16]
        if not following or not (following[0] == "c" or _YEAR.match(following[0])):
            continue
        for word in following:
            if word in _HOLDER_ENDS or word in _TERM_WORDS:
                break
            if word != "c" and not _YEAR.match(word):
                found.add(word)
    return frozenset(found)


def _is_replacement(src_start: int, src_end: int, added: Sequence[str], replaceable: Sequence[Span],
                    holder: frozenset[str]) -> bool:
    """The reference words [src_start, src_end) lie in a replaceable span and the text names there a
    generic holder, or the holder of its own copyright line, in a few words that state no terms."""
    if not added:   # left out: only an optional passage (a title line), and only all of it
        return any(span.optional and span.start == src_start and src_end == span.end for span in replaceable)
    if _TERM_WORDS.intersection(added):
        return False
    name = _without_articles(added)
    for span in replaceable:
        inside = span.start <= src_start and src_end <= span.end
        if src_start == src_end:   # an insertion must fall strictly inside the span, not next to it
            inside = span.start < src_start < span.end
        if not inside or len(added) > span.max_words:
            continue
        if name in span.generic or (name and set(name) - _NAME_GLUE <= holder | _NOTICE_WORDS and set(name) - _NAME_GLUE):
            return True
    return False


def states_terms(words: Sequence[str]) -> bool:
    """Whether words no license text explains grant, restrict or condition something (two words at
    least, one of them in _TERMS_OUTSIDE): "may not be used for commercial purposes"."""
    said = [word for word in words if word not in _LICENSE_TALK]
    return len(said) >= 2 and bool(_TERMS_OUTSIDE.intersection(said))


# Words that only say which license applies, around a license's name.
_LICENSE_TALK = frozenset(
    "licensed license licence licenses under the this is are released distributed available of a an see for and "
    "in version terms file spdx identifier http https www com org txt md html product includes software developed "
    "by at copy obtain".split()
)
# Words that grant, restrict or condition: one of them in five or more words that no license or policy
# found in the text explains ("This software may not be used for commercial purposes", "Commercial use
# requires a separate agreement" after an MIT text) makes terms licscan cannot check. Naming a license
# ("Licensed under the MIT License") or crediting authors ("This product includes software developed
# by ...") does not.
_TERMS_OUTSIDE = frozenset(
    "not no non never cannot commercial commercially noncommercial only solely exclusively prohibited prohibit "
    "prohibits forbidden restricted restrict restriction restrictions must shall may "
    "revoke revoked fee fees royalty royalties pay paid payment subscription notwithstanding academic evaluation "
    "requires required require separate proprietary exclude excludes excluding excluded exceed exceeds exceeding "
    "million billion revenue permission permitted allowed terms conditions agreement use".split()
)


def _repeats(reference: Sequence[str], position: int, added: Sequence[str]) -> bool:
    """Added words that repeat the reference's words right after or before them: a heading that
    repeats the title ("# Gemma Terms of Use" above "Gemma Terms of Use") changes no term."""
    n = len(added)
    return tuple(reference[position: position + n]) == tuple(added) or tuple(reference[max(0, position - n): position]) == tuple(added)


def _material(removed: Sequence[str], added: Sequence[str]) -> bool:
    significant_removed = [w for w in removed if not _NOISE.match(w)]
    significant_added = [w for w in added if not _NOISE.match(w)]
    # A number replaced by another is a change of terms ("20 million" for "2 million"), though a lone
    # short number alone, dropped or added, is list numbering.
    removed_numbers = [w for w in removed if w.isdigit()]
    added_numbers = [w for w in added if w.isdigit()]
    if removed_numbers and added_numbers and removed_numbers != added_numbers:
        return True
    # One word is enough: "non" dropped from "non-commercial", "not" for "now", "7" for "700".
    return bool(significant_removed or significant_added)


_NOTICE_WORDS = {"all", "rights", "reserved", "inc", "ltd", "llc", "copyright", "c"}
_NOTICE_FILLER = frozenset({"c", "all", "rights", "reserved", "and", "its", "affiliates", "present"})
_YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d|yyyy)$")
MAX_HOLDER_WORDS = 8
_COPYRIGHT_LINE = re.compile(r"^[ \t>*#-]*copyright\b.*$", re.IGNORECASE | re.MULTILINE)
_RIGHTS_RESERVED = re.compile(r"^[ \t]*all rights reserved\.?[ \t]*$", re.IGNORECASE)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """How much of the shorter of two [start, end) passages the other covers."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / max(1, min(a[1] - a[0], b[1] - b[0]))


def _without_notices(words: list[str]) -> list[str]:
    """The words without the copyright notices among them."""
    out: list[str] = []
    i = 0
    while i < len(words):
        notice = _notice_part(words[i: i + 3 + 2 * MAX_HOLDER_WORDS]) if words[i] == "copyright" else []
        if notice:
            i += len(notice)
        else:
            out.append(words[i])
            i += 1
    return out


def _notice_part(words: list[str]) -> list[str]:
    """The copyright notice at the start of a line's words: "copyright", "(c)" or a year, the holder,
    "all rights reserved"; not what follows it on the line ("Licensed under ..."). Empty if the line
    is not a notice (a wrapped sentence that happens to start with "copyright")."""
    if len(words) < 2 or words[0] != "copyright" or not (words[1] == "c" or _YEAR.match(words[1])):
        return []
    end = 1
    while end < len(words) and end <= 2 + 2 * MAX_HOLDER_WORDS:
        if words[end: end + 3] == ["all", "rights", "reserved"]:
            end += 3
            break
        if words[end] == "copyright" and end + 1 < len(words) and words[end + 1] != "c" and not _YEAR.match(words[end + 1]):
            end += 1   # "name of copyright owner": a template's words, not a second notice
            continue
        if words[end] in _HOLDER_ENDS or words[end] in _TERM_WORDS or words[end] in _NOT_IN_NAMES:
            break
        end += 1
    name = [w for w in words[1:end] if w not in _NOTICE_FILLER and w not in _NAME_GLUE and not _YEAR.match(w)]
    return words[:end] if len(name) <= MAX_HOLDER_WORDS else []


def _notice_spans(words: Sequence[str], path: Path) -> tuple[tuple[int, int], ...]:
    """Token spans of the reference text's copyright lines (with an "All rights reserved." line
    under one), found in its tokens."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ()
    lines = text.splitlines()
    spans = []
    for found in _COPYRIGHT_LINE.finditer(text):
        line = found.group(0)
        number = text.count("\n", 0, found.start())
        following = next((l for l in lines[number + 1:] if l.strip()), "")
        if _RIGHTS_RESERVED.match(following):
            line += " " + following
        wanted = _notice_part(tokens(line))
        if not wanted:
            continue
        for start in range(len(words) - len(wanted) + 1):
            if list(words[start: start + len(wanted)]) == wanted:
                spans.append((start, start + len(wanted)))
    return tuple(dict.fromkeys(spans))


def _is_notice_change(src_start: int, src_end: int, added: Sequence[str], notices: Sequence[tuple[int, int]]) -> bool:
    """A change inside the reference's copyright lines to words that read as copyright lines: the
    holder and year differ between copies, or the copy has none, or several. A change that starts at
    a line's first word, or adds after its last, must itself start a copyright line."""
    for start, end in notices:
        if src_start < src_end:
            if not (start <= src_start and src_end <= end):
                continue
        elif not start <= src_start <= end:
            continue
        if src_start == src_end == end and 0 < len(added) <= 2 and set(added) <= _HOLDER_SUFFIXES:
            return True   # "DeepSeek AI", "OpenAI Inc." for the reference's "DeepSeek", "OpenAI"
        return _reads_as_notices(added, continuing=start < src_start < end)
    return False


_HOLDER_SUFFIXES = frozenset(
    "ai inc llc ltd limited corp corporation co company gmbh ag sa bv plc labs lab team contributors authors "
    "affiliates foundation technologies group".split()
)


def _reads_as_notices(words: Sequence[str], *, continuing: bool) -> bool:
    """Copyright lines and nothing else. Split at "copyright": each part after one starts with
    "(c)" or a year; each names a holder in at most MAX_HOLDER_WORDS words besides "(c)", years,
    "all rights reserved" and joining words, none of them a word that states terms or a sentence's
    word ("are", "weights", "proprietary"). ``continuing``: the first part may go on a line begun
    in the reference (a different holder after the same "Copyright (c) 2022")."""
    if len(words) > 8 * MAX_HOLDER_WORDS or _TERM_WORDS.intersection(words) or _NOT_IN_NAMES.intersection(words):
        return False
    parts: list[list[str]] = [[]]
    for word in words:
        if word == "copyright":
            parts.append([])
        else:
            parts[-1].append(word)
    if parts[0] and not continuing:
        return False
    for number, part in enumerate(parts):
        if number and not (part and (part[0] == "c" or _YEAR.match(part[0]))):
            return False
        name = [w for w in part if w not in _NOTICE_FILLER and w not in _NAME_GLUE and not _YEAR.match(w)]
        if len(name) > MAX_HOLDER_WORDS:
            return False
    return True


# Words of sentences, not of names: in a copyright line they are a clause dressed as a notice.
_NOT_IN_NAMES = frozenset(
    "is are was were be been remain remains need needs will would should can could has have had do does "
    "weights model models customers customer who which that these those if when where excluded exclude "
    "excludes proprietary to paid pay buy sell sold but contact sales seat seats pricing purchase first staff "
    "employees firms companies".split()
)


def _clip(words: Sequence[str], limit: int = 30) -> str:
    shown = " ".join(words[:limit])
    return shown + (" …" if len(words) > limit else "")


def _merge_adjacent(found: list[str]) -> list[str]:
    counts = Counter(found)
    return [text if counts[text] == 1 else f"{text} (×{counts[text]})" for text in dict.fromkeys(found)]
