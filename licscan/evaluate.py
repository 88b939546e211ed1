"""From a license to a verdict for this project's declared use, facts and policy."""

from __future__ import annotations

from datetime import date

from .model import VERDICT_SEVERITY, Ancestor, Classification, Evidence, Obligation, Project, Result, Waiver
from .lock import drift
from .policy import Policy
from .rules import KnowledgeBase, LicenseRule

FACT_LABELS = {
    "monthly_active_users": "monthly active users",
    "annual_revenue_usd": "annual revenue (USD)",
}


def _looser(own: LicenseRule, inherited: LicenseRule, use: str) -> bool:
    """Whether a checkpoint's own license claims more than the license it inherits."""
    grant = VERDICT_SEVERITY     # a deliberately unknown rule (`cc`) answers "unknown"
    return grant[own.grant_for(use)] < grant[inherited.grant_for(use)] or (
        own.category in ("permissive", "copyleft") and inherited.category not in ("permissive", "copyleft")
    )


def worst(verdicts) -> str:
    return max(verdicts, key=lambda v: VERDICT_SEVERITY[v], default="unknown")


class Evaluator:
    def __init__(self, kb: KnowledgeBase, project: Project, policy: Policy | None = None, today: str | None = None):
        self.kb = kb
        self.project = project
        self.policy = policy or Policy()
        self.today = today or date.today().isoformat()

    def evaluate(self, evidence: Evidence, classification: Classification, ancestors: tuple[Ancestor, ...] = ()) -> Result:
        reasons: list[str] = []
        facts: list[str] = []
        obligations: list[Obligation] = []
        verdicts: list[str] = []
        use = self.project.use
        candidates = list(classification.candidates)
        lineage_conflicts: list[str] = []
        own = self.kb.get(classification.license_id)
        for ancestor in ancestors:
            if ancestor.problem:
                reasons.append(f"lineage: base model {ancestor.repo_id} could not be checked ({ancestor.problem}); its license is unknown")
            else:
                reasons.append(f"inherits {ancestor.license_id} from {ancestor.repo_id} ({ancestor.relation}, via {ancestor.via})")
            candidates.append(ancestor.license_id)
            inherited = self.kb.get(ancestor.license_id)
            if inherited is not None and own is not None and inherited.id != own.id and _looser(own, inherited, use):
                lineage_conflicts.append(
                    f"declares {own.id} ({own.category}) but inherits {inherited.id} ({inherited.category}) from {ancestor.repo_id}"
                )

        for license_id in dict.fromkeys(candidates):
            rule = self.kb.get(license_id)
            if rule is None:
                verdicts.append("unknown")
                continue
            verdicts.append(self._judge(rule, evidence, reasons, facts))
            obligations.extend(self._obligations(rule))
        for policy_id in classification.use_policies:
            rule = self.kb.get(policy_id)
            if rule is not None:
                verdicts.append(self._judge(rule, evidence, reasons, facts))
                obligations.extend(self._obligations(rule))

        if classification.license_id == "unknown":
            reasons.insert(0, f"license could not be determined: {classification.basis}")
        else:
            rule = self.kb.get(classification.license_id)
            assert rule is not None
            reasons.insert(0, f"{rule.name} ({rule.category}): {rule.grant_for(use)} for {use} use; {classification.basis}")
        if classification.modified_from:
            finding = next(f for f in classification.findings if f.match.rule_id == classification.modified_from and f.match.status == "modified")
            verdicts.append("unknown")
            changes = "; ".join(finding.match.differences[:3]) or "text differs"
            reasons.append(f"modified {classification.modified_from}: {finding.file} differs from the reference text ({changes}); needs legal review")
        for conflict in (*classification.conflicts, *lineage_conflicts):
            reasons.append(f"conflict: {conflict}")
        reasons.extend(f"note: {note}" for note in classification.notes)
        if len(set(candidates)) > 1:
            reasons.append(f"licenses that apply: {', '.join(dict.fromkeys(candidates))}; the most restrictive decides")
        drifted = drift(evidence, classification)
        if drifted:
            verdicts.append("unknown")
            reasons.append("license drift since the lock: " + "; ".join(drifted) + " (review, then run 'licscan lock')")
        if evidence.fetch_failed:
            verdicts.append("unknown")
        for problem in (*evidence.problems, *evidence.card.problems):
            reasons.append(f"evidence: {problem}")
        if not evidence.complete and not evidence.fetch_failed:
            if self.policy.trust_metadata:
                reasons.append("evidence incomplete; judged on card metadata because the policy sets trust_metadata")
            else:
                verdicts.append("unknown" if worst(verdicts) == "allowed" else worst(verdicts))
                reasons.append("evidence incomplete: license files could not be read, so the declared license is not confirmed")

        verdict = worst(verdicts) if verdicts else "unknown"
        if verdict == "allowed" and classification.confidence < 0.9:
            verdict = "conditional"
            facts.append(f"that {classification.license_id} governs this checkpoint ({classification.basis})")
        verdict = self._apply_lists(candidates, verdict, reasons)
        failed = verdict in self.policy.fail_on or (
            "conflict" in self.policy.fail_on and bool(classification.conflicts or lineage_conflicts)
        )
        waiver, applied = self._waiver_for(evidence, failed, reasons)
        return Result(
            entry=evidence.entry,
            evidence=evidence,
            classification=classification,
            verdict=verdict,
            reasons=tuple(dict.fromkeys(reasons)),
            obligations=tuple(dict.fromkeys(obligations)),
            facts_to_confirm=tuple(dict.fromkeys(facts)),
            lineage=tuple(dict.fromkeys(a.repo_id for a in ancestors)),
            ancestors=ancestors,
            drift=drifted,
            failed=failed and not applied,
            waiver=waiver,
            waiver_applied=applied,
        )

    def _waiver_for(self, evidence: Evidence, failed: bool, reasons: list[str]) -> tuple[Waiver | None, bool]:
        entry = evidence.entry
        revision = evidence.revision or entry.revision
        for waiver in self.policy.waivers:
            if waiver.checkpoint != entry.ref:
                continue
            if waiver.revision and waiver.revision != revision:
                reasons.append(f"waiver by {waiver.approved_by} is for revision {waiver.revision[:12]}, not {str(revision)[:12]}: not applied")
                return waiver, False
            if waiver.expired(self.today):
                reasons.append(f"waiver by {waiver.approved_by} expired on {waiver.expires}: not applied")
                return waiver, False
            if failed:
                reasons.append(f"waived by {waiver.approved_by} until {waiver.expires}: {waiver.reason}")
            return waiver, failed
        return None, False

    def _judge(self, rule: LicenseRule, evidence: Evidence, reasons: list[str], facts: list[str]) -> str:
        project = self.project
        verdict = rule.grant_for(project.use)
        if verdict == "denied":
            reasons.append(f"{rule.id} does not grant {project.use} use")
            return verdict
        for threshold in rule.thresholds:
            value = getattr(project, threshold.fact)
            label = FACT_LABELS[threshold.fact]
            if value is None:
                facts.append(f"{threshold.fact} (must not exceed {threshold.limit:,} under {rule.id} §{threshold.section})")
                reasons.append(f"confirm {label}: {rule.id} §{threshold.section} grants nothing above {threshold.limit:,}")
                verdict = worst((verdict, "conditional"))
            elif value > threshold.limit:
                reasons.append(f"{label} {value:,} exceeds the {threshold.limit:,} limit of {rule.id} §{threshold.section}: {threshold.summary}")
                return "denied"
        for restriction in rule.restrictions:
            if not restriction.regions:
                continue
            where = f"{rule.id} §{restriction.section} ({', '.join(restriction.regions)})"
            if project.region is None:
                if restriction.effect == "denied":
                    facts.append(f"region: {where} withholds rights there")
                    verdict = worst((verdict, "conditional"))
            elif project.region in restriction.regions:
                # Whether a regional carve-out hits this checkpoint (e.g. only multimodal models) is for
                # the reader to confirm, unless the card itself says the region is excluded.
                reasons.append(f"{where} applies in {project.region}: {restriction.summary}")
                facts.append(f"whether {where} covers this checkpoint")
                verdict = worst((verdict, "conditional"))
        if evidence.card.eu_disallowed and project.region == "EU":
            reasons.append("the model card sets extra_gated_eu_disallowed: not available to EU users")
            verdict = "denied"
        return verdict

    def _obligations(self, rule: LicenseRule) -> list[Obligation]:
        return [Obligation(rule.id, term.id, term.summary, term.section) for term in rule.obligations]

    def _apply_lists(self, license_ids: list[str], verdict: str, reasons: list[str]) -> str:
        """Deny lists apply to every license that applies (inherited ones too); an allow list
        settles a conditional verdict only when every applicable license is on it."""
        policy = self.policy
        rules = [self.kb.get(license_id) for license_id in dict.fromkeys(license_ids)]
        for rule in rules:
            if rule is not None and (rule.id in policy.deny_licenses or rule.category in policy.deny_categories):
                what = rule.id if rule.id in policy.deny_licenses else f"category {rule.category} ({rule.id})"
                reasons.append(f"policy denies {what}")
                return "denied"
        if verdict != "conditional" or not rules or any(rule is None for rule in rules):
            return verdict  # an allow list cannot grant what a license withholds, nor vouch for an unknown one
        if all(rule.id in policy.allow_licenses or rule.category in policy.allow_categories for rule in rules):
            reasons.append(f"policy allows {', '.join(rule.id for rule in rules)}; obligations still apply")
            return "allowed"
        return verdict
