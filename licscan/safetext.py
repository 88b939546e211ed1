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

from .model import Report

# C0 controls other than tab and newline, DEL, C1 controls; bidi embeddings, overrides and
# isolates (U+202A-202E, U+2066-2069) and marks (U+061C, U+200E, U+200F); zero-width and
# invisible characters that hide text (U+200B, U+2060-2064, U+FEFF, interlinear annotation
# U+FFF9-FFFB, the deprecated format controls U+206A-206F, tag characters U+E0000-E007F);
# line and paragraph separators (U+2028, U+2029: line breaks to some readers, not to others);
# lone surrogates, which no UTF-8 output can encode. Zero-width (non-)joiners (U+200C, U+200D)
# stay: scripts and emoji need them, and they reorder nothing.
_UNSAFE = re.compile(
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
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return _UNSAFE.sub(_escaped, text)


def inert_value(value: Any) -> Any:
    """``value`` with ``inert`` applied to every string in it: frozen dataclasses (the report and
    everything in it), tuples, lists and dicts (keys too) are rebuilt, anything else is kept."""
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, tuple):
        return tuple(inert_value(item) for item in value)
    if isinstance(value, list):
        return [inert_value(item) for item in value]
    if isinstance(value, dict):
        return {inert_value(key): inert_value(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: inert_value(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value


def inert_report(report: Report) -> Report:
    """The report with every string in it made inert (see ``inert``): the one entry point every
    format calls before rendering, so no field can be forgotten."""
    return cast(Report, inert_value(report))
