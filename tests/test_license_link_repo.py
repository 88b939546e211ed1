"""A card's metadata `license_link` to a file of another Hub model repo (ACC34): official Qwen/Qwen3-4B-MLX-4bit declares
`license: apache-2.0` with `license_link: https://huggingface.co/Qwen/Qwen3-14B/blob/main/LICENSE`. The terms the card
points to are in that file: lineage reads the repo it names (relation `license-link`, pinned by the lock as a base is)
and its bases, and the checkpoint passes only when that file was read; the license read there applies beside the
card's own (the most restrictive decides). A repo that cannot be read, or read without that file, leaves the terms
unknown, as before. Also review31 F4: a link to the id the Hub moved a canonical base to, and a link written with an
owner-less id ("https://huggingface.co/gpt2/blob/main/README.md").

The cards are real (benchmarks/real_cards/cases); only their `license_link` (and, for F4, `base_model`) is set to
another case's repo, served as a fake Hub (tests/test_prose_bases.py `fetch_cases`), the Hub's renames as
benchmarks/real_cards/hub-renames.yaml lists them."""

from __future__ import annotations

from dataclasses import replace

import pytest
import yaml

from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.lock import record_for
from licscan.model import Ancestor, Evidence, ManifestEntry, Project, Result
from tests.test_config_lineage import not_on_the_hub
from tests.test_real_card_gaps import CASES, CLASSIFIER, KB, case_evidence

RENAMES: dict[str, str] = yaml.safe_load((CASES.parent / "hub-renames.yaml").read_text(encoding="utf-8"))
LICENSE_LINK = "license-link"   # base_ids.LICENSE_LINK, spelt out so that the tests run (and fail) before it existed
QWEN3_MLX = "Qwen__Qwen3-4B-MLX-4bit"   # license: apache-2.0, LICENSE (Apache 2.0), license_link to Qwen/Qwen3-14B's LICENSE


def fetch(entry: ManifestEntry) -> Evidence:
    """The cases as a Hub: a repo with a case folder is read from it (a moved id from its new id's folder, the
    evidence under the id asked for, as HubSource returns it after the Hub's redirect); any other is not on the Hub."""
    folder = RENAMES.get(entry.ref, entry.ref).replace("/", "__", 1)
    return replace(case_evidence(folder), entry=entry) if (CASES / folder).is_dir() else not_on_the_hub(entry)


def judged(evidence: Evidence) -> tuple[Result, tuple[Ancestor, ...]]:
    lineage = Lineage(fetch, CLASSIFIER)
    lineage.prefetch([evidence])
    ancestors = lineage.ancestors(evidence)
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), ancestors), ancestors


def linked(folder: str, link: str, base_model: str | None = None) -> Evidence:
    evidence = case_evidence(folder)
    card = replace(evidence.card, license_link=link, base_models=(base_model,) if base_model else evidence.card.base_models)
    return replace(evidence, card=card)


def test_the_real_card_links_a_repo_that_is_no_case_which_its_own_text_and_the_family_data_settle():
    # acc63: the repo could not be read, but the checkpoint's own LICENSE is the Apache-2.0 it declares and Qwen's
    # Qwen3 models are under Apache-2.0 (families.yaml): the unread file cannot say otherwise (a note says so)
    result, ancestors = judged(case_evidence(QWEN3_MLX))
    assert [(a.repo_id, a.relation) for a in ancestors] == [("Qwen/Qwen3-14B", LICENSE_LINK)]
    assert result.verdict == "allowed", result.reasons
    assert any("points to LICENSE of another repository, Qwen/Qwen3-14B, which licscan could not read "
               "(Qwen/Qwen3-14B: repository not found)" in r and "family data" in r for r in result.reasons), result.reasons


def test_the_real_card_linking_an_unread_repo_of_a_version_under_other_terms_stays_unknown():
    # Qwen/Qwen2.5-Coder-3B-Instruct (no case here): the Qwen Research license by the family data, not the Apache-2.0 declared
    result, ancestors = judged(linked(QWEN3_MLX, "https://huggingface.co/Qwen/Qwen2.5-Coder-3B-Instruct/blob/main/LICENSE"))
    assert [(a.repo_id, a.relation) for a in ancestors] == [("Qwen/Qwen2.5-Coder-3B-Instruct", LICENSE_LINK)]
    assert result.verdict == "unknown", result.reasons
    assert any("which licscan could not read (Qwen/Qwen2.5-Coder-3B-Instruct: repository not found)" in r for r in result.reasons)


def test_a_link_to_another_qwen_repos_apache_license_is_read_and_the_checkpoint_is_allowed():
    # Qwen/Qwen2-7B-Instruct-GGUF: license: apache-2.0 and the Apache License 2.0 as LICENSE, no base
    result, ancestors = judged(linked(QWEN3_MLX, "https://huggingface.co/Qwen/Qwen2-7B-Instruct-GGUF/blob/main/LICENSE"))
    assert [(a.repo_id, a.relation, a.license_id, a.problem) for a in ancestors] == [
        ("Qwen/Qwen2-7B-Instruct-GGUF", LICENSE_LINK, "apache-2.0", None)]
    assert result.verdict == "allowed", result.reasons
    assert any("through the card's license_link to Qwen/Qwen2-7B-Instruct-GGUF" in r for r in result.reasons)


