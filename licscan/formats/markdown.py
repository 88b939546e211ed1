"""The report as GitHub-flavoured Markdown, for a pull-request comment or a wiki page.

Text from input (ids, card fields, reasons, waivers) is neutralised: HTML is written as entities,
Markdown punctuation that could make links, images, emphasis, code or table cells is backslash-escaped,
and newlines are folded, so a hostile model card renders as the literal text it contains.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Report, Result
from ..rules import KnowledgeBase
from ..safetext import inert_report
from .common import (
    VERDICT_LABELS,
    VERDICT_SYMBOLS,
    Detail,
    PolicyFlag,
    Write,
    checkpoint_details,
    evidence_problems,
    evidence_rows,
    failed_count,
    license_display,
    license_name,
    obligations_by_license,
    one_line,
    overall_line,
    policy_flag,
    project_facts,
    section_label,
    summary_marks,
    verdict_counts,
    waiver_details,
)

# ASCII punctuation that opens or closes inline Markdown (links, images, emphasis, code spans,
# strikethrough, table cells); CommonMark lets any ASCII punctuation be backslash-escaped.
# '<', '>' and '&' become entities instead, so no HTML survives.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_HEX = re.compile(r"^[0-9a-fA-F]+$")


def md(value: object) -> str:
    """Inline Markdown text for any value: one line, no HTML, no Markdown constructs."""
    text = one_line("" if value is None else str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_line(value: object) -> str:
    """Like ``md``, for text that starts a line (inside a quote): no block constructs either."""
    text = md(value)
    number = re.match(r"\d+(?=[.)])", text)
    if number:
        return text[: number.end()] + "\\" + text[number.end() :]
    if text[:1] in ("#", "-", "+", "="):
        return "\\" + text
    return text


def code(value: object) -> str:
    """A code span, for hashes and licscan's own ids; anything else falls back to escaped text."""
    text = "" if value is None else str(value)
    if re.fullmatch(r"[A-Za-z0-9.+\-]+", text) or _HEX.match(text):
        return f"`{text}`"
    return md(text)


_FLAG_IN_TABLE: dict[PolicyFlag | None, str] = {"fails": " (fails policy)", "waived": " (waived)"}
_FLAG_IN_HEADING: dict[PolicyFlag | None, str] = {"fails": " · fails the policy", "waived": " · waived"}


def verdict_text(verdict: str) -> str:
    return f"{VERDICT_SYMBOLS.get(verdict, '')} **{VERDICT_LABELS.get(verdict, md(verdict))}**"


def render(report: Report, *, kb: KnowledgeBase, **_: object) -> str:
    report = inert_report(report)   # card and file text is never trusted (safetext.py)
    lines: list[str] = []
    w = lines.append
    project = report.project
    w(f"# License report: {md(project.name)}")
    w("")
    w(
        f"Generated {md(report.generated)} · licscan {md(report.licscan_version)} · rules {code(report.rules_version)} · "
        f"manifest {md(report.manifest_path)}"
    )
    w("")
    w(f"**{md(overall_line(report))}**")
    w("")
    w("## Summary")
    w("")
    w("| Verdict | Checkpoints |")
    w("| --- | ---: |")
    for verdict, count in verdict_counts(report):
        w(f"| {verdict_text(verdict)} | {count} |")
    w(f"| Failing the policy | {failed_count(report)} |")
    w("")
    w("| Project | |")
    w("| --- | --- |")
    w(f"| Name | {md(project.name)} |")
    for label, value in project_facts(report):
        w(f"| {md(label)} | {md(value)} |")
    w("")
    w("| # | Checkpoint | License | Category | Verdict | Note |")
    w("| ---: | --- | --- | --- | --- | --- |")
    for index, result in enumerate(report.results, 1):
        c = result.classification
        verdict = verdict_text(result.verdict) + _FLAG_IN_TABLE.get(policy_flag(result), "")
        note = md(", ".join(summary_marks(result)))
        w(f"| {index} | {md(result.entry.ref)} | {md(license_display(result))} | {md(c.category)} | {verdict} | {note} |")
    w("")
    if report.warnings:
        w("**Warnings**")
        w("")
        for warning in report.warnings:
            w(f"- {md(warning)}")
        w("")
    for index, result in enumerate(report.results, 1):
        _checkpoint(w, index, result, report, kb)
    w("---")
    w("")
    w(
        f"Generated {md(report.generated)} by licscan {md(report.licscan_version)} with rules {code(report.rules_version)}. "
        "Obligation summaries point to the numbered sections; the binding words are the license texts."
    )
    return "\n".join(lines) + "\n"


