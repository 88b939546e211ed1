"""licscan/exit_status.py: 0, 1 or 3 from the results of a run. 3 (the Hub could not be read; CI may
retry) only when every failing checkpoint failed because its own Hub repository could not be read,
never when a license decided. Results come from licscan's own pipeline on the bundled example (real
license texts) and from the Evaluator on evidence the Hub source reports for an unreadable repo.
(Through the CLI, against the fake Hub: tests/test_reliability_network.py.)"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from licscan.classify import Classifier
from licscan.evaluate import Evaluator
from licscan.exit_status import EXIT_HUB_UNREADABLE, EXIT_OK, EXIT_VIOLATION, gate_status, hub_unreadable
from licscan.manifest import parse_manifest
from licscan.model import Evidence, LockedFile, LockRecord, ManifestEntry, Report
from licscan.pipeline import Options, Scanner
from licscan.sources.common import card_metadata

ROOT = Path(__file__).resolve().parents[1]
SHA = "a" * 40


@pytest.fixture(scope="module")
def example() -> Report:
    """The bundled example: MIT allowed, Llama 3.1 conditional, CC-BY-NC-4.0 denied for commercial use."""
    manifest, _ = parse_manifest(ROOT / "examples" / "models.lock")
    return Scanner(options=Options(jobs=1)).run(manifest)


def hub_result(example: Report, **fields):
    """A Hub checkpoint as the Hub source reports it when ``fields`` went wrong, judged for the example's project."""
    kb = load_kb(example)
    entry = ManifestEntry("acme/model", "hub", 12, revision=SHA, lock=fields.pop("lock", None))
    evidence = Evidence(entry=entry, source="hub", revision=SHA, card=card_metadata({"license": "mit"}), **fields)
    return Evaluator(kb, example.project).evaluate(evidence, Classifier(kb).classify(evidence))


def load_kb(example: Report):
    from licscan.rules import load_knowledge_base

    kb = load_knowledge_base()
    assert kb.version == example.rules_version
    return kb


def only(example: Report, *results) -> Report:
    return replace(example, results=tuple(results))


def test_the_example_fails_on_its_non_commercial_checkpoint(example):
    assert [r.verdict for r in example.results] == ["allowed", "conditional", "denied"]
    assert gate_status([example]) == EXIT_VIOLATION
    assert gate_status([only(example, *example.results[:2])]) == EXIT_OK   # conditional passes by default


def test_an_unreadable_hub_repo_alone_is_3_and_with_a_denied_checkpoint_1(example):
    not_found = hub_result(example, complete=False, fetch_failed=True, problems=("acme/model: repository not found",))
    assert not_found.verdict == "unknown" and hub_unreadable(not_found)
    assert gate_status([only(example, example.results[0], not_found)]) == EXIT_HUB_UNREADABLE
    assert gate_status([only(example, not_found, example.results[2])]) == EXIT_VIOLATION
    # across the reports of one run (several manifests), the same rule
    assert gate_status([only(example, not_found), only(example, example.results[2])]) == EXIT_VIOLATION


def test_a_gated_repo_whose_files_were_refused_is_3(example):
    gated = hub_result(example, complete=False, gated=True, problems=("LICENSE: gated, not readable without access (HF_TOKEN)",))
    assert gated.verdict == "unknown" and hub_unreadable(gated)
    assert gate_status([only(example, gated)]) == EXIT_HUB_UNREADABLE


def test_drift_and_local_folders_are_never_blamed_on_the_hub(example):
    lock = LockRecord("apache-2.0", (LockedFile("LICENSE", "0" * 64),))
    drifted = hub_result(example, complete=False, fetch_failed=False, gated=True, lock=lock,
                         problems=("LICENSE: gated, not readable without access (HF_TOKEN)",))
    assert drifted.verdict == "unknown" and drifted.drift and not hub_unreadable(drifted)
    assert gate_status([only(example, drifted)]) == EXIT_VIOLATION
    local_unknown = replace(example.results[0], verdict="unknown", failed=True)
    assert not hub_unreadable(local_unknown)
    assert gate_status([only(example, local_unknown)]) == EXIT_VIOLATION