def test_twin_a_link_to_another_repos_non_commercial_license_denies_whatever_the_checkpoints_own_apache_license():
    # Qwen/Qwen1.5-0.5B-Chat: its LICENSE is the Tongyi Qianwen RESEARCH LICENSE AGREEMENT (non-commercial). Same
    # publisher, and the checkpoint ships an Apache LICENSE of its own: the file the card points to decides
    result, ancestors = judged(linked(QWEN3_MLX, "https://huggingface.co/Qwen/Qwen1.5-0.5B-Chat/blob/main/LICENSE"))
    assert [(a.repo_id, a.relation, a.license_id) for a in ancestors] == [
        ("Qwen/Qwen1.5-0.5B-Chat", LICENSE_LINK, "tongyi-qianwen-research")]
    assert result.verdict == "denied"
    assert result.classification.license_id == "tongyi-qianwen-research"


def test_the_linked_repos_own_bases_are_read_as_a_bases_are():
    # Qwen/Qwen3-4B (a case, Apache LICENSE) declares base_model Qwen/Qwen3-4B-Base, which is not on this Hub: the
    # linked repo's terms as licscan judges any repo are not settled, so neither are the checkpoint's
    result, ancestors = judged(linked(QWEN3_MLX, "https://huggingface.co/Qwen/Qwen3-4B/blob/main/LICENSE"))
    assert [(a.repo_id, a.relation, a.depth) for a in ancestors] == [
        ("Qwen/Qwen3-4B", LICENSE_LINK, 1), ("Qwen/Qwen3-4B-Base", "base", 2)]
    assert ancestors[1].problem and result.verdict == "unknown"


@pytest.mark.parametrize("link", [
    "https://huggingface.co/Qwen/Qwen2-7B-Instruct-GGUF/blob/main/LICENSE.pdf",    # read, but it has no such file
    "https://huggingface.co/datasets/Qwen/Qwen2-7B-Instruct-GGUF/blob/main/LICENSE",   # a dataset's: not read
])
def test_a_link_whose_file_licscan_did_not_read_leaves_the_terms_unknown(link):
    result, ancestors = judged(linked(QWEN3_MLX, link))
    assert result.verdict == "unknown"
    assert any("the terms the card points to are unknown" in r for r in result.reasons), result.reasons
    assert all(a.problem for a in ancestors)


def test_the_lock_pins_the_linked_repo_as_it_pins_a_base_and_a_check_reads_it_at_that_commit():
    evidence = linked(QWEN3_MLX, "https://huggingface.co/Qwen/Qwen2-7B-Instruct-GGUF/blob/main/LICENSE")
    result, _ = judged(evidence)
    pinned = "a" * 40
    with_revision = replace(result, ancestors=tuple(replace(a, revision=pinned) for a in result.ancestors))
    assert record_for(with_revision).base_models == (f"Qwen/Qwen2-7B-Instruct-GGUF@{pinned}",)
    asked: list[ManifestEntry] = []
    lineage = Lineage(lambda entry: asked.append(entry) or fetch(entry), CLASSIFIER, pinned={"Qwen/Qwen2-7B-Instruct-GGUF": pinned})
    lineage.prefetch([evidence])
    assert [(e.ref, e.revision) for e in asked] == [("Qwen/Qwen2-7B-Instruct-GGUF", pinned)]


@pytest.mark.parametrize(("base", "link"), [
    # review31 F4 (a): the card spells its base by the owner-less id, the link by the id the Hub moved it to
    ("bert-base-uncased", "https://huggingface.co/google-bert/bert-base-uncased/blob/main/LICENSE"),
    ("gpt2", "https://huggingface.co/openai-community/gpt2/blob/main/README.md"),
    # (b): the link itself written with the owner-less id
    ("bert-base-uncased", "https://huggingface.co/bert-base-uncased/blob/main/LICENSE"),
    ("gpt2", "https://huggingface.co/gpt2/blob/main/README.md"),
])
def test_a_link_to_a_moved_canonical_base_is_read(base, link):
    # Spartan-71/test_trainer: the Trainer's card, license: apache-2.0, base_model: bert-base-uncased
    result, ancestors = judged(linked("Spartan-71__test_trainer", link, base_model=base))
    assert result.verdict == "allowed", result.reasons
    assert not any(a.problem for a in ancestors)


def test_a_link_with_an_owner_less_id_to_a_repo_that_is_not_a_base_is_read_too():
    result, ancestors = judged(linked(QWEN3_MLX, "https://huggingface.co/gpt2/blob/main/README.md"))
    assert [(a.repo_id, a.relation, a.license_id) for a in ancestors] == [("gpt2", LICENSE_LINK, "mit")]
    assert result.verdict == "allowed", result.reasons
