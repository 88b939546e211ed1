"""Where an aligned text departs from a reference, and which departures change no term."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz.distance import LCSseq, Opcodes

from .benign import NOTICE, NUMBERING, benign_kind
from .notices import is_notice_change
from .records import Comparison, Reference, Span
from .vocabulary import FUNCTION_WORDS, NAME_GLUE, NOISE, NOTICE_WORDS, TERM_WORDS, without_articles


def compare(ref: Reference, window: Sequence[str], holder: frozenset[str] = frozenset(), limit: int = 12) -> Comparison:
    """Passages where the text departs from the reference inside the license itself.

    Words the text adds before the first or after the last solid agreement are not the license (a
    header, the rest of a model card, an appended policy) and are ignored; reference words missing
    there are not. Lone list markers are noise; a changed number is always material. A different
    copyright holder or year ("Copyright (c) 2023 DeepSeek" for "... 2022 OpenAI") is not a change of
    terms when it stays inside the reference's copyright lines and reads as copyright lines; nor is a
    replaceable passage naming a generic holder or a holder the text's copyright lines name
    (``holder``): those reference words are returned as credit towards the score. Words that state
    terms (vocabulary.TERM_WORDS) are never credited.
    """
    reference = ref.tokens
    ops = LCSseq.opcodes(reference, window)
    solid = [op for op in ops if op.tag == "equal" and op.src_end - op.src_start >= 4]
    if not solid:
        return Comparison(["no passage of the reference text was found intact"], 0, (0, len(window)), tuple(window),
                          inner_changes=1)
    first_dest, last_dest = solid[0].dest_start, solid[-1].dest_end
    found: list[str] = []
    credited = 0
    new_words: list[str] = []
    benign: list[str] = []
    kinds: list[str] = []
    before, after = solid[0].src_start, solid[-1].src_end
    missing_edges = inner = 0
    for src_start, src_end, dest_start, dest_end in _changes(ops):
        removed = reference[src_start: src_end]
        added = window[dest_start: dest_end]
        if dest_end <= first_dest or dest_start >= last_dest:
            added = ()  # outside the license: surrounding text, not a change to it
        if is_notice_change(src_start, src_end, added, ref.notices) or is_replacement(
            src_start, src_end, added, ref.replaceable, holder
        ):
            credited += len(removed)
            kinds.append(NOTICE)
            continue
        if not _material(removed, added) or not removed and _repeats(reference, src_start, added):
            if (removed or added) and all(NOISE.match(word) for word in (*removed, *added)):
                kinds.append(NUMBERING)
            continue
        kind = benign_kind(ref.benign, reference, src_start, src_end, added)
        if kind is not None:
            # a URL, a date, an acceptance sentence or an article: the license's terms are all there
            credited += len(removed)
            kinds.append(kind)
            benign.append(f"{kind}: “{clip(added, 12)}” for “{clip(removed, 12)}”" if removed and added
                          else f"{kind}: without “{clip(removed, 12)}”" if removed else f"{kind}: added “{clip(added, 12)}”")
            continue
        new_words.extend(added)
        if src_end <= before or src_start >= after:
            missing_edges += len(removed)   # the text holds less of the reference: where it begins or ends
        else:
            inner += 1
        # past ``limit`` the changes are counted, not described: a part of a license read against a
        # longer sibling differs first in all that the part leaves out, and its changes come after
        if len(found) >= limit:
            continue
        if removed and added:
            found.append(f"changed “{clip(removed)}” to “{clip(added)}”")
        elif removed:
            found.append(f"removed “{clip(removed)}”")
        else:
            found.append(f"added “{clip(added)}”")
    return Comparison(_merge_adjacent(found), credited, (first_dest, last_dest), tuple(new_words),
                      tuple(dict.fromkeys(benign)), tuple(dict.fromkeys(kinds)), missing_edges, inner, (before, after))


def words_never_forgiven(tokens: Sequence[str], notices: Sequence[tuple[int, int]], replaceable: Sequence[Span],
                         benign: Sequence[tuple[str, int, int]]) -> Counter[str]:
    """How often a reference (its tokens and the spans a Reference keeps of them) has each word that compare()
    reports as a difference wherever the text lacks it: outside its copyright lines and its replaceable and benign
    passages, not a function word (benign.FUNCTION) and not a list marker or short number (NOISE). A text holding
    such a word fewer times than this can be no exact copy of the reference: the alignment leaves out at least one
    of its places, a change that compare() can neither credit nor pass over (it is material)."""
    forgiven = bytearray(len(tokens))
    for start, end in (*notices, *((span.start, span.end) for span in replaceable), *((start, end) for _, start, end in benign)):
        forgiven[start:end] = b"\x01" * (end - start)
    return Counter(word for word, skip in zip(tokens, forgiven, strict=True)
                   if not skip and word not in FUNCTION_WORDS and not NOISE.match(word))


def holds_every_word(counts: Counter[str], never_forgiven: Counter[str]) -> bool:
    """Whether a text (``counts``: its words counted) holds each of a reference's never-forgiven words as often."""
    return all(counts[word] >= times for word, times in never_forgiven.items())


