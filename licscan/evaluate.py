"""From a license to a verdict for this project's declared use, facts and policy.

Each verdict rule is one named function in licscan/verdict_rules.py, pinned by its own test
(tests/test_evaluate.py); ``Evaluator.evaluate`` only applies them in order. The order matters: policy lists come before the
evidence rule, so an allow list can never turn incomplete evidence into ``allowed``; waivers come
last, as the one explicit, expiring override (they change ``failed``, never the verdict).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from . import catalog as _catalog  # noqa: F401 - registers the license catalog as the knowledge base's fallback
from .base_ids import LICENSE_LINK, records_the_starting_model
from .drift import drift
from .license_link_rules import unread_license_link_rule
from .model import Ancestor, Classification, Evidence, Obligation, Project, Result
from .policy_records import Policy
from .rules import KnowledgeBase, LicenseRule
from .verdict_rules import (
    CONFIRMED,
    allow_list_rule,
    denies,
    deny_list_rule,
    drift_rule,
    fetch_failed_rule,
    headline_license,
    incomplete_evidence_rule,
    incomplete_lineage_rule,
    inheritance_rule,
    judge_license,
    looser_than_inherited,
    missing_evidence,
    modified_text_rule,
    named_base_rule,
    partial_copy_rule,
    unconfirmed_license_rule,
    undeclared_base_rule,
    unknown_license_rule,
    unread_undeclared_base,
    waiver_rule,
    worst,
)
from .vocabulary import Verdict, as_category


class DecidingReason:
    """Which reason decides the verdict, so every format can show it first: the last policy rule
    that set the final verdict (deny list, allow list, incomplete evidence), or else the first
    piece of evidence whose own verdict equals it (the license that denies, the modified text, the
    unreadable repository). The other reasons follow in their order."""

    def __init__(self) -> None:
        self.offers: list[tuple[Verdict, str]] = []
        self.overrides: list[tuple[Verdict, str]] = []

    def offer(self, verdict: Verdict | None, reason: str | None) -> None:
        if verdict and reason:
            self.offers.append((verdict, reason))

    def override(self, verdict: Verdict, reason: str | None) -> None:
        if reason:
            self.overrides.append((verdict, reason))

    def first(self, verdict: Verdict, reasons: list[str]) -> tuple[str, ...]:
        chosen = next((r for v, r in reversed(self.overrides) if v == verdict), None)
        chosen = chosen or next((r for v, r in self.offers if v == verdict), None)
        ordered = list(dict.fromkeys(reasons))
        if chosen is None:
            return tuple(ordered)
        # "Llama 3.1 ... : conditional for commercial use" is the start of the license's own line,
        # which also says how it was identified: show that line, once
        chosen = next((r for r in ordered if r.startswith(chosen + ";")), chosen)
        return (chosen, *(r for r in ordered if r != chosen))


class Evaluator:
    def __init__(self, kb: KnowledgeBase, project: Project, policy: Policy | None = None, today: str | None = None, check_drift: bool = True):
        self.kb = kb
        self.project = project
        self.policy = policy or Policy()
        self.today = today or date.today().isoformat()
        self.check_drift = check_drift

    def evaluate(self, evidence: Evidence, classification: Classification, ancestors: tuple[Ancestor, ...] = ()) -> Result:
        kb, use, policy = self.kb, self.project.use, self.policy
        reasons: list[str] = []
        facts: list[str] = []
        obligations: list[Obligation] = []
        verdicts: list[Verdict] = []
        candidates = list(classification.candidates)
        lineage_conflicts: list[str] = []
        own = kb.get(classification.license_id)
        inherited_ids, inherited_reasons = inheritance_rule(classification, evidence, ancestors, kb)
        if inherited_ids:
            candidates = [c for c in candidates if c != "unknown"]
        reasons.extend(inherited_reasons)
        # A license of its own, for a base a config.json or the card's text names that could not be read: one the
        # checkpoint declares (a metadata license other than a bare "other", a license_link), a license text found
        # in its files, its weights' headers. Unlike declares_no_license (verdict_rules: whether it inherits its
        # bases' licenses), a license only the card's words name does not count: the family a sentence names
        # beside that base ("based on Qwen2.5-1.5B-Instruct") would stand in for it, and an unread CC BY-NC base
        # would pass as Apache (tests/test_real_card_gaps.py, the ReaderLM-v2 card). base_ids.prose_base_ids asks
        # it of the evidence before classification.
        own_license = bool(set(classification.declared) - {"other"} or classification.detected
                           or evidence.weight_licenses or evidence.card.license_link)
        for ancestor in ancestors:
            if ancestor.problem and ancestor.undeclared:
                reasons.append(unread_undeclared_base(ancestor))
                if records_the_starting_model(ancestor.undeclared, ancestor.repo_id):
                    # a training run's arguments name the model it started from ("checkpoint-500/training_args.json
                    # 'model_name_or_path': acme/secret-nc-7b"): unread, the terms it passes down are unknown, as a
                    # declared base's are (acc65: review59); a saved config.json's '_name_or_path' stays a fact to confirm
                    candidates.append("unknown")
                    continue
                # a config.json's model beside a declared base that was read: the checkpoint is that base's, not wholly this one's
                beside_declared = ancestor.relation == "loaded-from" and any(
                    a.depth == 1 and not a.undeclared and not a.problem for a in ancestors)
                if not own_license and ancestor.depth == 1 and _names_no_family(kb, ancestor.repo_id) and not beside_declared:
                    # with no license of its own the checkpoint is wholly under that base, and its name pins no
                    # family licscan knows: what applies is unknown (a family another sentence names is a
                    # grand-base at most: "jinaai/ReaderLM-v2 (based on Qwen2.5-1.5B-Instruct)")
                    candidates.append("unknown")
                continue   # named, not declared: at best conditional (undeclared_base_rule)
            if ancestor.problem and ancestor.relation == LICENSE_LINK:
                # the repo the card's license_link points into could not be read, or not that file of it: the terms it
                # points to are unknown, and unread_license_link_rule says so (the checkpoint's own license stays the headline)
                continue
            if ancestor.problem:
                reasons.append(f"lineage: base model {ancestor.repo_id} could not be checked ({ancestor.problem}); its license is unknown")
            elif ancestor.relation == LICENSE_LINK:
                reasons.append(f"{ancestor.license_id} applies through the card's license_link to {ancestor.repo_id}, read for the terms "
                               "the card points to")
            elif ancestor.undeclared:
                reasons.append(f"inherits {ancestor.license_id} from {ancestor.repo_id}, which {ancestor.undeclared} of {ancestor.via} "
                               f"names as the model it was built from ({ancestor.relation}; the metadata declares no base_model)")
            elif ancestor.named_by:
                reasons.append(f"inherits {ancestor.license_id} from the base model '{ancestor.named_by}', named only by those words "
                               f"(no Hub repo to read: its family's license applies, unconfirmed)")
            elif ancestor.passes_on:
                reasons.append(f"inherits {ancestor.license_id} through {ancestor.repo_id} ({ancestor.relation}, via {ancestor.via}), "
                               "which declares no license of its own and passes on its bases'")
            else:
                reasons.append(f"inherits {ancestor.license_id} from {ancestor.repo_id} ({ancestor.relation}, via {ancestor.via})")
            candidates.append(ancestor.license_id)
            inherited = kb.get(ancestor.license_id)
            if inherited is not None and own is not None and inherited.id != own.id and looser_than_inherited(own, inherited, use):
                lineage_conflicts.append(
                    f"declares {own.id} ({own.category}) but inherits {inherited.id} ({inherited.category}) from {ancestor.repo_id}"
                )
        candidates = list(dict.fromkeys(candidates))

        deciding = DecidingReason()
        for license_id in candidates:
            rule = kb.get(license_id)
            if rule is None:
                verdicts.append(unknown_license_rule(license_id, kb) or "unknown")
                deciding.offer(verdicts[-1], _undetermined(classification, ancestors) if license_id == "unknown"
                               else f"{license_id} applies and licscan has no rule for it")
                continue
            before = len(reasons)
            verdicts.append(judge_license(rule, self.project, evidence, reasons, facts))
            deciding.offer(verdicts[-1], reasons[before] if len(reasons) > before else f"{rule.name} ({rule.category}): {verdicts[-1]} for {use} use")
            obligations.extend(self._obligations(rule))
        use_policies = list(classification.use_policies)
        for license_id in inherited_ids:
            rule = kb.get(license_id)
            use_policies.extend(rule.use_policies if rule else ())
        for policy_id in dict.fromkeys(use_policies):
            rule = kb.get(policy_id)
            if rule is not None:
                before = len(reasons)
                verdicts.append(judge_license(rule, self.project, evidence, reasons, facts))
                deciding.offer(verdicts[-1], reasons[before] if len(reasons) > before else f"{rule.name}: {verdicts[-1]} for {use} use")
                obligations.extend(self._obligations(rule))

        # what the licenses' own limits leave to confirm (project facts not given): no allow entry states them
        limit_facts = tuple(dict.fromkeys(facts))
        if own is None and not inherited_ids:
            reasons.insert(0, f"license could not be determined: {classification.basis}")
        elif own is not None:
            reasons.insert(0, f"{own.name} ({own.category}): {own.grant_for(use)} for {use} use; {classification.basis}")
        verdict, reason = modified_text_rule(classification, kb)
        verdicts += [verdict] if verdict else []
        reasons += [reason] if reason else []
        deciding.offer(verdict, reason)
        for conflict in (*classification.conflicts, *lineage_conflicts):
            reasons.append(f"conflict: {conflict}")
        reasons.extend(f"note: {note}" for note in (*classification.notes, *evidence.notes))
        if len(candidates) > 1:
            reasons.append(f"licenses that apply: {', '.join(candidates)}; the most restrictive decides")
        drifted = drift(evidence, classification, candidates) if self.check_drift else ()
        verdict, reason = drift_rule(drifted)
        verdicts += [verdict] if verdict else []
        reasons += [reason] if reason else []
        deciding.offer(verdict, reason)
        verdict = fetch_failed_rule(evidence)
        verdicts += [verdict] if verdict else []
        deciding.offer(verdict, f"evidence: {evidence.problems[0]}" if evidence.problems else None)
        for problem in (*evidence.problems, *evidence.card.problems):
            reasons.append(f"evidence: {problem}")

        verdict = worst(verdicts) if verdicts else "unknown"
        linked, reason = unread_license_link_rule(verdict, evidence, ancestors, kb, classification)
        reasons += [reason] if reason else []
        if linked != verdict:
            verdict = linked
            deciding.override(verdict, reason)
        confidence = CONFIRMED if inherited_ids else classification.confidence
        verdict, fact = unconfirmed_license_rule(verdict, confidence, classification.license_id, classification.basis)
        facts += [fact] if fact else []
        deciding.offer(verdict, f"confirm {fact}" if fact else None)
        verdict, named_facts = named_base_rule(verdict, ancestors)
        facts += named_facts
        deciding.offer(verdict, f"confirm {named_facts[0]}" if named_facts else None)
        verdict, undeclared_facts = undeclared_base_rule(verdict, ancestors)
        facts += undeclared_facts
        deciding.offer(verdict, f"confirm {undeclared_facts[0]}" if undeclared_facts else None)
        verdict, fact = partial_copy_rule(verdict, classification)
        facts += [fact] if fact else []
        deciding.offer(verdict, f"confirm {fact}" if fact else None)
        rules = [kb.get(license_id) for license_id in candidates]
        denied, reason = deny_list_rule(rules, policy)
        if denied and reason:
            verdict = denied
            reasons.append(reason)
            deciding.override(verdict, reason)
        trust = policy.trust_for(evidence.entry.ref)
        settled = (not missing_evidence(evidence, classification) or (trust is not None and not evidence.fetch_failed)) and all(
            (not a.missing or policy.trust_for(a.repo_id)) and not a.named_by
            and not (a.undeclared and a.problem) for a in ancestors)
        verdict, reason = allow_list_rule(verdict, rules, policy, confidence, settled, limit_facts)
        reasons += [reason] if reason else []
        deciding.override(verdict, reason)
        verdict, reason = incomplete_evidence_rule(verdict, evidence, trust, policy.path, classification)
        reasons += [reason] if reason else []
        deciding.override(verdict, reason)
        verdict, lineage_reasons = incomplete_lineage_rule(verdict, ancestors, policy)
        reasons += lineage_reasons
        deciding.override(verdict, lineage_reasons[0] if lineage_reasons else None)

        failed = verdict in policy.fail_on or ("conflict" in policy.fail_on and bool(classification.conflicts or lineage_conflicts))
        waiver, applied, reason = waiver_rule(policy, evidence, failed, self.today, drifted)
        reasons += [reason] if reason else []
        headline = self._headline(classification, candidates, lineage_conflicts, inherited_ids, confidence, ancestors)
        return Result(
            entry=evidence.entry,
            evidence=evidence,
            classification=headline,
            verdict=verdict,
            reasons=deciding.first(verdict, reasons),
            obligations=tuple(dict.fromkeys(obligations)),
            facts_to_confirm=tuple(dict.fromkeys(facts)),
            lineage=tuple(dict.fromkeys(a.repo_id for a in ancestors)),
            ancestors=ancestors,
            drift=drifted,
            failed=failed and not applied,
            waiver=waiver,
            waiver_applied=applied,
            own_classification=classification,
        )

    def _headline(self, classification: Classification, candidates: list[str], lineage_conflicts: list[str],
                  inherited_ids: list[str], confidence: float, ancestors: tuple[Ancestor, ...]) -> Classification:
        """The classification as every format shows it: the most restrictive license that applies;
        what the card declared stays in ``declared``, the checkpoint's own finding in the basis."""
        own_id = classification.license_id
        stated = {*classification.declared, *classification.detected, *(c for c in candidates if c.startswith("card-")),
                  *(a.license_id for a in ancestors if not a.problem and not a.named_by)}
        headline = headline_license(candidates, self.kb, self.project.use, classification.modified_from, stated)
        if own_id == "unknown" and not inherited_ids and not denies(self.kb.get(headline), self.project.use):
            # (a restriction the checkpoint states that denies the use stays the headline beside its own unknown license: it is
            # what the verdict rests on; round 54's Aletheia-Llama-3.2-3B, research only under a LICENSE licscan does not know)
            headline = "unknown"
        if headline == own_id and tuple(candidates) == tuple(classification.candidates) and not lineage_conflicts:
            return classification
        rule = self.kb.get(headline)
        basis = classification.basis
        if headline != own_id and headline == classification.modified_from:
            basis = (f"a modified copy of {headline} in the checkpoint's own files decides: its terms are not {headline}'s; "
                     f"own evidence: {basis}")
        elif headline != own_id:
            through = ", ".join(dict.fromkeys(a.repo_id for a in ancestors if a.license_id == headline))
            # a license the checkpoint's own card words or files put on it (a restriction the card states) is its own
            where = (f"through {through}" if through else "(the checkpoint's own card or files state it)"
                     if headline in classification.candidates else "through the base models")
            basis = f"{headline} applies {where} and is the most restrictive license that applies; own evidence: {basis}"
        # A modified copy heads as what it is, whichever of the own licenses it is: its terms are not the
        # known license's (an altered Apache 2.0 shown as "apache-2.0 / permissive" would look allowed)
        altered = headline in (own_id, classification.modified_from)
        return replace(
            classification,
            license_id=headline,
            category=(classification.category if headline == own_id else "unknown" if headline == classification.modified_from
                      else as_category(rule.category) if rule else "unknown"),
            confidence=confidence if headline != own_id else classification.confidence,
            basis=basis,
            modified_from=classification.modified_from if altered else None,
            conflicts=tuple(dict.fromkeys((*classification.conflicts, *lineage_conflicts))),
            candidates=tuple(candidates),
        )

    def _obligations(self, rule: LicenseRule) -> list[Obligation]:
        return [Obligation(rule.id, term.id, term.summary, term.section) for term in rule.obligations]


def _undetermined(classification: Classification, ancestors: tuple[Ancestor, ...]) -> str:
    """Why a license that applies could not be determined: the checkpoint's own evidence, or, when that
    was read, the base whose license is unknown (an unread base is what to fix, not the own files)."""
    base = next((a for a in ancestors if a.license_id == "unknown"), None)
    if classification.license_id == "unknown" or "unknown" in classification.candidates or base is None:
        return f"license could not be determined: {classification.basis}"
    why = f"could not be checked ({base.problem})" if base.problem else "has a license licscan could not determine"
    if base.relation == LICENSE_LINK:
        why = f"which could not be read ({base.problem})" if base.problem else "whose license licscan could not determine"
        return (f"license could not be determined: the card's license_link points into {base.repo_id}, {why}; "
                f"the checkpoint's own evidence: {classification.basis}")
    return (f"license could not be determined: base model {base.repo_id} {why}; "
            f"the checkpoint's own evidence: {classification.basis}")


def _names_no_family(kb: KnowledgeBase, repo_id: str) -> bool:
    # imported here: the classifier's modules cost ~30 ms, and a check whose classifications are remembered needs none
    from .classify.strategies.families_named import license_named_by

    return license_named_by(kb, repo_id) is None
