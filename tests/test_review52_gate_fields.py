"""Review52: an access gate whose fields are written out as a list ({name, label, type}) had its labels unread, and
"I will only use the model for non-commercial academic research" (a hyphenated word between "for" and "research")
and "You will only use the model for non-commercial purposes" stated no terms licscan read: beside an MIT LICENSE
(the corpus text) the checkpoint passed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from licscan.evaluate import Evaluator
from licscan.model import ManifestEntry, Project
from licscan.sources.local import LocalSource
from tests.test_real_card_gaps import CLASSIFIER, KB

MIT = Path(__file__).resolve().parents[2] / "shared" / "license-corpus" / "mit.txt"


def _verdict(tmp_path: Path, front: str) -> tuple[str, str]:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "README.md").write_text(f"---\nlicense: mit\n{front}---\n\n# Acme-7B\n\nA 7B text model.\n", encoding="utf-8")
    shutil.copy(MIT, folder / "LICENSE")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref="m", kind="local", line=1))
    result = Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), ())
    return result.verdict, result.classification.category


@pytest.mark.parametrize("front", [
    "extra_gated_fields:\n  - name: use\n    label: I will only use the model for non-commercial academic research\n    type: checkbox\n",
    "extra_gated_fields:\n  I will only use the model for non-commercial academic research: checkbox\n",
    "extra_gated_fields:\n  You will only use the model for non-commercial purposes: checkbox\n",
    "extra_gated_prompt: I agree to solely use the weights for non-commercial projects.\n",
])
def test_a_gate_field_limiting_use_to_non_commercial_research_is_read(tmp_path, front):
    assert _verdict(tmp_path, front) == ("denied", "non-commercial")


@pytest.mark.parametrize("front", [
    "extra_gated_fields:\n  - name: org\n    label: Organisation\n    type: text\n",
    "extra_gated_prompt: I will not only use the model for non-commercial purposes but also for commercial ones.\n",
])
def test_a_gate_asking_nothing_of_the_use_is_no_term(tmp_path, front):
    assert _verdict(tmp_path, front) == ("allowed", "permissive")
