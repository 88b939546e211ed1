"""The verdict rules: each one a named function, pinned by its own test (tests/test_evaluate.py).

``Evaluator.evaluate`` (licscan/evaluate.py) applies them in order; this module holds what each
rule says, so that a rule is read, tested and changed in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .lazy_regex import lazy
from .model import VERDICT_SEVERITY, Ancestor, Classification, Evidence, Project, Waiver, is_commit_sha
from .policy_records import Policy, TrustedMetadata
from .rules import CATEGORY_RANK, KnowledgeBase, LicenseRule
from .vocabulary import OPEN_CATEGORIES, Verdict, as_verdict

FACT_LABELS = {
    "monthly_active_users": "monthly active users",
    "annual_revenue_usd": "annual revenue (USD)",
}
# Below this the license is not confirmed to govern the checkpoint: at best conditional.
CONFIRMED = 0.9
# Card fields whose unreadable value leaves the license evidence incomplete: also the access gate's texts (a dict
# `extra_gated_prompt`: terms the user must agree to that licscan could not read, review52; access_gate.GATE_TEXT_FIELDS)
_LICENSE_FIELDS = ("'license'", "'license_name'", "'license_link'", "'base_model'", "'base_model_relation'",
                   "'extra_gated_heading'", "'extra_gated_description'", "'extra_gated_prompt'", "'extra_gated_button_content'")


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """Rule: the most restrictive verdict decides (unknown fails closed like denied)."""
    return max(verdicts, key=lambda v: VERDICT_SEVERITY[v], default="unknown")


# --- rules about the evidence ---------------------------------------------------------------------


def missing_evidence(evidence: Evidence, classification: Classification | None = None) -> tuple[str, ...]:
    """What was not read (empty when the evidence is complete): a file not fetched, not read, cut
    off, skipped, in a format licscan cannot read, gated without access; card license fields that
    could not be read. With the ``classification``, a license key the Hub does not read whose value the shipped
    license text confirms exactly is not missing (``_confirmed_by_the_text``)."""
    missing: list[str] = []
    if evidence.fetch_failed or not evidence.complete:
        missing.extend(evidence.problems or ("nothing could be fetched" if evidence.fetch_failed else "some license files could not be read",))
    missing.extend(p for p in evidence.card.problems if (p.startswith("model card front matter") or any(f in p for f in _LICENSE_FIELDS))
                   and not (classification is not None and _confirmed_by_the_text(p, classification)))
    return tuple(dict.fromkeys(missing))


# The problem front_matter.py gives for a license key the Hub does not read ('licence: apache-2.0', 'License: mit',
# 'model_license: ...') whose value licscan reads as the card's `license`
_UNREAD_LICENSE_KEY = lazy(r"^model card front matter gives '[^'\n]{1,200}' \(line \d+: .*\), a key the Hub does not read: "
                                 r".*; (?:all the values of 'license' are read|licscan reads it as 'license')$", re.DOTALL)


def _confirmed_by_the_text(problem: str, classification: Classification) -> bool:
    """A license key the Hub does not read leaves nothing unknown when every license the card declares, under any key,
    is the one license a shipped license file is an exact copy of (review29: 'licence: apache-2.0' beside the verbatim
    Apache LICENSE): the Hub not showing the key hides nothing the text does not say. Another value ('licence:
    cc-by-nc-4.0' beside that LICENSE), or a text that is not exact, leaves the evidence incomplete."""
    if not _UNREAD_LICENSE_KEY.match(problem) or len(set(classification.declared)) != 1:
        return False
    declared = classification.declared[0]
    return any(f.role == "license" and f.match.rule_id == declared and f.match.status == "exact" and not f.match.unexplained
               for f in classification.findings)


def incomplete_evidence_rule(
    verdict: Verdict, evidence: Evidence, trust: TrustedMetadata | None, policy_path: str | None,
    classification: Classification | None = None,
) -> tuple[Verdict, str | None]:
    """Rule: incomplete evidence is never allowed and never conditional: it is unknown (denied stays
    denied), with the missing pieces named, unless the policy trusts this checkpoint's metadata.
    Trust cannot stand in for a fetch that obtained nothing."""
    missing = missing_evidence(evidence, classification)
    if not missing:
        return verdict, None
    pieces = "; ".join(missing)
    if trust is not None and not evidence.fetch_failed:
        where = f" ({policy_path}:{trust.line})" if policy_path and trust.line else ""
        return verdict, (f"evidence incomplete ({pieces}); judged on the card metadata because the policy's "
                         f"trust_metadata names {trust.checkpoint}{where}: {trust.reason}")
    return worst((verdict, "unknown")), f"evidence incomplete, so the license is not confirmed: {pieces}"


def incomplete_lineage_rule(verdict: Verdict, ancestors: tuple[Ancestor, ...], policy: Policy) -> tuple[Verdict, list[str]]:
    """Rule: a license inherited from a base model whose own evidence was incomplete (a gated base
    read without access) is not confirmed either: unknown, naming the base and what of it was not
    read, unless the policy's trust_metadata names that base."""
    reasons = []
    for ancestor in ancestors:
        if not ancestor.missing:
            continue
        pieces = "; ".join(ancestor.missing)
        trust = policy.trust_for(ancestor.repo_id)
        if trust is not None:
            where = f" ({policy.path}:{trust.line})" if policy.path and trust.line else ""
            reasons.append(f"evidence incomplete for base model {ancestor.repo_id} ({pieces}); judged on its card metadata "
                           f"because the policy's trust_metadata names {ancestor.repo_id}{where}: {trust.reason}")
            continue
        verdict = worst((verdict, "unknown"))
        reasons.append(f"evidence incomplete for base model {ancestor.repo_id}, so the license it passes down is not confirmed: {pieces}")
    return verdict, reasons


def fetch_failed_rule(evidence: Evidence) -> Verdict | None:
    """Rule: a checkpoint of which nothing could be fetched is unknown."""
    return "unknown" if evidence.fetch_failed else None


def drift_rule(drifted: tuple[str, ...]) -> tuple[Verdict | None, str | None]:
    """Rule: license evidence that changed since ``licscan lock`` is unknown until re-locked."""
    if not drifted:
        return None, None
    return "unknown", "license drift since the lock: " + "; ".join(drifted) + " (review, then run 'licscan lock')"


def modified_text_rule(classification: Classification, kb: KnowledgeBase | None = None) -> tuple[Verdict | None, str | None]:
    """Rule: a modified copy of a known license is unknown until a lawyer reads the changes. When
    the license is one version of a family licscan knows several of, the text may be a version it
    has not seen rather than an altered copy: the reason names the family and its known versions, so
    the reader knows what to look up."""
    if not classification.modified_from:
        return None, None
    finding = next((f for f in classification.findings
                    if f.match.rule_id == classification.modified_from and f.match.status == "modified"), None)
    changes = "; ".join(finding.match.differences[:3]) if finding else ""
    where = finding.file if finding else "the license text"
    reason = (f"modified {classification.modified_from}: {where} differs from the reference text "
              f"({changes or 'text differs'}); needs legal review")
    rule = kb.get(classification.modified_from) if kb is not None else None
    if kb is not None and rule is not None and rule.family:
        versions = sorted(r.id for r in kb.rules if r.family == rule.family and r.kind == "license")
        if len(versions) > 1:
            reason += (f"; it may be an unrecognised version of the {rule.family} licenses "
                       f"(licscan knows {', '.join(versions)})")
    return "unknown", reason


def unknown_license_rule(license_id: str, kb: KnowledgeBase) -> Verdict | None:
    """Rule: a license licscan has no rule for is unknown."""
    return None if kb.get(license_id) is not None else "unknown"


def named_base_rule(verdict: Verdict, ancestors: tuple[Ancestor, ...]) -> tuple[Verdict, list[str]]:
    """Rule: a base known only from words (a `base_model` that is a local path naming a family)
    passes its family's license down, unconfirmed: the verdict is at best conditional, and which
    model that path held is a fact to confirm."""
    named = [a for a in ancestors if a.named_by]
    facts = [f"that the base model '{a.named_by}' is under {a.license_id} (named only by those words)" for a in named]
    if named and verdict == "allowed":
        return "conditional", facts
    return verdict, facts


def undeclared_base_rule(verdict: Verdict, ancestors: tuple[Ancestor, ...]) -> tuple[Verdict, list[str]]:
    """Rule: a base the metadata does not declare but a config.json names ('_name_or_path'), which could not
    be read (not on the Hub, private, offline), leaves the checkpoint at best conditional, not unknown: the
    name is the training library's record, often a local or private name, and the checkpoint's own
    evidence was read; which model it was is the fact to confirm, and declaring base_model settles it."""
    unread = [a for a in ancestors if a.undeclared and a.problem]
    facts = [f"which model {a.repo_id} is ({a.undeclared} of {a.via} names it; it could not be read): declare base_model to settle it"
             for a in unread]
    if unread and verdict == "allowed":
        return "conditional", facts
    return verdict, facts


def unread_undeclared_base(ancestor: Ancestor) -> str:
    return (f"{ancestor.undeclared} of {ancestor.via} names {ancestor.repo_id} as the model it was built from, and it could not be "
            f"read ({ancestor.problem}): the license it passes down is not known; declare base_model to settle it")


def partial_copy_rule(verdict: Verdict, classification: Classification) -> tuple[Verdict, str | None]:
    """Rule (issue 14): a file holding only part of the license that governs is that license, at
    best conditional: the rest of its terms were not read. A license that denies still denies."""
    if any(f.match.status == "partial" and f.match.rule_id == classification.license_id for f in classification.findings):
        return ("conditional" if verdict == "allowed" else verdict), "only part of the text is present: confirm the full license"
    return verdict, None


def unconfirmed_license_rule(verdict: Verdict, confidence: float, license_id: str, basis: str) -> tuple[Verdict, str | None]:
    """Rule: a license not confirmed by its text (card metadata alone below 0.9, prose, words to
    review) is at best conditional; the fact to confirm is that it governs the checkpoint."""
    if verdict == "allowed" and confidence < CONFIRMED:
        if license_id == "unknown":   # no headline license to confirm: which one governs is the fact
            return "conditional", f"which license governs this checkpoint ({basis})"
        return "conditional", f"that {license_id} governs this checkpoint ({basis})"
    return verdict, None


# --- rules about lineage --------------------------------------------------------------------------


def declares_no_license(classification: Classification, evidence: Evidence, inherited: frozenset[str] = frozenset()) -> bool:
    """Whether the checkpoint declares no license of its own: no license, ``unknown``, or ``other``
    with no name, link or license text (a derivative in that state is under its bases' licenses).
    ``inherited``: licenses its bases pass down, which the card's words may also name (a
    `base_model` path naming ChatGLM3) without declaring anything of its own."""
    # Stricter than evaluate's own_license on purpose: any license identified beside the inherited ones (named in
    # the card's prose, a NOTICE or use-policy file) is the checkpoint's own, and it does not take on its bases'
    # licenses wholesale; evaluate asks, of an unread base only, whether the checkpoint declares a license, and
    # does not count words that may name that base's family. base_ids.prose_base_ids asks it of the evidence
    # before classification.
    return (
        classification.license_id == "unknown"
        and set(classification.candidates) <= {"unknown"} | inherited
        and not classification.detected
        and set(classification.declared) <= {"other"}
        and not evidence.card.license_link
        and not evidence.weight_licenses
        and not evidence.fetch_failed
        and not any(f.role != "card" for f in classification.findings)
        # "## License\n\nProprietary", "**License:** Acme Model License": terms of its own, which licscan has not read
        and not classification.own_terms
    )


def inheritance_rule(
    classification: Classification, evidence: Evidence, ancestors: tuple[Ancestor, ...], kb: KnowledgeBase
) -> tuple[list[str], list[str]]:
    """Rule: a derivative that declares no license of its own is under its bases' licenses.
    Returns (the licenses it takes on, the reasons); nothing when it declares its own."""
    # a base only a config.json names that could not be read passes down nothing known (undeclared_base_rule);
    # one that was read is the model the weights were loaded from, and its license is inherited as a declared base's
    ancestors = tuple(a for a in ancestors if not (a.undeclared and a.problem))
    direct = [a for a in ancestors if a.depth == 1]
    if not direct or not declares_no_license(classification, evidence, frozenset(a.license_id for a in direct if not a.problem)):
        return [], []
    reasons = []
    for ancestor in direct:
        rule = kb.get(ancestor.license_id) if not ancestor.problem else None
        family = f"{rule.name} ({rule.id})" if rule else f"an unknown license ({ancestor.problem or ancestor.license_id})"
        reasons.append(f"declares no license of its own; {family} applies through {ancestor.repo_id}")
    return [a.license_id for a in ancestors], reasons


def looser_than_inherited(own: LicenseRule, inherited: LicenseRule, use: str) -> bool:
    """Rule (a conflict): a checkpoint's own license claims more than the license it inherits."""
    grant = VERDICT_SEVERITY     # a deliberately unknown rule (`cc`) answers "unknown"
    return grant[as_verdict(own.grant_for(use))] < grant[as_verdict(inherited.grant_for(use))] or (
        own.category in OPEN_CATEGORIES and inherited.category not in OPEN_CATEGORIES
    )


def denies(rule: LicenseRule | None, use: str) -> bool:
    """Whether a known license denies the use."""
    return rule is not None and as_verdict(rule.grant_for(use)) == "denied"


def headline_license(license_ids: Iterable[str], kb: KnowledgeBase, use: str, modified: str | None = None,
                     stated: Iterable[str] | None = None) -> str:
    """Rule: the headline is the most restrictive known license that applies (inherited ones
    included); a modified text outranks every other; then one that denies the use, of those ``stated``
    (by the checkpoint's metadata, files or card restrictions, or a base that was read: not a family's
    most restrictive version guessed from a name); then a license that could not be determined outranks
    the known ones (the card's declaration stays in ``declared``, its own finding in the basis)."""
    grant = VERDICT_SEVERITY     # a deliberately unknown rule (`cc`) answers "unknown"

    def rank(license_id: str) -> tuple[int, int, int]:
        rule = kb.get(license_id)
        if rule is None or license_id == modified:
            return (3, 9, 1)
        # of equals, a license before a card's restriction ("card-non-commercial"): "released under CC BY-NC 4.0. It is
        # free for non-commercial use" restates the license, which decides with its obligations
        return (grant[as_verdict(rule.grant_for(use))], CATEGORY_RANK[rule.category], 0 if license_id.startswith("card-") else 1)

    ids = list(dict.fromkeys(license_ids))
    eligible = set(ids if stated is None else stated)
    denying = [i for i in ids if i != modified and i in eligible and denies(kb.get(i), use)]
    if denying and modified not in ids:
        # A license that denies the use decides whatever else is unknown (a non-commercial fine-tune of an
        # unreadable base is denied for its own license): it is the license the verdict rests on.
        return max(denying, key=rank)
    if any(kb.get(i) is None for i in ids) and modified not in ids:
        # A license that applies could not be determined (an unreadable base, a name licscan does
        # not know): the most restrictive license is then unknown. Showing the identified one as
        # the headline would make an unknown checkpoint look permissive in every table. (A modified
        # use policy is not among the licenses: it does not make the identified license decide.)
        return "unknown"
    known = [i for i in ids if kb.get(i) is not None]
    return max(known, key=rank) if known else "unknown"


# --- rules about the policy -----------------------------------------------------------------------


def deny_list_rule(rules: list[LicenseRule | None], policy: Policy) -> tuple[Verdict | None, str | None]:
    """Rule: a deny entry denies when any license that applies (inherited ones too) is on it."""
    for rule in rules:
        if rule is not None and (rule.id in policy.deny_licenses or rule.category in policy.deny_categories):
            what = rule.id if rule.id in policy.deny_licenses else f"category {rule.category} ({rule.id})"
            return "denied", f"policy denies {what}"
    return None, None


def allow_list_rule(
    verdict: Verdict, rules: list[LicenseRule | None], policy: Policy, confidence: float, settled: bool,
    facts: tuple[str, ...] = (),
) -> tuple[Verdict, str | None]:
    """Rule: an allow entry settles a conditional verdict only when every license that applies is on
    it, the evidence is complete (or trusted) and the license is confirmed. It never vouches for
    unread evidence, an unknown license, or a license the card's own words contradict; nor does it state the
    project's ``facts`` the licenses' limits ask for (monthly active users, revenue, region: judge_license's
    facts to confirm): approving a license is not knowing the project is under its limits."""
    known = [rule for rule in rules if rule is not None]
    if verdict != "conditional" or not rules or len(known) != len(rules):
        return verdict, None
    if not all(rule.id in policy.allow_licenses or rule.category in policy.allow_categories for rule in known):
        return verdict, None
    names = ", ".join(rule.id for rule in known)
    if not settled:
        return verdict, f"policy allows {names}, but not on incomplete evidence: not applied"
    if confidence < CONFIRMED:
        return verdict, f"policy allows {names}, but the license is not confirmed (see the conflicts): not applied"
    if facts:
        return verdict, (f"policy allows {names}, but not the project's facts its limits ask for: confirm {'; '.join(facts)} "
                         "(give them in the manifest's project): not applied")
    return "allowed", f"policy allows {names}; obligations still apply"


def waiver_rule(policy: Policy, evidence: Evidence, failed: bool, today: str,
                drifted: tuple[str, ...] = ()) -> tuple[Waiver | None, bool, str | None]:
    """Rule: a waiver for this checkpoint (its folder, for a local one; and revision), not expired, accepts a
    failing checkpoint, unless its license evidence changed since the lock (``drifted``): a waiver was approved
    for the evidence legal saw, not for whatever replaced it. So it applies only to a checkpoint whose evidence
    is pinned: by its lock record (drift then tells a change), or, for a Hub repo, by the waiver's revision or the
    manifest's (a commit sha: that commit's files never change).
    Returns (the waiver, whether it was applied, the reason to report)."""
    entry = evidence.entry
    revision = evidence.revision or entry.revision
    for waiver in policy.waivers:
        if not waiver.covers(entry):
            continue
        if waiver.revision and waiver.revision != revision:
            return waiver, False, f"waiver by {waiver.approved_by} is for revision {waiver.revision[:12]}, not {str(revision)[:12]}: not applied"
        if waiver.expired(today):
            return waiver, False, f"waiver by {waiver.approved_by} expired on {waiver.expires}: not applied"
        # a waiver's revision pins only as a commit sha: "main" is whatever the branch holds next (review43)
        if not (waiver.revision and is_commit_sha(waiver.revision)) and entry.lock is None and not (entry.kind == "hub" and entry.is_pinned):
            # nothing pins what was approved: the folder (or the repo's next commit) could hold anything by now
            # (review39: a waiver approved while a folder was unknown went on covering the LLaMA-1 license put there)
            return waiver, False, (f"waiver by {waiver.approved_by} not applied: {entry.ref} is not locked, and a waiver covers "
                                   "only the evidence it was approved for (run 'licscan lock' to record that evidence"
                                   + (", or give the waiver the revision it was approved for)" if entry.kind == "hub" else ")"))
        if drifted:
            return waiver, False, (f"waiver by {waiver.approved_by} not applied: the license evidence changed since the lock "
                                   f"({drifted[0]}), and a waiver covers only the evidence it was approved for (review the "
                                   "change, then run 'licscan lock')")
        return waiver, failed, (f"waived by {waiver.approved_by} until {waiver.expires}: {waiver.reason}" if failed else None)
    return None, False, None


# --- the license's own terms ----------------------------------------------------------------------


def judge_license(rule: LicenseRule, project: Project, evidence: Evidence, reasons: list[str], facts: list[str]) -> Verdict:
    """Rule: the license's grant for the declared use, narrowed by its thresholds and regions."""
    verdict = as_verdict(rule.grant_for(project.use))
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
