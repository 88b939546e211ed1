"""The stable machine-readable report (schema documented in docs/json-schema.md)."""

from __future__ import annotations

import json

from ..findings import findings_for
from ..model import Report, Result
from ..safetext import inert_report

SCHEMA_VERSION = 1


def result_dict(result: Result) -> dict[str, object]:
    c = result.classification
    evidence = result.evidence
    return {
        "id": result.entry.ref,
        "kind": result.entry.kind,
        "line": result.entry.line,
        "revision": evidence.revision or result.entry.revision,
        "requested_revision": result.entry.revision,
        "license": {
            "id": c.license_id,
            "category": c.category,
            "confidence": round(c.confidence, 4),
            "basis": c.basis,
            "declared": list(c.declared),
            "detected": list(c.detected),
            "modified_from": c.modified_from,
            "use_policies": list(c.use_policies),
            "applies": list(c.candidates),
            "components": list(c.components),
        },
        "verdict": result.verdict,
        "failed": result.failed,
        "findings": findings_for(result),
        "reasons": list(result.reasons),
        "facts_to_confirm": list(result.facts_to_confirm),
        "obligations": [
            {"license": o.license_id, "id": o.id, "summary": o.summary, "section": o.section}
            for o in result.obligations
        ],
        "conflicts": list(c.conflicts),
        "notes": list(c.notes),
        "lineage": list(result.lineage),
        "ancestors": [
            {"id": a.repo_id, "relation": a.relation, "depth": a.depth, "license": a.license_id,
             "category": a.category, "revision": a.revision, "via": a.via, "problem": a.problem}
            for a in result.ancestors
        ],
        "drift": list(result.drift),
        "waiver": None if result.waiver is None else {
            "reason": result.waiver.reason, "approved_by": result.waiver.approved_by,
            "expires": result.waiver.expires, "revision": result.waiver.revision, "applied": result.waiver_applied,
        },
        "evidence": [
            {
                "file": f.file,
                "role": f.role,
                "sha256": f.sha256,
                "matched_license": f.match.rule_id,
                "status": f.match.status,
                "score": f.match.score,
                "differences": list(f.match.differences),
                "also_found": list(f.match.also_found),
                "also_licenses": list(f.match.also_licenses),
                "also_modified": list(f.match.also_modified),
                "unexplained": f.match.unexplained or None,
                "unexplained_terms": f.match.unexplained_terms,
                "also_named": list(f.match.also_named),
            }
            for f in c.findings
        ],
        "source": {
            "kind": evidence.source,
            "gated": evidence.gated,
            "complete": evidence.complete,
            "problems": list(evidence.problems),
            "files": [{"name": f.name, "sha256": f.sha256, "size": f.size, "role": f.role} for f in evidence.files],
        },
    }


def report_dict(report: Report) -> dict[str, object]:
    project = report.project
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "licscan", "version": report.licscan_version, "rules_version": report.rules_version},
        "generated": report.generated,
        "manifest": report.manifest_path,
        "project": {
            "name": project.name,
            "use": project.use,
            "monthly_active_users": project.monthly_active_users,
            "annual_revenue_usd": project.annual_revenue_usd,
            "distribution": project.distribution,
            "region": project.region,
        },
        "summary": {**report.summary, "total": len(report.results), "failed": sum(r.failed for r in report.results)},
        "passed": not report.failed,
        "warnings": list(report.warnings),
        "checkpoints": [result_dict(r) for r in report.results],
    }


def render(report: Report, **_: object) -> str:
    report = inert_report(report)   # card and file text is never trusted (safetext.py)
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
