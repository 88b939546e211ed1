"""Family versions read as a restricted base that their own license does not restrict (review30 A6, acc33):
rules/card-words/families.yaml.

- GLM-4-32B-0414 and GLM-4.5-Air (THUDM's GLM-4-0414 series and zai-org's GLM-4.5: MIT) were read as the glm-4-9b Model
  License, which covers the GLM-4-9B models (glm-4-9b, -chat, -chat-1m, glm-4v-9b) only;
- InternLM3-8B-Instruct (Apache-2.0 from its release) was read as the earlier InternLM terms (commercial use by application);
- "Qwen_QwQ-32B" (bartowski's owner_name naming) and "QwQ-32B by Qwen" were read as an unversioned Qwen (the research
  license): QwQ-32B and QwQ-32B-Preview are Apache-2.0;
- "Codestral-Mamba-7B" was read as Codestral 22B's MNPL: Mamba-Codestral-7B-v0.1 is Apache-2.0.

Each card is a local folder with the repro's front matter and heading (bartowski's "## Llamacpp imatrix Quantizations of
<model> by <owner>"), named as the repro's folder; the twins keep the restricted reading: a GLM-4-9B model, an InternLM2.5,
an unversioned or 3B Qwen2.5, Codestral 22B.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.classify import Classifier
from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.model import ManifestEntry, Project, Result
from licscan.rules import load_knowledge_base
from licscan.sources.local import LocalSource
from tests.test_lineage_round11 import not_on_the_hub

KB = load_knowledge_base()
CLASSIFIER = Classifier(KB)
COMMERCIAL = Evaluator(KB, Project(name="p", use="commercial"), today="2026-12-06")


def judge(tmp_path: Path, name: str, license_id: str, body: str) -> Result:
    """The commercial-use result of a local folder whose card declares ``license_id`` and says ``body``."""
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(f"---\nlicense: {license_id}\nquantized_by: bartowski\npipeline_tag: text-generation\n---\n\n"
                                      f"{body}\n", encoding="utf-8")
    evidence = LocalSource(tmp_path, str(tmp_path / "models.lock")).fetch(ManifestEntry(name, "local", 1))
    lineage = Lineage(not_on_the_hub, CLASSIFIER)
    lineage.prefetch([evidence])
    return COMMERCIAL.evaluate(evidence, CLASSIFIER.classify(evidence), lineage.ancestors(evidence))


def ids(result: Result) -> set[str]:
    return set(result.classification.candidates) | {result.classification.license_id}


@pytest.mark.parametrize(("name", "license_id", "body", "own"), [
    ("GLM-4-32B-0414-GGUF", "mit", "## Llamacpp imatrix Quantizations of GLM-4-32B-0414 by THUDM", "mit"),
    ("THUDM_GLM-4-9B-0414-GGUF", "mit", "## Llamacpp imatrix Quantizations of GLM-4-9B-0414 by THUDM", "mit"),
    ("GLM-4.5-Air-GGUF", "mit", "## Llamacpp imatrix Quantizations of GLM-4.5-Air by zai-org", "mit"),
    ("internlm3-8b-instruct-gguf", "apache-2.0", "# InternLM3-8B-Instruct GGUF Model\n\nGGUF quants of internlm3-8b-instruct.",
     "apache-2.0"),
    ("Qwen_QwQ-32B-GGUF", "apache-2.0", "## Llamacpp imatrix Quantizations of QwQ-32B by Qwen", "apache-2.0"),
    ("QwQ-32B-Preview-GGUF", "apache-2.0", "## Llamacpp imatrix Quantizations of QwQ-32B-Preview by Qwen", "apache-2.0"),
    ("Codestral-Mamba-7B-GGUF", "apache-2.0", "## Llamacpp imatrix Quantizations of Codestral-Mamba-7B by mistralai", "apache-2.0"),
])
def test_a_later_version_under_the_cards_own_license_is_allowed(tmp_path: Path, name: str, license_id: str, body: str,
                                                                own: str) -> None:
    result = judge(tmp_path, name, license_id, body)
    assert result.verdict == "allowed", (result.verdict, result.reasons)
    assert ids(result) == {own}, result.reasons


@pytest.mark.parametrize(("name", "license_id", "body", "restricted", "verdict"), [
    ("glm4-chat-tuned", "mit", "# GLM4 chat tuned\n\nFine-tuned from glm-4-9b-chat on our support tickets.",
     "glm-4-9b-license", "conditional"),
    ("glm-4v-9b-GGUF", "mit", "## Llamacpp imatrix Quantizations of glm-4v-9b by THUDM", "glm-4-9b-license", "conditional"),
    ("GLM-4-GGUF", "mit", "## Llamacpp imatrix Quantizations of GLM-4 by THUDM", "glm-4-9b-license", "conditional"),
    ("internlm2_5-7b-chat-gguf", "apache-2.0", "# InternLM2.5-7B-Chat GGUF Model\n\nGGUF quants of internlm2_5-7b-chat.",
     "internlm-model-license", "conditional"),
    ("Qwen_Qwen2.5-3B-Instruct-GGUF", "apache-2.0", "## Llamacpp imatrix Quantizations of Qwen2.5-3B-Instruct by Qwen",
     "qwen-research", "denied"),
    ("Qwen-tuned", "apache-2.0", "# Qwen tuned\n\nFine-tuned from Qwen on our support tickets.", "tongyi-qianwen-research",
     "denied"),
    ("Codestral-22B-v0.1-GGUF", "apache-2.0", "## Llamacpp imatrix Quantizations of Codestral-22B-v0.1 by mistralai",
     "mistral-non-production-license", "denied"),
])
def test_the_restricted_version_keeps_its_license(tmp_path: Path, name: str, license_id: str, body: str, restricted: str,
                                                  verdict: str) -> None:
    result = judge(tmp_path, name, license_id, body)
    assert restricted in ids(result), result.reasons
    assert result.verdict == verdict, (result.verdict, result.reasons)
