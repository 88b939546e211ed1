"""A change to a license's title: of all the ways a copy departs from its reference, the one a
reviewer needs first. A copy that renames the license ("CreativeML Open RAIL-M" over the RAIL++-M
text) may mean another license; told only "removed “license”", the reviewer would not see it, as
"++" is no word and the tokens of both titles are alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import LCSseq

from ..normalize import tokens
from .alignment import clip, compare
from .records import Reference

# The title heads a license: its name is looked for among the reference's first words only (the
# same name further on is the license speaking of itself, "this CreativeML Open RAIL++-M License").
_TITLE_WITHIN = 60


def title_span(ref: Reference, name: str) -> tuple[int, int] | None:
    """The reference words [start, end) of its title: the rule's name, near its beginning, outside
    the passages a faithful copy may change (copyright lines, replaceable names, dates and URLs)."""
    wanted = tuple(tokens(name))
    if len(wanted) < 2:
        return None
    head = ref.tokens[: _TITLE_WITHIN + len(wanted)]
    start = next((i for i in range(len(head) - len(wanted) + 1) if head[i: i + len(wanted)] == wanted), None)
    if start is None:
        return None
    end = start + len(wanted)
    forgiven = (*ref.notices, *((span.start, span.end) for span in ref.replaceable), *((a, b) for _, a, b in ref.benign))
    return None if any(a < end and start < b for a, b in forgiven) else (start, end)


def title_change(ref: Reference, window: Sequence[str], name: str) -> str | None:
    """How the text changed the reference's title, quoting the title by the rule's name (its own
    spelling: "RAIL++-M") and the words the text has in its place; None when the title is unchanged
    or the reference has none that copies must keep."""
    span = title_span(ref, name)
    if span is None:
        return None
    start, end = span
    ops = LCSseq.opcodes(ref.tokens, window)
    if not any(op.tag != "equal" and (op.src_start < end and start < op.src_end if op.src_end > op.src_start
                                      else start < op.src_start < end) for op in ops):
        return None
    # the text's words from the last it shares with the reference before the title's end to the first
    # it shares at or after it: its title, however it was changed
    equal = [op for op in ops if op.tag == "equal"]
    before = [op.dest_start + min(start, op.src_end) - op.src_start for op in equal if op.src_start <= start]
    after = [op.dest_start + max(end, op.src_start) - op.src_start for op in equal if op.src_end >= end]
    first = max(before, default=0)
    placed = window[first: max(first, min(after, default=first))]
    if not placed:
        return f"removed the title “{name}”"
    return f"changed the title “{name}” to “{clip(placed, 12)}”"


# The kind of difference a copy that lacks only its title has (a file converted to Markdown starting at the first
# line under the title): the license's words are all there, said so and a little less sure (matching._as_a_whole)
TITLE_LEFT_OUT = "title left out"


def only_the_title_left_out(ref: Reference, window: Sequence[str], name: str, holder: frozenset[str]) -> bool:
    """Whether the text is the reference but for the title it heads the reference with, left out with nothing in its
    place (danleh/gemma: the Gemma Terms converted to Markdown, "Gemma Terms of Use" dropped): with the title put back
    the copy differs in nothing. A title changed, or any other change, is no such copy: without its own title a
    different license still differs from this one in its words."""
    span = title_span(ref, name)
    if span is None or span[0] != 0 or tuple(window[: span[1]]) == tuple(ref.tokens[: span[1]]):
        return False
    return not compare(ref, (*ref.tokens[: span[1]], *window), holder).differences