def _checkpoint(w: Write, index: int, result: Result, report: Report, kb: KnowledgeBase) -> None:
    entry = result.entry
    evidence = result.evidence
    w(f"## {index}. {md(entry.ref)} — {verdict_text(result.verdict)}{_FLAG_IN_HEADING.get(policy_flag(result), '')}")
    w("")
    w("| | |")
    w("| --- | --- |")
    for detail in checkpoint_details(result, report):
        w(f"| {md(detail.label)} | {_cell(detail, report, kb)} |")
    w("")
    w("### Why")
    w("")
    _list(w, result.reasons, "No reasons recorded.")
    w("### Obligations")
    w("")
    groups = obligations_by_license(result)
    if not groups:
        w("_No obligations recorded for this license._")
        w("")
    for license_id, obligations in groups:
        w(f"**{md(license_name(kb, license_id))}** ({code(license_id)})")
        w("")
        for o in obligations:
            sect = section_label(o.section)
            w(f"- [ ] {md(o.summary)}" + (f" ({md(sect)})" if sect else ""))
        w("")
    w("### Facts to confirm")
    w("")
    _list(w, result.facts_to_confirm, "None.")
    w("### Lineage")
    w("")
    ancestors = getattr(result, "ancestors", ())
    if ancestors:
        w("| Base model | Relation | Depth | License | Category | Note |")
        w("| --- | --- | ---: | --- | --- | --- |")
        for a in ancestors:
            note = a.problem or (f"via {a.via}" if a.via and a.depth > 1 else "")
            w(f"| {md(a.repo_id)} | {md(a.relation)} | {a.depth} | {md(a.license_id)} | {md(a.category)} | {md(note)} |")
        w("")
    elif result.lineage:
        _list(w, result.lineage, "")
    elif evidence.card.base_models:
        w("The card names base models that were not followed: " + ", ".join(md(b) for b in evidence.card.base_models))
        w("")
    else:
        w("_No base model declared in the card._")
        w("")
    w("### Evidence")
    w("")
    rows_ = evidence_rows(result)
    if rows_:
        w("| File | Role | Matched | Score | SHA-256 |")
        w("| --- | --- | --- | ---: | --- |")
        for row in rows_:
            matched = f"{code(row.matched)} ({md(row.status)})" if row.matched else md(row.status or "—")
            if row.also_found:
                matched += "; also " + ", ".join(code(x) for x in row.also_found)
            score = f"{row.score:.3f}" if row.score is not None else ""
            w(f"| {md(row.name)} | {md(row.role)} | {matched} | {score} | {code(row.sha256)} |")
        w("")
    else:
        w("_No license files were read._")
        w("")
    for row in rows_:
        if row.differences:
            w(f"Passages of {md(row.name)} that differ from the reference text of {code(row.matched)}:")
            w("")
            for passage in row.differences:
                w(f"> {md_line(passage)}")
                w("")
    problems = evidence_problems(result)
    if problems:
        w("Problems reading the evidence:")
        w("")
        _list(w, problems, "")
    waiver = waiver_details(result)
    if waiver:
        w("### Waiver")
        w("")
        for detail in waiver:
            w(f"- {detail.label}: {_cell(detail, report, kb)}")
        w("")


def _cell(detail: Detail, report: Report, kb: KnowledgeBase) -> str:
    if detail.kind == "ids":
        return _ids(detail.value)
    if detail.kind == "revision":
        return code(detail.value) if detail.value else "none (local folder or unpinned)"
    if detail.kind == "manifest":
        path, line = detail.value
        return f"{md(path)}, line {line}"
    if detail.kind == "verdict":
        return f"{verdict_text(detail.value.verdict)} for {md(report.project.use)} use"
    if detail.kind == "license":
        c = detail.value.classification
        rule = kb.get(c.license_id) if kb is not None and c.license_id != "unknown" else None
        if rule is not None and c.modified_from:
            return f"Modified copy of {md(rule.name)} ({code(c.license_id)}); the text differs from the reference, needs legal review"
        if rule is not None:
            return f"{md(rule.name)} ({code(c.license_id)}, SPDX {code(rule.spdx)})"
        return md(license_display(detail.value))
    return md(detail.value)


def _ids(values: Sequence[str]) -> str:
    return ", ".join(code(v) for v in values) if values else "none"


def _list(w: Write, items: Sequence[str], empty: str) -> None:
    if not items:
        if empty:
            w(f"_{md(empty)}_")
            w("")
        return
    for item in items:
        w(f"- {md(item)}")
    w("")
