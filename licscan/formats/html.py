"""One self-contained HTML file for a legal review: no external CSS, fonts, images or scripts.

Every value that came from input (checkpoint ids, card fields, license texts, reasons, waivers)
goes through ``html.escape``; nothing is interpolated raw. A Content-Security-Policy that allows no
scripts at all is a second line of defence. The page prints to PDF with the browser's print dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

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
    overall_line,
    policy_flag,
    project_facts,
    section_label,
    summary_marks,
    verdict_counts,
    waiver_details,
)

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

_STYLE = """
:root {
  --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --soft: #f6f8fa;
  --ok: #1a7f37; --ok-bg: #dafbe1; --cond: #7d4e00; --cond-bg: #fff8c5;
  --deny: #b3261e; --deny-bg: #ffebe9; --unk: #5a32a3; --unk-bg: #f0e8ff;
}
* { box-sizing: border-box; }
html { font-size: 15px; }
body {
  margin: 0; color: var(--ink); background: #fff;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.5;
}
main { max-width: 60rem; margin: 0 auto; padding: 2rem 2rem 3rem; }
h1 { font-size: 1.7rem; margin: 0.2rem 0 0.4rem; font-weight: 600; }
h2 { font-size: 1.25rem; margin: 0 0 0.8rem; font-weight: 600; }
h3 { font-size: 1rem; margin: 1.4rem 0 0.4rem; font-weight: 600; color: var(--ink); }
h4 { font-size: 0.95rem; margin: 0.9rem 0 0.3rem; font-weight: 600; }
p { margin: 0.3rem 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.86em; }
.eyebrow { text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.75rem; color: var(--muted); margin: 0; }
.meta { color: var(--muted); font-size: 0.88rem; }
.meta span + span::before { content: " · "; }
header.doc { border-bottom: 2px solid var(--ink); padding-bottom: 1rem; margin-bottom: 1.5rem; }
.overall { margin-top: 0.9rem; padding: 0.55rem 0.8rem; border-radius: 6px; font-weight: 600; border: 1px solid; }
.overall.pass { color: var(--ok); background: var(--ok-bg); border-color: #aceebb; }
.overall.fail { color: var(--deny); background: var(--deny-bg); border-color: #ffcecb; }
section { margin: 0 0 2rem; }
section.checkpoint { border-top: 1px solid var(--rule); padding-top: 1.4rem; }
.counts { display: flex; flex-wrap: wrap; gap: 0.6rem; margin: 0 0 1rem; padding: 0; list-style: none; }
.counts li { border: 1px solid var(--rule); border-radius: 6px; padding: 0.4rem 0.8rem; min-width: 8rem; }
.counts .n { font-size: 1.4rem; font-weight: 600; display: block; line-height: 1.2; }
table { border-collapse: collapse; width: 100%; margin: 0.3rem 0 0.6rem; font-size: 0.92rem; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--rule); }
thead th { background: var(--soft); font-weight: 600; border-bottom: 1px solid #afb8c1; }
table.kv th { width: 13rem; font-weight: 500; color: var(--muted); background: none; }
td.num, td.nowrap { text-align: right; white-space: nowrap; }
td.nowrap { text-align: left; }
.hash { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.78rem; word-break: break-all; }
.badge {
  display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; border: 1px solid;
  font-size: 0.8rem; font-weight: 600; white-space: nowrap; vertical-align: 0.1em;
}
.badge.allowed { color: var(--ok); background: var(--ok-bg); border-color: #aceebb; }
.badge.conditional { color: var(--cond); background: var(--cond-bg); border-color: #f0d77c; }
.badge.denied { color: var(--deny); background: var(--deny-bg); border-color: #ffcecb; }
.badge.unknown { color: var(--unk); background: var(--unk-bg); border-color: #d8c6fb; }
.badge.failed { color: #fff; background: var(--deny); border-color: var(--deny); }
.badge.waived { color: var(--muted); background: var(--soft); border-color: var(--rule); }
.badge.mark { color: var(--cond); background: #fff; border-color: #f0d77c; font-weight: 500; }
h2 .badge { margin-left: 0.5rem; }
h2 .num { color: var(--muted); font-weight: 500; margin-right: 0.3rem; }
ul { margin: 0.3rem 0; padding-left: 1.3rem; }
li { margin: 0.15rem 0; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li { padding-left: 1.6rem; text-indent: -1.6rem; }
.box { display: inline-block; width: 1.6rem; text-indent: 0; font-size: 1.05rem; }
.sect { color: var(--muted); font-size: 0.85rem; white-space: nowrap; }
.none { color: var(--muted); font-style: italic; }
.diff { margin: 0.2rem 0 0.4rem; padding: 0.4rem 0.6rem; background: var(--soft); border-left: 3px solid #afb8c1;
  white-space: pre-wrap; word-break: break-word; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.8rem; }
.note { font-size: 0.85rem; color: var(--muted); }
.sign td.blank { min-width: 12rem; height: 2.2rem; border-bottom: 1px solid #afb8c1; }
.sign-off { break-before: page; }
footer { border-top: 1px solid var(--rule); margin-top: 2rem; padding-top: 0.8rem; color: var(--muted); font-size: 0.82rem; }
a { color: inherit; }
@media print {
  html { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  @page { margin: 16mm 14mm; }
  section.checkpoint { break-before: page; border-top: none; padding-top: 0; }
  table, ul.checklist li, .diff, .overall { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  a { text-decoration: none; }
  .badge, .overall { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def e(value: object) -> str:
    """Escape anything for HTML text and attribute values."""
    return escape("" if value is None else str(value), quote=True)


_FLAG_BADGES: dict[PolicyFlag | None, str] = {
    "fails": ' <span class="badge failed">Fails policy</span>',
    "waived": ' <span class="badge waived">Waived</span>',
}


def badge(verdict: str) -> str:
    label = VERDICT_LABELS.get(verdict, verdict)
    symbol = VERDICT_SYMBOLS.get(verdict, "")
    return f'<span class="badge {e(verdict)}">{e(symbol)} {e(label)}</span>'


def render(report: Report, *, kb: KnowledgeBase, **_: object) -> str:
    report = inert_report(report)   # card and file text is never trusted (safetext.py)
    project = report.project
    out: list[str] = []
    w = out.append
    w("<!DOCTYPE html>")
    w('<html lang="en">')
    w("<head>")
    w('<meta charset="utf-8">')
    w(f'<meta http-equiv="Content-Security-Policy" content="{e(_CSP)}">')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">')
    w(f'<meta name="generator" content="licscan {e(report.licscan_version)}">')
    w(f"<title>License report: {e(project.name)}</title>")
    w(f"<style>{_STYLE}</style>")
    w("</head>")
    w("<body>")
    w("<main>")
    w('<header class="doc">')
    w('<p class="eyebrow">License compliance report for AI model checkpoints</p>')
    w(f"<h1>{e(project.name)}</h1>")
    w(
        '<p class="meta">'
        f"<span>Generated {e(report.generated)}</span>"
        f"<span>licscan {e(report.licscan_version)}</span>"
        f"<span>rules {e(report.rules_version)}</span>"
        f"<span>manifest <code>{e(report.manifest_path)}</code></span>"
        "</p>"
    )
    state = "fail" if failed_count(report) else "pass"
    w(f'<p class="overall {state}">{e(overall_line(report))}</p>')
    w("</header>")

    _summary(w, report, kb)
    for index, result in enumerate(report.results, 1):
        _checkpoint(w, index, result, report, kb)

    _sign_off(w, report)

    w("<footer>")
    w(
        f"<p>Generated {e(report.generated)} by licscan {e(report.licscan_version)} with rules {e(report.rules_version)} "
        f"from <code>{e(report.manifest_path)}</code>.</p>"
    )
    w(
        "<p>Verdicts come from matching the license files and card metadata against licscan's rules for the declared use. "
        "Obligation summaries are pointers to the numbered sections; the binding words are the license texts themselves.</p>"
    )
    w("</footer>")
    w("</main>")
    w("</body>")
    w("</html>")
    return "\n".join(out) + "\n"


def _sign_off(w: Write, report: Report) -> None:
    """A block the reviewer fills in by hand or in the printed PDF: who reviewed, when, and a
    decision per checkpoint. licscan never fills it: the decision is the reviewer's."""
    w('<section id="sign-off" class="sign-off">')
    w("<h2>Reviewer sign-off</h2>")
    w('<p class="note">To be completed by the person who reviews this report. licscan\'s verdicts are input to '
      "this decision, not the decision itself.</p>")
    w('<table class="kv sign"><tbody>')
    for label in ("Reviewer name", "Role", "Date", "Signature"):
        w(f'<tr><th>{label}</th><td class="blank"></td></tr>')
    w("</tbody></table>")
    w("<table class=\"sign\">")
    w("<thead><tr><th>#</th><th>Checkpoint</th><th>licscan verdict</th><th>Decision</th><th>Conditions or notes</th></tr></thead>")
    w("<tbody>")
    for index, result in enumerate(report.results, 1):
        w(
            f'<tr><td class="num">{index}</td><td>{e(result.entry.ref)}</td><td>{badge(result.verdict)}</td>'
            '<td class="nowrap"><span class="box">☐</span>approved <span class="box">☐</span>rejected '
            '<span class="box">☐</span>needs more information</td><td class="blank"></td></tr>'
        )
    w("</tbody></table>")
    w("</section>")


def _summary(w: Write, report: Report, kb: KnowledgeBase) -> None:
    w('<section id="summary">')
    w("<h2>Summary</h2>")
    w('<ul class="counts">')
    for verdict, count in verdict_counts(report):
        w(f'<li><span class="n">{count}</span>{badge(verdict)}</li>')
    w(f'<li><span class="n">{failed_count(report)}</span><span class="badge failed">Failing the policy</span></li>')
    w("</ul>")

    w("<h3>Project</h3>")
    w('<table class="kv"><tbody>')
    w(f"<tr><th>Name</th><td>{e(report.project.name)}</td></tr>")
    for label, value in project_facts(report):
        shown = f'<span class="none">{e(value)}</span>' if value == "not stated" else e(value)
        w(f"<tr><th>{e(label)}</th><td>{shown}</td></tr>")
    w("</tbody></table>")

    w("<h3>Checkpoints</h3>")
    w("<table>")
    w("<thead><tr><th>#</th><th>Checkpoint</th><th>License</th><th>Category</th><th>Verdict</th><th>Note</th></tr></thead>")
    w("<tbody>")
    for index, result in enumerate(report.results, 1):
        c = result.classification
        verdict = badge(result.verdict) + _FLAG_BADGES.get(policy_flag(result), "")
        note = "".join(f'<span class="badge mark">{e(mark)}</span> ' for mark in summary_marks(result)).rstrip()
        w(
            f'<tr><td class="num">{index}</td><td><a href="#cp-{index}">{e(result.entry.ref)}</a></td>'
            f"<td>{e(license_display(result))}</td><td>{e(c.category)}</td><td>{verdict}</td><td>{note}</td></tr>"
        )
    w("</tbody></table>")

    if report.warnings:
        w("<h3>Warnings</h3>")
        w("<ul>")
        for warning in report.warnings:
            w(f"<li>{e(warning)}</li>")
        w("</ul>")
    w("</section>")


def _checkpoint(w: Write, index: int, result: Result, report: Report, kb: KnowledgeBase) -> None:
    entry = result.entry
    w(f'<section class="checkpoint" id="cp-{index}">')
    w(f'<h2><span class="num">{index}.</span>{e(entry.ref)}{badge(result.verdict)}{_FLAG_BADGES.get(policy_flag(result), "")}</h2>')

    w("<h3>Why</h3>")
    _list(w, result.reasons, "No reasons recorded.")

    w("<h3>Details</h3>")
    _table(w, checkpoint_details(result, report), report, kb)

    w("<h3>Obligations</h3>")
    groups = obligations_by_license(result)
    if not groups:
        w('<p class="none">No obligations recorded for this license.</p>')
    for license_id, obligations in groups:
        w(f'<h4>{e(license_name(kb, license_id))} <span class="note">(<code>{e(license_id)}</code>)</span></h4>')
        w('<ul class="checklist">')
        for o in obligations:
            sect = section_label(o.section)
            sect_html = f' <span class="sect">({e(sect)})</span>' if sect else ""
            w(f'<li data-obligation="{e(o.id)}"><span class="box" aria-hidden="true">☐</span>{e(o.summary)}{sect_html}</li>')
        w("</ul>")

    w("<h3>Facts to confirm</h3>")
    _list(w, result.facts_to_confirm, "None.")

    w("<h3>Lineage</h3>")
    _lineage(w, result)

    w("<h3>Evidence</h3>")
    _evidence(w, result)

    waiver = waiver_details(result)
    if waiver:
        w("<h3>Waiver</h3>")
        _table(w, waiver, report, kb)
    w("</section>")


def _table(w: Write, details: list[Detail], report: Report, kb: KnowledgeBase) -> None:
    w('<table class="kv"><tbody>')
    for detail in details:
        w(f"<tr><th>{e(detail.label)}</th><td>{_cell(detail, report, kb)}</td></tr>")
    w("</tbody></table>")


def _cell(detail: Detail, report: Report, kb: KnowledgeBase) -> str:
    if detail.kind == "ids":
        return _ids(detail.value)
    if detail.kind == "revision":
        return f'<span class="hash">{e(detail.value)}</span>' if detail.value else '<span class="none">none (local folder or unpinned)</span>'
    if detail.kind == "manifest":
        path, line = detail.value
        return f"<code>{e(path)}</code>, line {e(line)}"
    if detail.kind == "verdict":
        return f"{badge(detail.value.verdict)} for {e(report.project.use)} use" + (" — fails the policy" if detail.value.failed else "")
    if detail.kind == "license":
        c = detail.value.classification
        rule = kb.get(c.license_id) if kb is not None and c.license_id != "unknown" else None
        if rule is not None and c.modified_from:
            return (
                f"Modified copy of {e(rule.name)}"
                f'<br><span class="note">licscan id <code>{e(c.license_id)}</code> · the text differs from the reference; needs legal review</span>'
            )
        if rule is not None:
            return f'{e(rule.name)}<br><span class="note">licscan id <code>{e(c.license_id)}</code> · SPDX <code>{e(rule.spdx)}</code></span>'
        return f"<code>{e(license_display(detail.value))}</code>"
    return e(detail.value)


def _ids(values: Sequence[str]) -> str:
    if not values:
        return '<span class="none">none</span>'
    return ", ".join(f"<code>{e(v)}</code>" for v in values)


def _list(w: Write, items: Sequence[str], empty: str) -> None:
    if not items:
        w(f'<p class="none">{e(empty)}</p>')
        return
    w("<ul>")
    for item in items:
        w(f"<li>{e(item)}</li>")
    w("</ul>")


def _lineage(w: Write, result: Result) -> None:
    ancestors = getattr(result, "ancestors", ())
    if ancestors:
        w("<table>")
        w("<thead><tr><th>Base model</th><th>Relation</th><th>Depth</th><th>License</th><th>Category</th><th>Note</th></tr></thead>")
        w("<tbody>")
        for a in ancestors:
            note = e(a.problem) if a.problem else (f"via {e(a.via)}" if a.via and a.depth > 1 else "")
            revision = f'<br><span class="hash">{e(a.revision)}</span>' if a.revision else ""
            w(
                f"<tr><td>{e(a.repo_id)}{revision}</td><td>{e(a.relation)}</td><td class=\"num\">{e(a.depth)}</td>"
                f"<td><code>{e(a.license_id)}</code></td><td>{e(a.category)}</td><td>{note}</td></tr>"
            )
        w("</tbody></table>")
    elif result.lineage:
        w("<p>Base models, nearest first:</p>")
        _list(w, result.lineage, "")
    else:
        base_models = result.evidence.card.base_models
        if base_models:
            w('<p>The card names base models that were not followed: ' + ", ".join(f"<code>{e(b)}</code>" for b in base_models) + "</p>")
        else:
            w('<p class="none">No base model declared in the card.</p>')


def _evidence(w: Write, result: Result) -> None:
    rows = evidence_rows(result)
    if rows:
        w("<table>")
        w("<thead><tr><th>File</th><th>Role</th><th>Matched</th><th>Score</th><th>SHA-256</th></tr></thead>")
        w("<tbody>")
        for row in rows:
            if row.matched:
                matched = f"<code>{e(row.matched)}</code> ({e(row.status)})"
                if row.also_found:
                    matched += "<br>also: " + ", ".join(f"<code>{e(x)}</code>" for x in row.also_found)
            elif row.status:
                matched = e(row.status)
            else:
                matched = '<span class="none">not compared</span>' if row.role == "card" else '<span class="none">—</span>'
            score = e(f"{row.score:.3f}") if row.score is not None else ""
            size = f'<br><span class="note">{e(f"{row.size:,}")} bytes</span>' if row.size is not None else ""
            w(
                f'<tr><td>{e(row.name)}{size}</td><td class="nowrap">{e(row.role)}</td><td>{matched}</td>'
                f'<td class="num">{score}</td><td class="hash">{e(row.sha256)}</td></tr>'
            )
        w("</tbody></table>")
    else:
        w('<p class="none">No license files were read.</p>')
    for row in rows:
        if row.differences:
            w(f"<h4>Passages of {e(row.name)} that differ from the reference text of <code>{e(row.matched)}</code></h4>")
            for passage in row.differences:
                w(f'<div class="diff">{e(passage)}</div>')
    problems = evidence_problems(result)
    if problems:
        w("<p><strong>Problems reading the evidence:</strong></p>")
        _list(w, problems, "")
