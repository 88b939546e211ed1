"""The lineage readers' remembered answers (issue 17, speed11) are the answers computed afresh.

lineage_licenses keeps family_ids, later_ids and dated_texts_of per knowledge base (each walked every rule, ~10
times a checkpoint); base_families.Family computes its hash once; published_by_its_family keeps its last answer.
Checked on every family of the shipped card words and every rule of the shipped knowledge base, asked twice, and
with a second knowledge base that lacks a family's dated text (its own answers, not the first one's).
"""

from __future__ import annotations

import dataclasses

from licscan.classify.card_words import load_card_words
from licscan.classify.strategies import lineage_licenses
from licscan.classify.strategies.families_named import families_named, published_by_its_family
from licscan.classify.strategies.lineage_licenses import dated_texts_of, family_ids, later_ids
from licscan.rules import KnowledgeBase, load_knowledge_base


def fresh_dated(kb: KnowledgeBase, one) -> set[str]:
    return {one.id} | {rule.id for rule in kb.rules if rule.family and rule.family == one.family
                       and (rule.id.startswith(one.id + "-") or one.id.startswith(rule.id + "-"))}


def fresh_family_ids(kb: KnowledgeBase, family) -> set[str]:
    ids = {i for version in family.versions for i in version.licenses} | set(family.default) | set(family.later_licenses)
    listed = [rule for rule in (kb.get(i) or kb.by_name(i) for i in ids) if rule is not None]
    return {rule.id for rule in listed}.union(*(fresh_dated(kb, rule) for rule in listed))


def fresh_later_ids(kb: KnowledgeBase, family) -> set[str]:
    listed = {i for version in family.versions for i in version.licenses} | set(family.default)
    later = [rule for rule in (kb.get(i) or kb.by_name(i) for i in family.later_licenses if i not in listed) if rule is not None]
    return set().union(*(fresh_dated(kb, rule) for rule in later)) - listed


def test_remembered_family_licenses_are_the_computed_ones_per_knowledge_base():
    kb = load_knowledge_base()
    families = load_card_words().families
    assert any(later_ids(kb, family) for family in families)   # the shipped words have later licenses to remember
    for _ in range(2):
        for family in families:
            assert family_ids(kb, family) == fresh_family_ids(kb, family), family.family
            assert later_ids(kb, family) == fresh_later_ids(kb, family), family.family
        for rule in kb.rules:
            assert dated_texts_of(kb, rule) == fresh_dated(kb, rule), rule.id
    # another knowledge base without the dated texts of a family: its own answers, not the first one's
    dated = next(rule for rule in kb.rules if rule.family and len(fresh_dated(kb, rule)) > 1)
    others = fresh_dated(kb, dated) - {dated.id}
    smaller = dataclasses.replace(kb, rules=tuple(rule for rule in kb.rules if rule.id not in others))
    assert dated_texts_of(smaller, dated) == {dated.id} == fresh_dated(smaller, dated)
    assert dated_texts_of(kb, dated) == fresh_dated(kb, dated) != {dated.id}
    for family in families:
        assert family_ids(smaller, family) == fresh_family_ids(smaller, family), family.family
    assert len(lineage_licenses._MEMOS) <= 4


def test_a_family_hashes_as_its_fields_do_and_equals_its_copy():
    for family in load_card_words().families:
        fields = tuple(getattr(family, field.name) for field in dataclasses.fields(family))
        copy = dataclasses.replace(family)
        assert hash(family) == hash(fields) == hash(copy)
        assert copy == family and copy is not family
        assert {family: 1}[copy] == 1


def test_the_publisher_answer_kept_is_the_one_computed():
    words = load_card_words()

    def fresh(repo: str) -> bool:
        owner = repo.partition("/")[0].lower()
        return any(owner in family.publishers for family in families_named(words, [(repo, repo)]))

    repos = ["mistralai/Mistral-7B-Instruct-v0.3", "Salesforce/LLaMA-3-8B-SFR-Iterative-DPO-R", "meta-llama/Llama-3.1-8B",
             "someone/llama-3.1-8b-sft", "Qwen/Qwen2.5-7B", "acme/model"]
    answers = [fresh(repo) for repo in repos]
    assert True in answers and False in answers
    for repo, answer in [*zip(repos, answers, strict=True), *zip(repos, answers, strict=True),
                         *zip(reversed(repos), reversed(answers), strict=True)]:
        assert published_by_its_family(repo) is answer, repo
        assert published_by_its_family(repo) is answer, repo
