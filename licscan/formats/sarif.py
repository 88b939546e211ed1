"""SARIF 2.1.0 for GitHub code scanning: one result per problem, at the checkpoint's manifest line.

Rule ids are stable; docs/formats.md lists them. The level says what the result means for CI:
``error`` exactly when the checkpoint fails the policy (it counts against the exit status),
``warning`` for a problem the policy lets pass, ``note`` for conditional use and waived failures.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from ..model import Report, Result
from ..safetext import inert_report
from .common import license_display, one_line

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# Used when the installed package metadata names no project URL.
DEFAULT_INFORMATION_URI = "https://pypi.org/project/licscan/"


@dataclass(frozen=True)
class SarifRule:
    id: str
    name: str
    level: str          # default level under the default policy
    short: str
    full: str
    help: str
    tags: tuple[str, ...]


RULES = (
    SarifRule(
        "LICSCAN001", "LicenseDenied", "error",
        "License denies the project's declared use",
        "The checkpoint's license (or a license or use policy that also applies to it) does not grant the use "
        "declared in the manifest, or the project's policy denies this license or category.",
        "Replace the checkpoint with one whose license allows the declared use, obtain a separate license from "
        "the licensor, or record a time-limited waiver with an approver in licscan.yaml.",
        ("license", "compliance"),
    ),
    SarifRule(
        "LICSCAN002", "LicenseUnknown", "error",
        "License could not be determined",
        "licscan could not identify a license that applies to the checkpoint: no license text matched a known "
        "license, or the model card declares a license licscan does not know. Unknown fails closed like denied.",
        "Read the checkpoint's license files and card. If the license is known under another name, add an alias "
        "to its rule file; if it is new, add a rule file and its verbatim text; otherwise ask legal for a decision.",
        ("license", "compliance"),
    ),
    SarifRule(
        "LICSCAN003", "LicenseConflict", "warning",
        "License evidence conflicts",
        "The model card's metadata and the license files disagree, a license file matches no known text, or "
        "the files split the license between weights and code. The most restrictive license decides the verdict.",
        "Check which license governs the weights you use. Ask the publisher to fix the card, or record the "
        "decision in a waiver.",
        ("license", "compliance"),
    ),
    SarifRule(
        "LICSCAN004", "LicenseTextModified", "error",
        "License text is a modified copy of a known license",
        "A license file is close to, but not the same as, a known license text. The changed passages may add "
        "or remove terms, so the verdict is unknown until a person reads them.",
        "Compare the differing passages shown in the HTML or Markdown report with the reference text and have "
        "legal review the changes.",
        ("license", "compliance"),
    ),
    SarifRule(
        "LICSCAN005", "EvidenceIncomplete", "error",
        "License evidence is incomplete",
        "Some or all license files could not be fetched or read (for example a gated repository without access), "
        "so the declared license is not confirmed.",
        "Grant the scanner access to the repository (accept the gate and provide a token), or set "
        "trust_metadata in licscan.yaml to judge on card metadata alone.",
        ("license", "compliance"),
    ),
    SarifRule(
        "LICSCAN006", "LicenseDrift", "warning",
        "License changed since the lock",
        "The checkpoint's license or license files differ from what licscan lock recorded for it.",
        "Review the new license, then update the lock with licscan lock.",
        ("license", "compliance"),
    ),
    SarifRule(
        "LICSCAN007", "LicenseConditional", "note",
        "License allows the declared use under conditions",
        "The license allows the declared use only if its obligations are met or facts about the project are "
        "confirmed (for example a user or revenue threshold).",
        "Work through the obligations checklist and the facts to confirm in the HTML or Markdown report.",
        ("license", "obligations"),
    ),
)
RULE_INDEX = {rule.id: index for index, rule in enumerate(RULES)}
_BY_ID = {rule.id: rule for rule in RULES}


def findings_for(result: Result) -> list[str]:
    """The rule ids a checkpoint triggers, in rule order; empty for an allowed, clean checkpoint."""
    c = result.classification
    evidence = result.evidence
    found: list[str] = []
    incomplete = evidence.fetch_failed or not evidence.complete
    if result.verdict == "denied":
        found.append("LICSCAN001")
    if c.license_id == "unknown" or (result.verdict == "unknown" and not c.modified_from and not incomplete):
        found.append("LICSCAN002")
    if c.conflicts:
        found.append("LICSCAN003")
    if c.modified_from:
        found.append("LICSCAN004")
    if incomplete:
        found.append("LICSCAN005")
    if result.drift:
        found.append("LICSCAN006")
    if result.verdict == "conditional":
        found.append("LICSCAN007")
    if result.failed and not found:  # cannot happen with today's fail_on values; never drop a failure
        found.append("LICSCAN001" if result.verdict != "unknown" else "LICSCAN002")
    return sorted(set(found), key=RULE_INDEX.__getitem__)


def level_for(result: Result, rule_id: str) -> str:
    if result.failed:
        return "error"
    if result.waiver_applied or rule_id == "LICSCAN007":
        return "note"
    return "warning"


def fingerprint(rule_id: str, result: Result) -> str:
    """Stable across runs and line moves: the rule and the checkpoint, nothing else."""
    key = "\x00".join((rule_id, result.entry.kind, result.entry.ref))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def artifact_uri(manifest_path: str) -> str:
    """The manifest as a relative URI with forward slashes (as given; absolute paths under the
    working directory are made relative to it)."""
    path = manifest_path.replace("\\", "/")
    if os.path.isabs(manifest_path):
        try:
            path = Path(manifest_path).resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return Path(manifest_path).resolve().as_uri()
    posix = PurePosixPath(path)
    path = posix.as_posix()
    while path.startswith("./"):
        path = path[2:]
    return quote(path, safe="/")


def message(result: Result, rule_id: str, use: str) -> str:
    c = result.classification
    rule = _BY_ID[rule_id]
    state = "fails the policy" if result.failed else ("waived" if result.waiver_applied else "does not fail the policy")
    text = (
        f"{result.entry.ref}: {rule.short.lower()}. License {license_display(result)} ({c.category}), "
        f"verdict {result.verdict} for {use} use; {state}."
    )
    why = "; ".join(result.reasons)
    if why:
        text += f" Why: {why}."
    if rule_id == "LICSCAN007":
        if result.facts_to_confirm:
            text += " Confirm: " + "; ".join(result.facts_to_confirm) + "."
        if result.obligations:
            text += " Obligations: " + ", ".join(dict.fromkeys(f"{o.license_id}:{o.id}" for o in result.obligations)) + "."
    return one_line(text)


def information_uri() -> str:
    try:
        from importlib.metadata import metadata

        meta = metadata("licscan")
    except Exception:  # noqa: BLE001 - not installed, or broken metadata
        return DEFAULT_INFORMATION_URI
    for entry in meta.get_all("Project-URL") or []:
        _, _, url = entry.partition(",")
        if url.strip().startswith("https://"):
            return url.strip()
    home = meta.get("Home-page")
    return home if home and home.startswith("https://") else DEFAULT_INFORMATION_URI


def _semver(version: str) -> str | None:
    return version if re.fullmatch(r"\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.\-+]+)?", version) else None


def sarif_dict(report: Report) -> dict:
    uri = artifact_uri(report.manifest_path)
    results = []
    for result in report.results:
        line = max(1, result.entry.line or 1)
        for rule_id in findings_for(result):
            item: dict = {
                "ruleId": rule_id,
                "ruleIndex": RULE_INDEX[rule_id],
                "level": level_for(result, rule_id),
                "message": {"text": message(result, rule_id, report.project.use)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri},
                            "region": {"startLine": line, "startColumn": 1, "endLine": line},
                        },
                        "logicalLocations": [{"name": result.entry.ref, "kind": "module"}],
                    }
                ],
                "partialFingerprints": {"primaryLocationLineHash": fingerprint(rule_id, result)},
                "properties": {
                    "checkpoint": result.entry.ref,
                    "license": result.classification.license_id,
                    "category": result.classification.category,
                    "verdict": result.verdict,
                    "failed": result.failed,
                },
            }
            if result.waiver is not None and result.waiver_applied:
                w = result.waiver
                item["suppressions"] = [
                    {
                        "kind": "external",
                        "status": "accepted",
                        "justification": one_line(f"waived by {w.approved_by} until {w.expires}: {w.reason}"),
                    }
                ]
            results.append(item)

    driver: dict = {
        "name": "licscan",
        "version": report.licscan_version,
        "informationUri": information_uri(),
        "rules": [
            {
                "id": rule.id,
                "name": rule.name,
                "shortDescription": {"text": rule.short},
                "fullDescription": {"text": rule.full},
                "help": {"text": rule.help, "markdown": rule.help},
                "defaultConfiguration": {"level": rule.level},
                "properties": {
                    "tags": list(rule.tags),
                    "precision": "high",
                    "problem.severity": {"error": "error", "warning": "warning", "note": "recommendation"}[rule.level],
                },
            }
            for rule in RULES
        ],
        "properties": {"rulesVersion": report.rules_version},
    }
    semantic = _semver(report.licscan_version)
    if semantic:
        driver["semanticVersion"] = semantic
    run = {
        "tool": {"driver": driver},
        "automationDetails": {"id": f"licscan/{uri}/"},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "generated": report.generated,
            "project": report.project.name,
            "use": report.project.use,
            "passed": not report.failed,
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: Report, **_: object) -> str:
    report = inert_report(report)   # card and file text is never trusted (safetext.py)
    return json.dumps(sarif_dict(report), indent=2, ensure_ascii=False) + "\n"
