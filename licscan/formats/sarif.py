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
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from ..findings import BY_ID, RULE_INDEX, RULES, findings_for
from ..model import Report, Result
from ..safetext import inert_report
from .common import license_display, one_line

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# Used when the installed package metadata names no project URL.
DEFAULT_INFORMATION_URI = "https://pypi.org/project/licscan/"


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


SRCROOT = "%SRCROOT%"


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``.git`` (a folder, or a file in a worktree)."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def artifact_location(manifest_path: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The manifest's ``artifactLocation`` and the run's ``originalUriBaseIds``.

    Code scanning resolves a result's file against the checkout's root, but CI may run licscan
    from a subfolder: so the URI is relative to the git repository root (``%SRCROOT%``), and the
    root itself is given as ``originalUriBaseIds``. Outside a repository the base is the working
    directory, as before.
    """
    absolute = Path(manifest_path).resolve()
    root = repository_root(absolute.parent) or Path.cwd().resolve()
    try:
        relative = absolute.relative_to(root).as_posix()
    except ValueError:
        return {"uri": absolute.as_uri()}, {}
    return {"uri": quote(relative, safe="/"), "uriBaseId": SRCROOT}, {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}}


def artifact_uri(manifest_path: str) -> str:
    """The manifest as a relative URI with forward slashes (as given; absolute paths under the
    working directory are made relative to it). Used where no base id can travel with it."""
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
    rule = BY_ID[rule_id]
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
    project_urls: list[str] = meta.get_all("Project-URL") or []
    for entry in project_urls:
        _, _, url = entry.partition(",")
        if url.strip().startswith("https://"):
            return url.strip()
    # The first Home-page field, as email.message.Message.get gives it (PackageMetadata does not declare get).
    homes: list[str] = meta.get_all("Home-page") or []
    home = homes[0] if homes else None
    return home if home and home.startswith("https://") else DEFAULT_INFORMATION_URI


def _semver(version: str) -> str | None:
    return version if re.fullmatch(r"\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.\-+]+)?", version) else None


def sarif_dict(report: Report) -> dict[str, object]:
    uri = artifact_uri(report.manifest_path)
    location, base_ids = artifact_location(report.manifest_path)
    results: list[dict[str, object]] = []
    for result in report.results:
        line = max(1, result.entry.line or 1)
        for rule_id in findings_for(result):
            item: dict[str, object] = {
                "ruleId": rule_id,
                "ruleIndex": RULE_INDEX[rule_id],
                "level": level_for(result, rule_id),
                "message": {"text": message(result, rule_id, report.project.use)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": dict(location),
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

    driver: dict[str, object] = {
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
        **({"originalUriBaseIds": base_ids} if base_ids else {}),
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
