"""The human-readable table for a terminal: colour only on a TTY, and never with NO_COLOR."""

from __future__ import annotations

import os
import textwrap
from typing import TextIO

from ..model import Report
from ..safetext import inert_report
from .common import components_text, summary_marks

_COLOURS = {"allowed": "32", "conditional": "33", "denied": "31", "unknown": "35"}


# textwrap's whitespace other than the space: a text holding one is always left to textwrap
_WRAP_SPACE = frozenset("\t\n\x0b\x0c\r")


def _wrap(text: str, width: int) -> list[str]:
    """textwrap.wrap(text, width, "  - ", "    "), without its cost (~80 us) for a text that fits on
    its line as it is (no leading, trailing or non-space whitespace): then that line is all it returns;
    nor more than once for a text many checkpoints share (a license's reason, its obligations: 1,000 rows
    wrap ~1,400 texts, ~400 of them distinct)."""
    if 0 < len(text) <= width - 4 and text == text.strip() and _WRAP_SPACE.isdisjoint(text):
        return ["  - " + text]
    known = _WRAPPED.get((text, width))
    if known is None:
        if len(_WRAPPED) >= _WRAPPED_KEPT:
            _WRAPPED.clear()
        known = _WRAPPED[text, width] = tuple(textwrap.wrap(text, width, initial_indent="  - ", subsequent_indent="    "))
    return list(known)


_WRAPPED: dict[tuple[str, int], tuple[str, ...]] = {}
_WRAPPED_KEPT = 4096


def use_colour(stream: TextIO) -> bool:
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


def render(report: Report, *, colour: bool = False, verbose: bool = False, width: int = 100) -> str:
    report = inert_report(report)   # card and file text is never trusted (safetext.py)

    def paint(verdict: str, text: str) -> str:
        return f"\x1b[{_COLOURS[verdict]}m{text}\x1b[0m" if colour else text

    lines: list[str] = []
    project = report.project
    lines.append(f"licscan {report.licscan_version} · {report.manifest_path} · project {project.name} · use: {project.use}")
    lines.append("")
    rows = [("CHECKPOINT", "LICENSE", "CATEGORY", "VERDICT", "NOTE")]
    for r in report.results:
        c = r.classification
        license_id = f"modified {c.license_id}" if c.modified_from else c.license_id
        rows.append((r.entry.ref, license_id, c.category, r.verdict.upper() if r.failed else r.verdict, ", ".join(summary_marks(r))))
    widths = [min(48, max(len(row[i]) for row in rows)) for i in range(5)]
    for index, row in enumerate(rows):
        cells = [cell[: widths[i]].ljust(widths[i]) for i, cell in enumerate(row)]
        if index > 0:
            verdict = report.results[index - 1].verdict
            cells[3] = paint(verdict, cells[3])
        lines.append("  ".join(cells).rstrip())
    lines.append("")
    for r in report.results:
        if r.verdict == "allowed" and not verbose:
            continue
        lines.append(f"{r.entry.ref} ({report.manifest_path}:{r.entry.line}): {paint(r.verdict, r.verdict)}")
        shown = r.reasons if verbose else r.reasons[:4]
        for reason in shown:
            lines.extend(_wrap(reason, width))
        if len(r.reasons) > len(shown):
            lines.append(f"    … {len(r.reasons) - len(shown)} more (use --verbose or --format json)")
        if r.facts_to_confirm:
            lines.extend(_wrap("confirm: " + "; ".join(r.facts_to_confirm), width))
        if r.obligations and (verbose or r.verdict == "conditional"):
            ids = ", ".join(dict.fromkeys(o.id for o in r.obligations))
            lines.extend(_wrap(f"obligations: {ids}", width))
        components = components_text(r)
        if components:
            lines.extend(_wrap(f"components: {components}", width))
    for warning in report.warnings:
        lines.append(f"warning: {warning}")
    counts = ", ".join(f"{n} {v}" for v, n in report.summary.items() if n)
    failed = sum(1 for r in report.results if r.failed)
    lines.append("")
    lines.append(f"{len(report.results)} checkpoints: {counts}. " + (f"FAILED: {failed} not acceptable under the policy." if failed else "PASSED."))
    return "\n".join(lines) + "\n"
