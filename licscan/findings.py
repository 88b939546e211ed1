"""The finding codes licscan reports (LICSCAN001...): one table for every format and for
``licscan explain``. Codes are stable; a new kind of finding gets a new code, never a reused one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Result


@dataclass(frozen=True)
class FindingRule:
    id: str
    name: str
    level: str          # default level under the default policy
    short: str
    full: str
    help: str
    tags: tuple[str, ...]


RULES = (
    FindingRule(
        "LICSCAN001", "LicenseDenied", "error",
        "License denies the project's declared use",
        "The checkpoint's license (or a license or use policy that also applies to it) does not grant the use "
        "declared in the manifest, or the project's policy denies this license or category.",
        "Replace the checkpoint with one whose license allows the declared use, obtain a separate license from "
        "the licensor, or record a time-limited waiver with an approver in licscan.yaml.",
        ("license", "compliance"),
    ),
    FindingRule(
        "LICSCAN002", "LicenseUnknown", "error",
        "License could not be determined",
        "licscan could not identify a license that applies to the checkpoint: no license text matched a known "
        "license, or the model card declares a license licscan does not know. Unknown fails closed like denied.",
        "Read the checkpoint's license files and card. If the license is known under another name, add an alias "
        "to its rule file; if it is new, add a rule file and its verbatim text; otherwise ask legal for a decision.",
        ("license", "compliance"),
    ),
    FindingRule(
        "LICSCAN003", "LicenseConflict", "warning",
        "License evidence conflicts",
        "The model card's metadata and the license files disagree, a license file matches no known text, or "
        "a file states terms licscan cannot check. The most restrictive license decides the verdict.",
        "Check which license governs the weights you use. Ask the publisher to fix the card, or record the "
        "decision in a waiver.",
        ("license", "compliance"),
    ),
    FindingRule(
        "LICSCAN004", "LicenseTextModified", "error",
        "License text is a modified copy of a known license",
        "A license file is close to, but not the same as, a known license text. The changed passages may add "
        "or remove terms, so the verdict is unknown until a person reads them.",
        "Compare the differing passages shown in the HTML or Markdown report with the reference text and have "
        "legal review the changes.",
        ("license", "compliance"),
    ),
    FindingRule(
        "LICSCAN005", "EvidenceIncomplete", "error",
        "License evidence is incomplete",
        "Some or all license files could not be fetched or read (for example a gated repository without access), "
        "so the declared license is not confirmed.",
        "Grant the scanner access to the repository (accept the gate and provide a token), or set "
        "trust_metadata in licscan.yaml to judge on card metadata alone.",
        ("license", "compliance"),
    ),
    FindingRule(
        "LICSCAN006", "LicenseDrift", "warning",
        "License changed since the lock",
        "The checkpoint's license or license files differ from what licscan lock recorded for it.",
        "Review the new license, then update the lock with licscan lock. A waiver for the checkpoint is not applied "
        "until then: it was approved for the evidence the lock recorded.",
        ("license", "compliance"),
    ),
    FindingRule(
        "LICSCAN007", "LicenseConditional", "note",
        "License allows the declared use under conditions",
        "The license allows the declared use only if its obligations are met or facts about the project are "
        "confirmed (for example a user or revenue threshold).",
        "Work through the obligations checklist and the facts to confirm in the HTML or Markdown report.",
        ("license", "obligations"),
    ),
)
RULE_INDEX = {rule.id: index for index, rule in enumerate(RULES)}
BY_ID = {rule.id: rule for rule in RULES}


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


def lookup(code_or_name: str) -> FindingRule | None:
    """A rule by code (``LICSCAN003``, ``3``, ``003``) or name (``LicenseConflict``), any case."""
    wanted = code_or_name.strip().lower()
    if wanted.isdigit():
        wanted = f"licscan{int(wanted):03d}"
    return next((rule for rule in RULES if wanted in (rule.id.lower(), rule.name.lower())), None)
