"""Fuzzy matching of a text against the verbatim reference texts.

Two steps, as licensee and ScanCode do it in spirit: a cheap pre-filter over word 3-grams finds the
few references that could match (so the cost per text stays flat as ``rules/`` grows), then
rapidfuzz aligns each surviving reference word by word. The score is the share of the reference's
words found in order in the text ("coverage"): a header, a model card around the license or an
appended use policy do not lower it, while a removed or changed clause does.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
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
# References whose 3-gram containment is below this are not aligned at all.
PREFILTER = 0.30
MAX_ALIGNED = 5
SHINGLE = 3
# Runs of hits further apart than this belong to different passages (e.g. a card and its license).
CLUSTER_GAP = 150

# Tokens that differ between faithful copies: list markers, (c), single digits of numbering.
_NOISE = re.compile(r"^(?:[a-z]|[ivxl]{1,5}|[0-9]{1,2})$")


@dataclass(frozen=True)
class Reference:
    rule_id: str
    text_file: str
    tokens: tuple[str, ...]
    shingles: frozenset[int]
    kind: str


class Matcher:
    """Holds the pre-processed reference texts of a knowledge base."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.references: list[Reference] = []
        self._index: dict[int, list[int]] = {}
        texts = {
            (rule.id, name): tuple(tokens(kb.text_path(name).read_text(encoding="utf-8")))
            for rule in kb.rules
            for name in rule.texts
        }
        for rule in kb.rules:
            policies = [words for (rule_id, _), words in texts.items() if rule_id in rule.use_policies]
            for name in rule.texts:
                words = _without_appended_policies(texts[(rule.id, name)], policies)
                self._add(Reference(rule.id, name, words, frozenset(_shingles(words)), rule.kind))
        self._supersedes = {rule.id: set(rule.supersedes_text_of) for rule in kb.rules}

    def _add(self, reference: Reference) -> None:
        position = len(self.references)
        self.references.append(reference)
        for shingle in reference.shingles:
            self._index.setdefault(shingle, []).append(position)

    def match(self, text: str, *, words: Sequence[str] | None = None) -> TextMatch:
        words = list(words) if words is not None else tokens(text)
        if len(words) < 8:
            return TextMatch(None, "unknown", 0.0)
        scored = self._align_candidates(words)
        if not scored:
            return TextMatch(None, "unknown", 0.0)
        # A license file often carries its use policy appended: the license is what governs.
        licenses = [item for item in scored if item[0].kind == "license" and item[1] >= MODIFIED]
        ref, score, window = self._pick(licenses or scored)
        also_found = tuple(dict.fromkeys(
            r.rule_id for r, s, _ in scored if r.kind == "use-policy" and s >= EXACT and r.rule_id != ref.rule_id
        ))
        others = [(r, s) for r, s, _ in scored if r.rule_id != ref.rule_id and r.rule_id not in also_found]
        runner_up, runner_score = (others[0][0].rule_id, others[0][1]) if others else (None, 0.0)
        if score < MODIFIED:
            return TextMatch(None, "unknown", round(score, 4), ref.rule_id, round(score, 4))
        differences, credited = _compare(ref.tokens, window)
        score = min(1.0, score + credited / len(ref.tokens))
        status = "exact" if score >= EXACT and not differences else "modified"
        return TextMatch(ref.rule_id, status, round(score, 4), runner_up, round(runner_score, 4), tuple(differences), also_found)

    def _align_candidates(self, words: list[str]) -> list[tuple[Reference, float, list[str]]]:
        positions_by_ref: dict[int, list[int]] = {}
        for position, shingle in enumerate(_shingles(words)):
            for ref_index in self._index.get(shingle, ()):
                positions_by_ref.setdefault(ref_index, []).append(position)
        containment = []
        for ref_index, positions in positions_by_ref.items():
            ref = self.references[ref_index]
            share = len(set(positions)) / max(1, len(ref.shingles))
            if share >= PREFILTER:
                containment.append((share, ref_index, positions))
        containment.sort(key=lambda item: (-item[0], item[1]))
        scored = []
        for _share, ref_index, positions in containment[:MAX_ALIGNED]:
            ref = self.references[ref_index]
            start, end = _densest_span(positions, len(ref.tokens))
            window = words[max(0, start - 20): end + SHINGLE + 20]
            score = LCSseq.similarity(ref.tokens, window) / len(ref.tokens)
            scored.append((ref, score, window))
        scored.sort(key=lambda item: (-item[1], -len(item[0].tokens), item[0].rule_id))
        return scored

    def _pick(self, scored: list[tuple[Reference, float, list[str]]]) -> tuple[Reference, float, list[str]]:
        """Among near-equal scores, a faithful copy beats a near one, then a declared superset, then length."""
        top = scored[0][1]
        tied = [item for item in scored if top - item[1] <= TIE]
        if len(tied) == 1:
            return tied[0]
        ids = {item[0].rule_id for item in tied}

        def preference(item: tuple[Reference, float, list[str]]):
            ref, score, window = item
            faithful = not _compare(ref.tokens, window)[0]
            contains_other = bool(self._supersedes.get(ref.rule_id, set()) & ids)
            return (not faithful, not contains_other, -score, -len(ref.tokens), ref.rule_id)

        return min(tied, key=preference)


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


def _shingles(words: Sequence[str]) -> list[int]:
    return [hash((words[i], words[i + 1], words[i + 2])) for i in range(len(words) - SHINGLE + 1)]


def _densest_span(positions: list[int], ref_length: int) -> tuple[int, int]:
    """The stretch of the text where the reference's 3-grams cluster (a license inside a card)."""
    ordered = sorted(set(positions))
    gap = max(CLUSTER_GAP, ref_length // 10)
    best = (ordered[0], ordered[0], 1)
    start = ordered[0]
    count = 1
    for previous, current in zip(ordered, ordered[1:]):
        if current - previous > gap:
            if count > best[2]:
                best = (start, previous, count)
            start, count = current, 0
        count += 1
    if count > best[2]:
        best = (start, ordered[-1], count)
    return best[0], best[1]


def _compare(reference: Sequence[str], window: Sequence[str], limit: int = 12) -> tuple[list[str], int]:
    """Passages where the text departs from the reference inside the license itself.

    Words the text adds before the first or after the last solid agreement are not the license (a
    header, the rest of a model card, an appended policy) and are ignored; reference words missing
    there are not. Lone list markers are noise; a changed number is always material. A different
    copyright holder or year ("Copyright (c) 2023 DeepSeek" for "... 2022 OpenAI") is not a change of
    terms: those reference words are returned as credit towards the score.
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
        if _is_copyright_notice(reference[max(0, op.src_start - 2): op.src_start], removed, added):
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
