"""A use policy that comes with one license only: the Meta Llama 3 Acceptable Use Policy ships only with Llama 3's
weights, under the Llama 3 license that incorporates it, as each Llama version's policy does with its own license
(rules: the one license whose ``use_policies`` lists it). A checkpoint whose files hold such a policy's text
(USE_POLICY.md) is under that license, as it would be if its card named that version: the license's limits apply
(the Llama MAU threshold), and an open license the card declares or a license file beside it ("license: apache-2.0")
is a conflict, not what the weights are under.

A policy several licenses list (the Llama 2 policy: Llama 2 and Stable Beluga; the Gemma Prohibited Use Policy:
three dated Gemma Terms) says no one license, and one no license lists (Cohere's, Code Llama's, gpt-oss's) none:
both stay use policies beside what applies. A license of the policy's own family already applying (a Llama 3.1 license
beside the Llama 3 policy a fine-tune copied) settles which version it is."""

from __future__ import annotations

from ...matcher import Matcher
from ...model import Evidence
from ...rules import KnowledgeBase, LicenseRule
from ..candidates import METADATA_CONFIDENCE, Candidate, EvidenceStrategy, Reading, Remark, SoFar


def the_one_license(kb: KnowledgeBase) -> dict[str, LicenseRule]:
    """Each use policy that exactly one license lists in its ``use_policies``, with that license."""
    listing: dict[str, list[LicenseRule]] = {}
    for rule in kb.rules:
        if rule.kind == "license":
            for policy in rule.use_policies:
                listing.setdefault(policy, []).append(rule)
    return {policy: rules[0] for policy, rules in listing.items() if len(rules) == 1}


class UsePolicyLicenses(EvidenceStrategy):
    name = "use policies that come with one license"

    def __init__(self, kb: KnowledgeBase, matcher: Matcher):
        super().__init__(kb, matcher)
        self.license_of = the_one_license(kb)

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        found = [c for c in so_far.candidates if c.role == "use-policy" and c.license_id in self.license_of and c.finding is not None]
        if not found:
            return Reading(self.name)
        applying = so_far.applying()
        families = {rule.family for rule in (self.kb.get(i) for i in applying) if rule is not None and rule.family}
        candidates: list[Candidate] = []
        remarks: list[Remark] = []
        for policy in found:
            rule = self.license_of[policy.license_id]
            assert policy.finding is not None
            if rule.id in applying or (rule.family and rule.family in families) or any(c.license_id == rule.id for c in candidates):
                continue   # the license, or another version of its line, applies already: it says which
            where = policy.finding.file
            candidates.append(Candidate(rule.id, "file-names", "governs", METADATA_CONFIDENCE,
                                        f"{where} is the {policy.license_id} text, which comes only with {rule.id}", policy.finding))
            others = [i for i in applying if i != rule.id]
            if others:
                remarks.append(Remark("conflict", f"{where} is the {policy.license_id} text, which comes only with {rule.id} "
                                                  f"({rule.name}), but the checkpoint declares or ships {', '.join(others)}: "
                                                  f"{rule.id} applies"))
            else:
                remarks.append(Remark("note", f"{where} is the {policy.license_id} text, which comes only with {rule.id}: "
                                              f"{rule.id} applies"))
        return Reading(self.name, candidates=tuple(candidates), remarks=tuple(remarks))
