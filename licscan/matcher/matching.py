"""Which license a text is: the reference chosen among those aligned, the other licenses and use
policies in other passages of the text, and the words no license found explains.

Identical texts met again in one run (the same LICENSE in many repositories) are matched once.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ..model import TextMatch
from ..normalize import tokens
from ..rules import KnowledgeBase, Replaceable, restrictiveness
from ..vocabulary import VERDICT_VALUES, MatchStatus
from .alignment import clip, compare, holds_every_word, overlap, sliced, stretch, unheld, words_never_forgiven
from .benign import NOTICE, NUMBERING
from .cache import PreparedTexts
from .index import ReferenceIndex, build_references, known_rule, replaceable_spans
from .names import LicenseNames
from .notices import holder_words, without_notices
from .records import Aligned, Comparison, Located, OtherLicenses, Reference, ReferenceText, Unread
from .settings import SETTINGS
from .titles import TITLE_LEFT_OUT, only_the_title_left_out, title_change
from .vocabulary import LICENSE_TALK, disclaims_only, terms_outside, word_count

_GRANT_RANK: dict[str, int] = {verdict: rank for rank, verdict in enumerate(VERDICT_VALUES)}   # allowed < conditional < denied < unknown
_UNKNOWN = Located(TextMatch(None, "unknown", 0.0), None, ())
# words_never_forgiven of the references met, by id() (the reference held beside it, so that its id is not reused),
# shared by every Matcher: the catalog builds one for each shortlist of its texts, whose references are shared
# (index._reference), and each counted the same texts' words again (31 counts for 9 look-ups of issue 17's check)
_NEVER_FORGIVEN: dict[int, tuple[Reference, Counter[str]]] = {}
_NEVER_FORGIVEN_KEPT = 1024


@lru_cache(maxsize=_NEVER_FORGIVEN_KEPT)
def _never_forgiven_words(text: ReferenceText, replaceable: tuple[Replaceable, ...]) -> Counter[str]:
    """words_never_forgiven of the Reference a Matcher makes of this text (index._reference: the same tokens and spans)."""
    return words_never_forgiven(text.tokens, text.notices, replaceable_spans(text.tokens, replaceable), text.benign)


class Matcher(ReferenceIndex):
    """Holds the pre-processed reference texts of a knowledge base.

    ``cache``: read and write the reference tokens in ``reference_cache_dir()`` (default); False
    builds them from the texts and touches no file but ``prepared``'s (see ReferenceIndex).
    ``memo``: keep the results of match() for texts seen again (default); False matches every call
    afresh (benchmarks).
    """

    def __init__(self, kb: KnowledgeBase, *, cache: bool = True, memo: bool = True, prepared: PreparedTexts | None = None):
        super().__init__(kb, cache=cache, prepared=prepared)
        self._supersedes = {rule.id: set(rule.supersedes_text_of) for rule in kb.rules}
        self._license_names = LicenseNames(kb)
        self._memo: dict[str, TextMatch] = {}
        self._memo_enabled = memo
        self._memo_chars = 0
        self._memo_lock = threading.Lock()

    def match(self, text: str, *, words: Sequence[str] | None = None) -> TextMatch:
        memo_chars = SETTINGS.memo_chars
        if words is not None or not self._memo_enabled or len(text) < SETTINGS.memo_min_chars or len(text) > memo_chars // 4:
            return self._match(list(words) if words is not None else tokens(text))
        with self._memo_lock:
            found = self._memo.pop(text, None)
            if found is not None:
                self._memo[text] = found   # most recently used last
                return found
        found = self._match(tokens(text))
        with self._memo_lock:
            if text not in self._memo:
                while self._memo and (len(self._memo) >= SETTINGS.memo_entries or self._memo_chars + len(text) > memo_chars):
                    oldest = next(iter(self._memo))
                    del self._memo[oldest]
                    self._memo_chars -= len(oldest)
                self._memo[text] = found
                self._memo_chars += len(text)
        return found

    def exact_copy(self, words: Sequence[str]) -> TextMatch | None:
        """``match(text, words=words)`` when that is an exact copy, else None, at half the cost: an exact
        answer only ever comes from reading the text as a whole copy (a partial copy is looked for only
        when that reading is not exact). tests/test_catalog.py pins that it agrees with ``match``."""
        words = list(words)
        if len(words) < 8 or not self._may_be_exact(words):
            return None
        scored = self._align_candidates(words)
        match = self._as_a_whole(words, scored, True, exact_only=True).match if scored else None
        return match if match is not None and match.status == "exact" else None

    def _may_be_exact(self, words: list[str]) -> bool:
        """Whether any reference may be read as an exact copy in these words: not when each lacks some
        of its words that compare() never forgives (alignment.words_never_forgiven), found by counting
        words instead of aligning (a catalog shortlist is at most a few references)."""
        counts = Counter(words)
        for ref in self.references:
            kept = _NEVER_FORGIVEN.get(id(ref))
            if kept is None or kept[0] is not ref:
                if len(_NEVER_FORGIVEN) >= _NEVER_FORGIVEN_KEPT:
                    _NEVER_FORGIVEN.clear()
                kept = _NEVER_FORGIVEN[id(ref)] = (ref, words_never_forgiven(ref.tokens, ref.notices, ref.replaceable, ref.benign))
            if holds_every_word(counts, kept[1]):
                return True
        return False

    @staticmethod
    def may_find_an_exact_copy(kb: KnowledgeBase, words: Sequence[str], prepared: PreparedTexts | None = None) -> bool:
        """False when ``Matcher(kb, cache=False, prepared=prepared).exact_copy(words)`` is None by its first test
        (too few words, or every reference lacks a word compare() never forgives), answered from the same
        reference texts without building the Matcher: its 3-grams and posting lists cost ~3 ms for a catalog
        shortlist, the count ~0.1 ms (the catalog asks this before building a shortlist's Matcher)."""
        if len(words) < 8:
            return False
        counts = Counter(words)
        return any(holds_every_word(counts, _never_forgiven_words(text, known_rule(kb, text.rule_id).replaceable))
                   for text in build_references(kb, prepared))

    def _match(self, words: list[str], *, search_others: bool = True) -> TextMatch:
        copies = self._copies if search_others else None
        digest = copies.digest_of_copy(words) if copies is not None else None
        if copies is None or digest is None:
            return self._match_with_extent(words, search_others=search_others).match
        # a reference's tokens word for word: the answer given the first time (copies.py)
        known = copies.answer(digest)
        if known is None:
            known = self._match_with_extent(words).match
            copies.learn(digest, known)
        return known

    def _match_with_extent(self, words: list[str], *, search_others: bool = True) -> Located:
        """The match, where in the text the chosen reference is and the words the text adds inside it.
        ``search_others``: also look for other licenses and for terms outside every license found."""
        if len(words) < 8:
            return _UNKNOWN
        scored = self._align_candidates(words)
        located = self._as_a_whole(words, scored, search_others) if scored else _UNKNOWN
        if search_others and located.match.status != "exact":
            return self._partial(words, scored, located.match) or located
        return located

    def _as_a_whole(self, words: list[str], scored: list[Aligned], search_others: bool, *, exact_only: bool = False) -> Located:
        """The match among the references aligned, read as a copy (exact or modified) of the whole text.
        ``exact_only``: when it is not an exact copy, only that matters (unknown is returned as soon as
        that is certain: what the rest finds changes no status)."""
        # A license file often carries its use policy appended: the license is what governs.
        licenses = [item for item in scored if item.reference.kind == "license" and item.score >= SETTINGS.modified]
        holder = holder_words(words)
        chosen, comparison = self._pick(licenses or scored, holder)
        ref, score, window, bounds = chosen
        if score < SETTINGS.modified:
            return Located(TextMatch(None, "unknown", round(score, 4), ref.rule_id, round(score, 4)), None, ())
        differences, credited, solid, added, benign, kinds = (comparison or compare(ref, window, holder))[:6]
        if exact_only and (differences or min(1.0, score + credited / len(ref.tokens)) < SETTINGS.exact):
            return _UNKNOWN
        extent = (bounds[0] + solid[0], bounds[0] + solid[1])
        # Use policies in another passage of the text (a license file with its policy appended); a
        # sibling of the chosen policy aligned with the same passage is neither. Copies of a policy
        # differ in links and names (Llama 3's LICENSE carries its policy with other URLs); one that
        # adds words that grant, restrict or condition is an altered policy.
        also_found_list: list[str] = []
        altered_policies: list[str] = []
        for item in scored:
            other = item.reference
            if other.kind != "use-policy" or item.score < SETTINGS.exact or other.rule_id == ref.rule_id:
                continue
            found = compare(other, item.window)
            where = (item.bounds[0] + found.solid[0], item.bounds[0] + found.solid[1])
            if overlap(where, extent) > 0.5:
                continue
            (altered_policies if terms_outside(found.added) else also_found_list).append(other.rule_id)
        also_found = tuple(dict.fromkeys(also_found_list))
        others = [item for item in scored if item.reference.rule_id != ref.rule_id and item.reference.rule_id not in also_found]
        runner_up, runner_score = (others[0].reference.rule_id, others[0].score) if others else (None, 0.0)
        also_licenses: tuple[str, ...] = ()
        also_modified: tuple[str, ...] = tuple(dict.fromkeys(altered_policies))
        unexplained = ""
        unexplained_terms = False
        also_named: tuple[str, ...] = ()
        if search_others:
            outside = len(words) - (extent[1] - extent[0])
            if outside >= SETTINGS.unexplained_words or self._room_for_another(chosen, licenses, words):
                also_licenses, others_altered, rest = self._other_licenses(chosen, extent, words)
                also_modified = tuple(dict.fromkeys([*also_modified, *others_altered]))
            else:
                rest = words[:extent[0]] + words[extent[1]:]
            unexplained, unexplained_terms, also_named = self._outside(rest, ref.rule_id, also_found, also_licenses)
        if differences and only_the_title_left_out(ref, window, known_rule(self.kb, ref.rule_id).name, holder):
            differences, credited, kinds = [], credited + len(tokens(known_rule(self.kb, ref.rule_id).name)), (*kinds, TITLE_LEFT_OUT)
        score = min(1.0, score + credited / len(ref.tokens))
        status: MatchStatus = "exact" if score >= SETTINGS.exact and not differences else "modified"
        retitled = title_change(ref, window, known_rule(self.kb, ref.rule_id).name) if status == "modified" else None
        differences = [retitled, *differences] if retitled else differences
        if status == "exact" and set(kinds) - {NOTICE, NUMBERING}:
            # the license, written another way: said so, and a little less sure than a copy word for word
            differences = [f"differs from the reference only in: {', '.join(kinds)}", *benign[:6]]
            score = min(score, SETTINGS.benign_score)
        return Located(TextMatch(ref.rule_id, status, round(score, 4), runner_up, round(runner_score, 4), tuple(differences),
                                 also_found, also_licenses, also_modified, unexplained, unexplained_terms, also_named),
                       extent, added)

    def _outside(self, rest: list[str], rule_id: str, also_found: tuple[str, ...] = (),
                 also_licenses: tuple[str, ...] = ()) -> tuple[str, bool, tuple[str, ...]]:
        """The words outside the license found (quoted), whether they state terms, and the other
        licenses they name: what is left once copyright lines, license names, the words around them
        ("licensed under the") and passages of the license's own text (its title, Apache's notice
        paragraph) are read."""
        own = {rule_id, *also_found, *also_licenses, *known_rule(self.kb, rule_id).use_policies}
        rest, named, unread = self._unread(rest, own)
        also_named = tuple(dict.fromkeys(n for n in named if n != rule_id and n not in also_licenses))
        said = [word for word in unread if word not in LICENSE_TALK]
        terms = terms_outside(said)
        if terms and disclaims_only(said, terms):
            terms = set()
        if word_count(said) >= SETTINGS.unexplained_min_words or terms and word_count(said) >= 2:
            return clip(rest, 40), bool(terms), also_named
        return "", False, also_named

    def _partial(self, words: list[str], scored: list[Aligned], whole: TextMatch) -> Located | None:
        """A recognisable part of one license, unchanged (issue 14): a passage of the text that is a stretch of a
        reference with no change inside it, while a good part of the reference is missing before or after
        it. The references holding the part are those that leave out fewest of its words (alignment.unheld:
        a number that differs is a difference, never a tie). When the part is in references of several
        licenses, the most restrictive category is the answer (a family's research-only text shares passages
        with its commercial one), unless one of them contains the other's text (GLM-4's license contains
        MIT's): the part is then the contained license's. A text read as a modified copy of most of a
        license (``whole``) can only be a part of that license or of one it contains, never of another or of
        one containing it: MIT with "No" before "permission is hereby granted" leaves the rest of MIT
        unchanged, which is also an unchanged stretch of every modified MIT that contains MIT's text
        (MiniMax-M2's), and reading it so would hide the inserted "No"."""
        found = []
        most_of_one = whole.status == "modified" and whole.rule_id and whole.score >= 1 - SETTINGS.partial_missing
        related = ({whole.rule_id, *self._supersedes.get(whole.rule_id, ())} if most_of_one and whole.rule_id else None)
        # a reference that is not related is passed over: those holding the text are not even aligned
        # (issue 17: of the 46 the 127 real license files aligned there, 40 were then passed over)
        holding = self._holding_the_text(words, {id(item.reference) for item in scored},
                                         None if related is None else related.__contains__)
        for item in [*scored, *holding]:
            ref = item.reference
            if related is not None and ref.rule_id not in related:
                continue
            comparison = compare(ref, item.window)
            kept = len(ref.tokens) - comparison.missing_edges
            offset = 0   # where in the reference the words compared begin
            if comparison.inner_changes and kept >= SETTINGS.partial_min_words:
                # read again against the stretch of the reference the passage begins and ends with
                where = stretch(ref, item.window[comparison.solid[0]: comparison.solid[1]])
                if where is not None:
                    comparison = compare(sliced(ref, *where), item.window)
                    kept = where[1] - where[0] - comparison.missing_edges
                    offset = where[0]
            if (comparison.inner_changes or kept < SETTINGS.partial_min_words
                    or len(ref.tokens) - kept < SETTINGS.partial_missing * len(ref.tokens)):
                continue
            found.append((item, comparison, kept, comparison.solid[1] - comparison.solid[0], offset))
        if not found:
            return None
        # The same part: the references that leave out fewest of the words that one or another holds.
        # compare() sets aside what a text adds before or after a reference (a header, the rest of a
        # card), so a sibling whose number differs at the edge of the part ("1 million" for "50
        # million") would otherwise hold the rest unchanged and tie with the license it came from.
        extents = [(entry[0].bounds[0] + entry[1].solid[0], entry[0].bounds[0] + entry[1].solid[1]) for entry in found]
        union = (min(start for start, _ in extents), max(end for _, end in extents))
        held = {id(entry): unheld(entry[0].reference.tokens, (entry[4] + entry[1].kept[0], entry[4] + entry[1].kept[1]),
                                  words, extent, union) for entry, extent in zip(found, extents, strict=True)}
        fewest = min(count for count, _ in held.values())
        shared = [entry for entry in found if held[id(entry)][0] == fewest]
        contained = {rule_id for entry in shared for rule_id in self._supersedes.get(entry[0].reference.rule_id, ())}
        shared = [entry for entry in shared if not contained & self._supersedes.get(entry[0].reference.rule_id, set())] or shared
        rank = {entry[0].reference.rule_id: restrictiveness(known_rule(self.kb, entry[0].reference.rule_id)) for entry in shared}
        shared.sort(key=lambda entry: (-rank[entry[0].reference.rule_id], -entry[2]))
        item, comparison, kept, _, _ = shared[0]
        ref = item.reference
        others = [entry[0].reference.rule_id for entry in shared[1:] if entry[0].reference.rule_id != ref.rule_id]
        share = kept / len(ref.tokens)
        extent = held[id(shared[0])][1]
        passage = words[extent[0]: extent[1]]
        differences = (f"partial copy of {ref.rule_id}: only part of the text is present (about {share:.0%} of it, "
                       f"from “{clip(passage, 8)}” to “{' '.join(passage[-8:])}”)",
                       *(f"the same part is in {other}" for other in others[:3]))
        if not self._allows_no_more(ref.rule_id, others):
            # neither is the more restrictive: which terms apply is not settled
            said = (f"a part that {ref.rule_id} and {', '.join(others[:3])} share; they differ in what they allow",)
            return Located(TextMatch(None, "unknown", round(share, 4), ref.rule_id, round(share, 4), said), None, ())
        unexplained, terms, also_named = self._outside(words[:extent[0]] + words[extent[1]:], ref.rule_id)
        return Located(TextMatch(ref.rule_id, "partial", round(share, 4), others[0] if others else None,
                                 round(share, 4) if others else 0.0, differences, (), (), (), unexplained, terms, also_named),
                       extent, comparison.added)

    def _allows_no_more(self, rule_id: str, others: list[str]) -> bool:
        """Whether the license allows, for every use, no more than each of the others."""
        grants = dict(known_rule(self.kb, rule_id).use)
        for other in others:
            for use, grant in known_rule(self.kb, other).use:
                if _GRANT_RANK.get(grants.get(use, "unknown"), 3) < _GRANT_RANK.get(grant, 3):
                    return False
        return True

    def named_licenses(self, words: list[str]) -> list[str]:
        """The licenses the words name, longest name first, in order ("CC BY-NC 4.0", "Llama 3.1
        Community License", "Apache-2.0")."""
        return list(dict.fromkeys(self._license_names.find(words).rule_ids))

    def words_of_its_own(self, words: list[str], rule_ids: Iterable[str]) -> list[str]:
        """The words that are not copyright lines, license names or repeats of the given licenses'
        (and their use policies') own texts."""
        own = {rule_id for rule_id in rule_ids if self.kb.get(rule_id)}
        own.update(p for rule_id in list(own) for p in known_rule(self.kb, rule_id).use_policies)
        return self._unread(words, own).unread

    def _unread(self, words: list[str], own: set[str]) -> Unread:
        """The words without copyright lines, the licenses they name, and those of them that are not a
        license's name nor repeat the texts of the ``own`` rules."""
        words = without_notices(words)
        named, naming = self._license_names.find(words)
        repeated = self._from_reference(words, [r for rule_id in own for r in self._references_of.get(rule_id, ())])
        return Unread(words, named, [word for i, word in enumerate(words) if i not in naming and i not in repeated])

    @staticmethod
    def _room_for_another(chosen: Aligned, licenses: list[Aligned], words: list[str]) -> bool:
        """Whether the words the chosen license leaves could hold (nearly) all of some license aligned."""
        room = len(words) - len(chosen.reference.tokens)
        share = SETTINGS.other_license
        return any(item.score >= share and len(item.reference.tokens) * share <= room for item in licenses)

    def _other_licenses(self, chosen: Aligned, extent: tuple[int, int], words: list[str]) -> OtherLicenses:
        """Other licenses whose text is (nearly) all in another passage of the text: a LICENSE that
        carries two licenses (code and weights, say) is under both, not under the one picked.

        The text without the chosen license's passage is matched again, and again without what that
        found, up to ``other_license_passes`` times: a second copy of the chosen license, or of a
        license it contains or is contained in (BSD-3 and BSD-2), is not another license, unless it was
        altered. Use policies found are set aside too."""
        def family(rule_id: str) -> set[str]:
            return {rule_id, *self._supersedes.get(rule_id, set()),
                    *(other for other, contained in self._supersedes.items() if rule_id in contained)}

        explained = family(chosen.reference.rule_id)
        found: list[str] = []
        altered: list[str] = []
        rest = words[:extent[0]] + words[extent[1]:]
        for _ in range(SETTINGS.other_license_passes):
            match, where, added = self._match_with_extent(rest, search_others=False)
            if match.rule_id is None or where is None or match.score < SETTINGS.other_license:
                break
            rest = rest[:where[0]] + rest[where[1]:]
            if known_rule(self.kb, match.rule_id).kind != "license":
                if terms_outside(added):
                    altered.append(match.rule_id)   # a use policy given words that grant, restrict or condition
                continue
            if match.status != "exact":
                altered.append(match.rule_id)
            elif match.rule_id not in explained:
                found.append(match.rule_id)
            explained |= family(match.rule_id)
        else:
            altered.append("more licenses than licscan looks for in one text")
        return OtherLicenses(tuple(dict.fromkeys(found)), tuple(dict.fromkeys(altered)), rest)

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
        top = scored[0].score
        contenders = [item for item in scored if top - item.score <= SETTINGS.tie]
        near = {item.reference.rule_id for item in contenders}
        contenders += [
            item for item in scored
            if SETTINGS.tie < top - item.score <= min(SETTINGS.contenders, self._credit_cap[id(item.reference)])
            and self._supersedes.get(item.reference.rule_id, set()) & near
        ]
        # a reference another contender contains in full is explained by that one: its text is there too
        contained = set().union(*(self._supersedes.get(item.reference.rule_id, set()) for item in contenders))
        contenders = [item for item in contenders if item.reference.rule_id not in contained] or contenders
        if len(contenders) == 1:
            return self._superset_present(contenders[0], scored) or contenders[0], None
        comparisons = [compare(item.reference, item.window, holder) for item in contenders]
        credited = [min(1.0, item.score + comparison.credited / len(item.reference.tokens))
                    for item, comparison in zip(contenders, comparisons, strict=True)]

        def preference(position: int) -> tuple[bool, float, int, str]:
            ref = contenders[position].reference
            return (bool(comparisons[position].differences), -credited[position], -len(ref.tokens), ref.rule_id)

        chosen = min(range(len(contenders)), key=preference)
        superset = self._superset_present(contenders[chosen], scored)
        return (superset, None) if superset else (contenders[chosen], comparisons[chosen])

    def _superset_present(self, chosen: Aligned, scored: list[Aligned]) -> Aligned | None:
        """A reference containing the chosen one in full (Kimi K2's license contains MIT) whose own
        extra words are mostly in the text too: the text is that license, altered, however far its
        score trails; not the contained license with some words "outside" it."""
        inner = chosen.reference
        for item in scored:
            outer = item.reference
            extra = len(outer.tokens) - len(inner.tokens)
            if (extra > 0 and inner.rule_id in self._supersedes.get(outer.rule_id, ())
                    and (item.score * len(outer.tokens) - len(inner.tokens)) / extra >= SETTINGS.superset_extra):
                return item
        return None
