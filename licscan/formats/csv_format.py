"""One row per checkpoint, for a spreadsheet or a ticket import.

Written with the csv module (RFC 4180 quoting, CRLF line ends). A cell that a spreadsheet would take
for a formula (it starts with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, so
a hostile model card cannot run anything when the file is opened.
"""

from __future__ import annotations

import csv
import io

from ..model import Report, Result
from ..safetext import inert_report
from .common import evidence_rows, revision_of, summary_marks

COLUMNS = (
    "checkpoint",
    "kind",
    "manifest_line",
    "revision",
    "license",
    "category",
    "confidence",
    "verdict",
    "failed",
    "declared",
    "reasons",
    "obligations",
    "facts_to_confirm",
    "evidence_files",
    "waiver",
    "notes",          # evidence incomplete; named, not confirmed (the summary marks)
)
SEPARATOR = "; "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The cell as text, with a leading apostrophe when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.lstrip(" ").startswith(_FORMULA_START) or text.startswith(_FORMULA_START):
        return "'" + text
    return text


def row(result: Result) -> list[str]:
    c = result.classification
    waiver = ""
    if result.waiver is not None:
        state = "applied" if result.waiver_applied else "not applied"
        waiver = f"{state}; approved by {result.waiver.approved_by}; expires {result.waiver.expires}"
    values = [
        result.entry.ref,
        result.entry.kind,
        result.entry.line,
        revision_of(result) or "",
        f"modified {c.license_id}" if c.modified_from else c.license_id,
        c.category,
        f"{c.confidence:.4f}",
        result.verdict,
        "true" if result.failed else "false",
        SEPARATOR.join(c.declared),
        SEPARATOR.join(result.reasons),
        SEPARATOR.join(f"{o.license_id}:{o.id}" for o in result.obligations),
        SEPARATOR.join(result.facts_to_confirm),
        SEPARATOR.join(r.name for r in evidence_rows(result)),
        waiver,
        SEPARATOR.join(summary_marks(result)),
    ]
    return [safe_cell(v) for v in values]


def render(report: Report, **_: object) -> str:
    report = inert_report(report)   # card and file text is never trusted (safetext.py)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for result in report.results:
        writer.writerow(row(result))
    return buffer.getvalue()