def _changes(ops: Opcodes) -> list[tuple[int, int, int, int]]:
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
    return [(src_start, src_end, dest_start, dest_end) for src_start, src_end, dest_start, dest_end in changes]


def is_replacement(src_start: int, src_end: int, added: Sequence[str], replaceable: Sequence[Span],
                   holder: frozenset[str]) -> bool:
    """The reference words [src_start, src_end) lie in a replaceable span and the text names there a
    generic holder, or the holder of its own copyright line, in a few words that state no terms."""
    if not added:
        # left out: only an optional passage (a title line), all of it or some of its words, the rest kept (MIT's
        # permission notice under a "## License" heading: "MIT License" with only "License" there). A passage that
        # may be left out altogether changes no term when only part of it is, with nothing in its place.
        return any(span.optional and span.start <= src_start and src_end <= span.end for span in replaceable)
    if TERM_WORDS.intersection(added):
        return False
    name = without_articles(added)
    for span in replaceable:
        inside = span.start <= src_start and src_end <= span.end
        if src_start == src_end:   # an insertion must fall strictly inside the span, not next to it
            inside = span.start < src_start < span.end
        if not inside or len(added) > span.max_words:
            continue
        if name in span.generic or (name and set(name) - NAME_GLUE <= holder | NOTICE_WORDS and set(name) - NAME_GLUE):
            return True
    return False


def _repeats(reference: Sequence[str], position: int, added: Sequence[str]) -> bool:
    """Added words that repeat the reference's words right after or before them: a heading that
    repeats the title ("# Gemma Terms of Use" above "Gemma Terms of Use") changes no term."""
    n = len(added)
    return tuple(reference[position: position + n]) == tuple(added) or tuple(reference[max(0, position - n): position]) == tuple(added)


