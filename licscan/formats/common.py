"""What the human-readable and tabular formats share: labels, groupings and look-ups.

Nothing here decides anything: verdicts, reasons and obligations come from the evaluated
``Report``. These helpers only arrange them the same way in every format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..model import VERDICTS, FileFinding, Obligation, Report, Result
from ..rules import KnowledgeBase
from ..vocabulary import FileRole

# How the Markdown and HTML formats emit their output: one line at a time (``lines.append``).
Write = Callable[[str], None]
# What a summary row or heading marks a checkpoint with, beside its verdict.
PolicyFlag = Literal["fails", "waived"]

VERDICT_LABELS = {
    "allowed": "Allowed",
    "conditional": "Conditional",
    "denied": "Denied",
    "unknown": "Unknown",
}
# A symbol beside each verdict, so it never depends on colour alone (print, colour blindness).
VERDICT_SYMBOLS = {"allowed": "✓", "conditional": "!", "denied": "✕", "unknown": "?"}

FACT_LABELS = (
    ("use", "Declared use"),
    ("monthly_active_users", "Monthly active users"),
    ("annual_revenue_usd", "Annual revenue (USD)"),
    ("distribution", "Distribution"),
    ("region", "Region"),
)


def license_name(kb: KnowledgeBase | None, license_id: str) -> str:
    """The license's name from the knowledge base the report was judged with (passed by the
    pipeline's caller, never reloaded here); its id when no knowledge base was given."""
    rule = kb.get(license_id) if kb is not None else None
    return rule.name if rule is not None else license_id


def license_display(result: Result) -> str:
    """The governing license id as the terminal shows it ("modified mit" for a modified text)."""
    c = result.classification
    return f"modified {c.license_id}" if c.modified_from else c.license_id


def components_text(result: Result) -> str | None:
    """The licenses of bundled components a notice lists, short, with the files that list them:
    "mit, bsd-3-clause (NOTICE)". They are never the weights' terms; None when there are none."""
    c = result.classification
    if not c.components:
        return None
    listed = set(c.components)
    files = dict.fromkeys(f.file for f in c.findings if f.match.rule_id in listed or listed & set(f.match.also_licenses))
    return ", ".join(c.components) + (f" ({', '.join(files)})" if files else "")


def summary_marks(result: Result) -> tuple[str, ...]:
    """What a summary row must not hide: evidence that was not all read, and a license known only
    from a name (card metadata) with no license text that confirms it."""
    marks = []
    evidence = result.evidence
    if evidence.fetch_failed or not evidence.complete:
        marks.append("evidence incomplete")
    c = result.classification
    if c.license_id != "unknown" and not c.modified_from and c.license_id not in c.detected:
        marks.append("named, not confirmed")
    return tuple(marks)


def revision_of(result: Result) -> str | None:
    """The resolved commit for Hub checkpoints, else the revision the manifest asked for."""
    return result.evidence.revision or result.entry.revision


def project_facts(report: Report) -> list[tuple[str, str]]:
    """The project's declared use and facts as (label, value) rows; unstated facts say so."""
    project = report.project
    rows = []
    for attr, label in FACT_LABELS:
        value = getattr(project, attr)
        if value is None:
            shown = "not stated"
        elif isinstance(value, int) and not isinstance(value, bool):
            shown = f"{value:,}"
        else:
            shown = str(value)
        rows.append((label, shown))
    return rows


def verdict_counts(report: Report) -> list[tuple[str, int]]:
    counts = {v: 0 for v in VERDICTS}
    for result in report.results:
        counts[result.verdict] = counts.get(result.verdict, 0) + 1
    return [(v, counts[v]) for v in VERDICTS]


def failed_count(report: Report) -> int:
    return sum(1 for r in report.results if r.failed)


def overall_line(report: Report) -> str:
    total = len(report.results)
    failed = failed_count(report)
    if failed:
        verb = "is" if failed == 1 else "are"
        return f"FAILED: {failed} of {total} checkpoint{'' if total == 1 else 's'} {verb} not acceptable under the policy."
    if total == 1:
        return "PASSED: the checkpoint is acceptable under the policy."
    return f"PASSED: all {total} checkpoints are acceptable under the policy."


def obligations_by_license(result: Result) -> list[tuple[str, list[Obligation]]]:
    """Obligations grouped per license (or use policy), in the order the evaluation listed them."""
    groups: dict[str, list[Obligation]] = {}
    for obligation in result.obligations:
        groups.setdefault(obligation.license_id, []).append(obligation)
    return list(groups.items())


def section_label(section: str) -> str:
    """"§ 1.b.i" for numbered sections; words such as "whole policy" stay as they are."""
    section = section.strip()
    if not section:
        return ""
    return f"§ {section}" if section[0].isdigit() else section


@dataclass(frozen=True)
class EvidenceRow:
    name: str
    role: str
    sha256: str
    size: int | None
    matched: str | None
    status: str | None
    score: float | None
    differences: tuple[str, ...]
    also_found: tuple[str, ...]   # other licenses (altered ones marked so), then use policies, found in the same text


# One row of a key-value table. ``kind`` tells each format how to mark ``value`` up (and tells
# mypy which record it holds): "text" a string, "ids" licscan ids, "revision" a commit or None,
# "manifest" (path, line), "verdict" the Result, "license" the Result (the governing license,
# named from the rules).


