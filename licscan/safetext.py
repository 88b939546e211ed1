"""Keeping text from cards, license files and file names inert in every report.

A model card is written by whoever published the checkpoint. Its ``license_name``, its prose, a
license file's words or a file's name can carry terminal control sequences (OSC 0 window title,
OSC 8 hidden link, OSC 52 clipboard write, CSI cursor moves and erases), lone carriage returns
that overwrite a line, or bidirectional overrides that make text read differently from what it
is ("Trojan Source"). Every format renders the report through ``inert_report`` first, so such
characters reach no terminal, Markdown, CSV, HTML, SARIF, SPDX, CycloneDX or JSON output: each
is shown escaped, as visible ASCII, instead. docs/formats.md lists them.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, cast

from .lazy_regex import lazy
from .model import Report

# C0 controls other than tab and newline, DEL, C1 controls; bidi embeddings, overrides and
# isolates (U+202A-202E, U+2066-2069) and marks (U+061C, U+200E, U+200F); zero-width and
# invisible characters that hide text (U+200B, U+2060-2064, U+FEFF, interlinear annotation
# U+FFF9-FFFB, the deprecated format controls U+206A-206F, tag characters U+E0000-E007F);
# line and paragraph separators (U+2028, U+2029: line breaks to some readers, not to others);
# lone surrogates, which no UTF-8 output can encode. Zero-width (non-)joiners (U+200C, U+200D)
# stay: scripts and emoji need them, and they reorder nothing.
_UNSAFE = lazy(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f\ud800-\udfff]"
)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"<U+{code:04X}>"


def inert(text: str) -> str:
    """``text`` with every character that could act on a reader's terminal, or reorder or hide
    what they read, shown escaped: ``\\x1b`` for C0/C1 controls (a CR-LF pair becomes a plain
    newline first), ``<U+202E>`` for the others. Idempotent: the escapes are plain ASCII."""
    # Every character _UNSAFE matches is one str.isprintable() refuses (tests/test_safetext.py checks
    # all of Unicode), so a text printable but for its newlines and tabs has none: returned as it is,
    # at memory speed rather than the regular expression's (~80 MB/s; a report holds every license text).
    if text.isprintable():
        return text
    # A report holds a license text once per checkpoint that carries it (a family's, a publisher's): a long text
    # is tested, and escaped, once, its answer kept by the text (~4/5 of the 1,000-checkpoint report's cost).
    remember = len(text) >= _KEPT_FROM_CHARS
    if remember:
        known = _KNOWN.get(text)
        if known is not None:
            return text if known is _AS_IT_IS else known
    if text.replace("\n", " ").replace("\t", " ").isprintable():
        shown = text
    else:
        shown = _UNSAFE.sub(_escaped, text.replace("\r\n", "\n") if "\r\n" in text else text)
    if remember:
        if _kept_chars[0] + len(text) > _KEPT_CHARS:
            _KNOWN.clear()
            _kept_chars[0] = 0
        _KNOWN[text] = _AS_IT_IS if shown is text else shown
        _kept_chars[0] += len(text)
    return shown


_KNOWN: dict[str, str] = {}            # a long text -> inert(text), or _AS_IT_IS when that is the text itself
_AS_IT_IS = "\x00"                     # no answer of inert's holds a NUL; the text itself is returned then, not the
                                       # equal one kept (records holding it stay as they are, unrebuilt)
_KEPT_FROM_CHARS = 256                 # shorter texts are tested again (a look-up would cost about as much)
_KEPT_CHARS = 16 * 1024 * 1024         # characters of the texts kept, at most
_kept_chars = [0]


def inert_value(value: Any) -> Any:
    """``value`` with ``inert`` applied to every string in it: frozen dataclasses (the report and
    everything in it), tuples, lists and dicts (keys too) are rebuilt, anything else is kept. What
    holds nothing to escape is returned as it is (the same object), so a clean report costs one walk;
    a record met twice (a result's entry is also its evidence's) is walked once."""
    return _Walk().value(value)


class _Walk:
    def __init__(self) -> None:
        self.records: dict[int, Any] = {}    # id of a record already walked -> what it became

    def value(self, value: Any) -> Any:
        kind = type(value)
        if kind is str:
            return inert(value)
        if kind is tuple:
            return self.sequence(value)
        if kind in _KEPT:
            return value
        names = _FIELDS.get(kind)
        if names is not None:
            return self.record(value, names)
        if isinstance(value, str):
            return inert(value)
        if isinstance(value, tuple):
            return tuple(self.value(item) for item in value)
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, dict):
            return {self.value(key): self.value(item) for key, item in value.items()}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value) if f.init)
            return self.record(value, names)
        return value

    # sequence and record test a str, and pass over a number, None or (), before calling value: ~3/4 of what a
    # report holds, each a call saved
    def sequence(self, value: tuple[Any, ...]) -> tuple[Any, ...]:
        for index, item in enumerate(value):
            kind = type(item)
            if kind is str:
                if item.isprintable():
                    continue
                new = inert(item)
            elif kind in _KEPT:
                continue
            else:
                new = self.value(item)
            if new is not item:
                return (*value[:index], new, *(self.value(rest) for rest in value[index + 1:]))
        return value

    def record(self, value: Any, names: tuple[str, ...]) -> Any:
        done = self.records.get(id(value))
        if done is not None:
            return done
        changes = {}
        for name in names:
            old = getattr(value, name)
            kind = type(old)
            if kind is str:
                if old.isprintable():
                    continue
                new = inert(old)
            elif kind in _KEPT or (kind is tuple and not old):
                continue
            else:
                new = self.value(old)
            if new is not old:
                changes[name] = new
        done = self.records[id(value)] = dataclasses.replace(value, **changes) if changes else value
        return done


_KEPT = frozenset((int, float, bool, type(None)))
_FIELDS: dict[type, tuple[str, ...]] = {}   # a dataclass's init fields, looked up once per class


def inert_report(report: Report) -> Report:
    """The report with every string in it made inert (see ``inert``): the one entry point every
    format calls before rendering, so no field can be forgotten."""
    return cast(Report, inert_value(report))
