"""Evaluation rules that need no fetching: inheritance with policy lists, regions, thresholds."""

from __future__ import annotations

from licscan.evaluate import Evaluator
from licscan.model import Ancestor, Classification, Evidence, ManifestEntry, Project
from licscan.policy import Policy
from licscan.rules import load_knowledge_base
from licscan.sources.common import card_metadata

KB = load_knowledge_base()
ENTRY = ManifestEntry(ref="acme/ft", kind="hub", line=3)


def classified(license_id: str) -> Classification:
    rule = KB.get(license_id)
    return Classification(license_id=license_id, category=rule.category, confidence=1.0, basis="test",
                          candidates=(license_id,), use_policies=rule.use_policies)


def evidence(**card) -> Evidence:
    return Evidence(entry=ENTRY, source="hub", revision="a" * 40, card=card_metadata(card))


LLAMA_BASE = Ancestor("meta-llama/Llama-3.1-8B", "finetune", 1, "llama3.1", "llama-community", "b" * 40, "acme/ft")


def test_deny_list_reaches_inherited_licenses():
    evaluator = Evaluator(KB, Project("p", "commercial", monthly_active_users=10), Policy(deny_licenses=("llama3.1",)))
    result = evaluator.evaluate(evidence(license="apache-2.0"), classified("apache-2.0"), (LLAMA_BASE,))
    assert result.verdict == "denied" and result.failed
    assert "policy denies llama3.1" in result.reasons


def test_allow_list_must_cover_every_inherited_license():
    evaluator = Evaluator(KB, Project("p", "commercial", monthly_active_users=10), Policy(allow_licenses=("apache-2.0",)))
    result = evaluator.evaluate(evidence(license="apache-2.0"), classified("apache-2.0"), (LLAMA_BASE,))
    assert result.verdict == "conditional"
    assert any(r.startswith("conflict: declares apache-2.0 (permissive) but inherits llama3.1") for r in result.reasons)


def test_eu_region_and_llama_3_2_use_policy():
    evaluator = Evaluator(KB, Project("p", "commercial", monthly_active_users=10, region="EU"))
    result = evaluator.evaluate(evidence(license="llama3.2"), classified("llama3.2"))
    assert result.verdict == "conditional"
    assert any("EU" in fact for fact in result.facts_to_confirm)
    gated_eu = evaluator.evaluate(evidence(license="llama3.2", extra_gated_eu_disallowed=True), classified("llama3.2"))
    assert gated_eu.verdict == "denied"


def test_revenue_threshold_for_stability_community():
    under = Evaluator(KB, Project("p", "commercial", annual_revenue_usd=999_999)).evaluate(evidence(), classified("stability-community"))
    over = Evaluator(KB, Project("p", "commercial", annual_revenue_usd=1_000_001)).evaluate(evidence(), classified("stability-community"))
    unknown = Evaluator(KB, Project("p", "commercial")).evaluate(evidence(), classified("stability-community"))
    assert under.verdict == "conditional" and not under.facts_to_confirm
    assert over.verdict == "denied"
    assert unknown.verdict == "conditional" and any("annual_revenue_usd" in f for f in unknown.facts_to_confirm)


def test_tongyi_qianwen_user_threshold():
    over = Evaluator(KB, Project("p", "commercial", monthly_active_users=150_000_000)).evaluate(evidence(), classified("tongyi-qianwen"))
    assert over.verdict == "denied" and any("100,000,000" in r for r in over.reasons)