@dataclass(frozen=True)
class TextDetail:
    label: str
    value: str
    kind: Literal["text"] = "text"


@dataclass(frozen=True)
class IdsDetail:
    label: str
    value: tuple[str, ...]
    kind: Literal["ids"] = "ids"


@dataclass(frozen=True)
class RevisionDetail:
    label: str
    value: str | None
    kind: Literal["revision"] = "revision"


@dataclass(frozen=True)
class ManifestDetail:
    label: str
    value: tuple[str, int]      # (manifest path, line)
    kind: Literal["manifest"] = "manifest"


@dataclass(frozen=True)
class VerdictDetail:
    label: str
    value: Result
    kind: Literal["verdict"] = "verdict"


@dataclass(frozen=True)
class LicenseDetail:
    label: str
    value: Result
    kind: Literal["license"] = "license"


Detail = TextDetail | IdsDetail | RevisionDetail | ManifestDetail | VerdictDetail | LicenseDetail


def checkpoint_details(result: Result, report: Report) -> list[Detail]:
    """The rows of a checkpoint's details table, in the order every format shows them."""
    c = result.classification
    entry = result.entry
    revision = revision_of(result)
    rows: list[Detail] = [
        LicenseDetail("License", result),
        TextDetail("Category", c.category),
        VerdictDetail("Verdict", result),
        TextDetail("Confidence", f"{c.confidence:.2f}"),
        TextDetail("How it was decided", c.basis),
        IdsDetail("Declared in the card", c.declared),
        IdsDetail("Found in license texts", c.detected),
        IdsDetail("Use policies", c.use_policies),
        TextDetail("Source", source_label(result)),
        RevisionDetail("Revision", revision),
        ManifestDetail("Manifest", (report.manifest_path, entry.line)),
    ]
    components = components_text(result)
    if components:
        rows.insert(8, TextDetail("Component licenses (bundled code, not the weights' terms)", components))
    if entry.revision and entry.revision != revision:
        rows.insert(len(rows) - 1, RevisionDetail("Requested revision", entry.revision))
    return rows


def waiver_details(result: Result) -> list[Detail]:
    """The rows describing a checkpoint's waiver (none when it has no waiver)."""
    waiver = result.waiver
    if waiver is None:
        return []
    rows: list[Detail] = [
        TextDetail("Status", "applied" if result.waiver_applied else "not applied"),
        TextDetail("Approved by", waiver.approved_by),
        TextDetail("Expires", waiver.expires),
    ]
    if waiver.revision:
        rows.append(RevisionDetail("For revision", waiver.revision))
    rows.append(TextDetail("Reason", waiver.reason))
    return rows


def policy_flag(result: Result) -> PolicyFlag | None:
    """"fails" when the checkpoint counts against the exit status, "waived" when a waiver saved it."""
    if result.failed:
        return "fails"
    return "waived" if result.waiver_applied else None


def evidence_problems(result: Result) -> list[str]:
    """What went wrong reading the checkpoint's evidence, each once, incompleteness first."""
    evidence = result.evidence
    notes = list(evidence.problems) + list(evidence.card.problems)
    if not evidence.complete:
        notes.insert(0, "Evidence is incomplete: some files could not be read.")
    return list(dict.fromkeys(notes))


def evidence_rows(result: Result) -> list[EvidenceRow]:
    """Every file read for the checkpoint, joined with what its text matched (if it was matched)."""
    findings = {f.file: f for f in result.classification.findings}
    rows: list[EvidenceRow] = []
    seen: set[str] = set()
    for file in result.evidence.files:
        finding = findings.get(file.name)
        rows.append(_row(file.name, file.role, file.sha256, file.size, finding))
        seen.add(file.name)
    for finding in result.classification.findings:
        if finding.file not in seen:
            rows.append(_row(finding.file, finding.role, finding.sha256, None, finding))
            seen.add(finding.file)
    return rows


def _row(name: str, role: FileRole, sha256: str, size: int | None, finding: FileFinding | None) -> EvidenceRow:
    if finding is None:
        return EvidenceRow(name, role, sha256, size, None, None, None, (), ())
    m = finding.match
    return EvidenceRow(name, role, sha256 or finding.sha256, size, m.rule_id, m.status, m.score, tuple(m.differences),
                       tuple(dict.fromkeys([*m.also_licenses, *(f"{x} (altered)" for x in m.also_modified),
                                                     *(f"{x} (named)" for x in m.also_named), *m.also_found])))


def waiver_summary(result: Result) -> str | None:
    waiver = result.waiver
    if waiver is None:
        return None
    state = "applied" if result.waiver_applied else "not applied"
    text = f"{state}: approved by {waiver.approved_by}, expires {waiver.expires}"
    if waiver.revision:
        text += f", for revision {waiver.revision}"
    return f"{text}; reason: {waiver.reason}"


def source_label(result: Result) -> str:
    """Where the evidence came from, in words."""
    evidence = result.evidence
    where = "Hugging Face Hub" if result.entry.kind == "hub" else "local folder"
    if evidence.source == "cache":
        where += " (from the local Hub cache)"
    if evidence.gated:
        where += ", gated repository"
    return where


def one_line(text: str) -> str:
    """Collapse any run of whitespace (newlines included) to one space."""
    return " ".join(str(text).split())