def _material(removed: Sequence[str], added: Sequence[str]) -> bool:
    # A number replaced by another is a change of terms ("20 million" for "2 million"), though a lone
    # short number alone, dropped or added, is list numbering.
    removed_numbers = [w for w in removed if w.isdigit()]
    if removed_numbers:
        added_numbers = [w for w in added if w.isdigit()]
        if added_numbers and removed_numbers != added_numbers:
            return True
    # One word is enough: "non" dropped from "non-commercial", "not" for "now", "7" for "700". Asked word by word,
    # up to the first that is not noise (speed14: a part of a license read against the whole reference removes
    # ~1,500 of its words, and each was matched against NOISE to build a list only tested for being empty).
    return any(not NOISE.match(w) for w in removed) or any(not NOISE.match(w) for w in added)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """How much of the shorter of two [start, end) passages the other covers."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / max(1, min(a[1] - a[0], b[1] - b[0]))


def clip(words: Sequence[str], limit: int = 30) -> str:
    shown = " ".join(words[:limit])
    return shown + (" …" if len(words) > limit else "")


def _merge_adjacent(found: list[str]) -> list[str]:
    counts = Counter(found)
    return [text if counts[text] == 1 else f"{text} (×{counts[text]})" for text in dict.fromkeys(found)]


def stretch(ref: Reference, passage: Sequence[str], edge: int = 6) -> tuple[int, int] | None:
    """The reference words [start, end) a passage copies, found by its first and last words: where
    the reference repeats itself (Apache's grant wording, a policy's list), alignment over the whole
    reference may take some of the passage's words from an earlier repeat and read a gap that is not
    there. None when the passage's first or last words are not in the reference."""
    if len(passage) < 2 * edge:
        return None
    words = ref.tokens
    head, tail = tuple(passage[:edge]), tuple(passage[-edge:])
    starts = [i for i in range(len(words) - edge + 1) if words[i] == head[0] and words[i: i + edge] == head]
    ends = [i + edge for i in range(len(words) - edge + 1) if words[i] == tail[0] and words[i: i + edge] == tail]
    pairs = [(start, end) for start in starts for end in ends if end - start >= 2 * edge]
    return min(pairs, key=lambda pair: abs(pair[1] - pair[0] - len(passage))) if pairs else None


def sliced(ref: Reference, start: int, end: int) -> Reference:
    """The reference words [start, end), with its copyright lines, replaceable and benign passages inside them."""
    return replace(
        ref, tokens=ref.tokens[start:end],
        notices=tuple((a - start, b - start) for a, b in ref.notices if start <= a and b <= end),
        benign=tuple((kind, a - start, b - start) for kind, a, b in ref.benign if start <= a and b <= end),
        replaceable=tuple(replace(span, start=span.start - start, end=span.end - start)
                          for span in ref.replaceable if start <= span.start and span.end <= end),
    )



def unheld(reference: Sequence[str], held: tuple[int, int], text: Sequence[str], extent: tuple[int, int],
           passage: tuple[int, int]) -> tuple[int, tuple[int, int]]:
    """How many words of the text's ``passage`` a reference leaves out, when it holds the text's words
    ``extent`` as its own words ``held``: a part held with fewer is held better (issue 14's partial
    copies). The extent first grows word by word while the reference goes on with the text's words (an
    alignment may stop a few words short, having taken them from a repeat elsewhere in the reference),
    passing list markers that one has and the other not. A run of words left out counts when it holds
    a word that is not a list marker, or where the reference gives a number as another number ("1
    million" where it says "50 million"): a number that differs is a difference, never a tie.
    Returns the count and the extent grown."""
    start, changed_before = _grow(reference, held[0], text, extent[0], passage[0], -1)
    end, changed_after = _grow(reference, held[1], text, extent[1], passage[1], 1)
    count = 0
    for run, changed_number in ((text[passage[0]: start], changed_before), (text[end: passage[1]], changed_after)):
        if changed_number or any(not NOISE.match(word) for word in run):
            count += len(run)
    return count, (start, end)


def _grow(reference: Sequence[str], ref_at: int, text: Sequence[str], at: int, limit: int, step: int) -> tuple[int, bool]:
    """How far the text's words go on as the reference's from ``at`` (``ref_at`` in the reference) in
    direction ``step`` (-1: before, 1: after), up to ``limit``; and whether they stop at a number the
    reference gives as another."""
    def word(words: Sequence[str], position: int) -> str:
        index = position - 1 if step < 0 else position
        return words[index] if 0 <= index < len(words) else ""

    while at != limit:
        mine, theirs = word(text, at), word(reference, ref_at)
        if mine == theirs:
            at, ref_at = at + step, ref_at + step
        elif mine.isdigit() and theirs.isdigit():
            return at, True
        elif NOISE.match(mine):
            at += step   # a list marker the reference does not have here
        elif theirs and NOISE.match(theirs):
            ref_at += step
        else:
            break
    return at, False
