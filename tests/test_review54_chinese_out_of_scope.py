"""Review54: an Out-of-Scope section written in Chinese ("### 不适用场景" / "- 商业用途") was not read: its heading and item
have no Latin letters, and the section reader folds them to Latin letters first. An Apache card (the corpus LICENSE
text) listing commercial use as out of scope is then under a non-commercial term, as in English; other uses listed
there are no term."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from licscan.evaluate import Evaluator
from licscan.model import ManifestEntry, Project
from licscan.sources.local import LocalSource
from tests.test_real_card_gaps import CLASSIFIER, KB

APACHE = Path(__file__).resolve().parents[2] / "shared" / "license-corpus" / "apache-2.0.txt"


def _verdict(tmp_path: Path, section: str) -> str:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "README.md").write_text(f"---\nlicense: apache-2.0\n---\n\n# Acme-7B\n\n一个 7B 文本模型。\n\n{section}\n",
                                      encoding="utf-8")
    shutil.copy(APACHE, folder / "LICENSE")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref="m", kind="local", line=1))
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), ()).verdict


@pytest.mark.parametrize("section", ["### 不适用场景\n\n- 商业用途\n  - 包括付费 API", "### 禁止用途\n\n- 医疗诊断\n- 商用"])
def test_commercial_use_listed_out_of_scope_in_chinese_is_a_term(tmp_path, section):
    assert _verdict(tmp_path, section) == "denied"


@pytest.mark.parametrize("section", ["### 不适用场景\n\n- 医疗诊断\n- 法律建议", "### 使用场景\n\n- 商业用途"])
def test_other_uses_out_of_scope_or_commercial_use_in_scope_is_no_term(tmp_path, section):
    assert _verdict(tmp_path, section) == "allowed"
