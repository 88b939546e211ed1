"""acc63: real-card misses where the words are plain.

1. nvidia/Llama-3.1-Nemotron-Nano-8B-v1 (`license: other`, `license_name: nvidia-open-model-license`): "a large language
   model (LLM) which is a derivative of [Meta Llama-3.1-8B-Instruct](https://huggingface.co/meta-llama/Llama-3.1-8B-
   Instruct)": the repo it was made from, followed as other prose sources are (its terms, and its own bases', apply beside
   NVIDIA's; an unread one leaves them unknown). Only the family's name was read before: a CC BY-NC repo so linked passed.

2. False blocks: Qwen/Qwen3-4B-MLX-4bit (`license: apache-2.0`, an Apache-2.0 LICENSE of its own, `license_link` to
   Qwen/Qwen3-14B's LICENSE, a repo the set does not have) and unsloth/Qwen3-Next-80B-A3B-Instruct-GGUF (`license:
   apache-2.0`, `license_link` to the LICENSE of its declared base Qwen/Qwen3-Next-80B-A3B-Instruct, whose read card
   declares apache-2.0 and which has no LICENSE file in the copy). The evidence settles what the unread file says; a link
   to a repo of another license, another owner's repo, or without the checkpoint's own text, stays unknown.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_lineage_round11 import hub, judged, local
from tests.test_real_card_gaps import CASES


def _files(case_name: str) -> Path:
    return CASES / case_name / "files"


MLX = "Qwen__Qwen3-4B-MLX-4bit"
MLX_LINK = "https://huggingface.co/Qwen/Qwen3-14B/blob/main/LICENSE"
GGUF = "unsloth__Qwen3-Next-80B-A3B-Instruct-GGUF"
GGUF_BASE = "Qwen/Qwen3-Next-80B-A3B-Instruct"


def _copy(tmp_path: Path, case_name: str, old: str | None = None, new: str = "", keep_license: bool = True) -> Path:
    """The case's real files in tmp_path, with one string of its card (which it must have) replaced."""
    for path in _files(case_name).iterdir():
        if keep_license or path.name == "README.md":
            shutil.copyfile(path, tmp_path / path.name)
    if old is not None:
        card = (tmp_path / "README.md").read_text(encoding="utf-8")
        assert old in card, old
        (tmp_path / "README.md").write_text(card.replace(old, new), encoding="utf-8")
    return tmp_path


# --- 1. "a derivative of [X](hub)" -----------------------------------------------------------------------------------

NEMOTRON = "nvidia__Llama-3.1-Nemotron-Nano-8B-v1"
DERIVED = ("which is a derivative of [Meta Llama-3.1-8B-Instruct](https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct)")
LLAMA = {"meta-llama/Llama-3.1-8B-Instruct": _files("meta-llama__Llama-3.1-8B-Instruct"),
         # its base_model, which the Hub serves at its new id (the set's copy of meta-llama/Llama-3.1-8B)
         "meta-llama/Meta-Llama-3.1-8B": _files("meta-llama__Llama-3.1-8B")}
NC = _files("facebook__nllb-200-1.3B")   # license: cc-by-nc-4.0 (a real card of the set; denied)


def test_a_derivative_of_a_linked_hub_repo_is_under_that_repos_terms():
    assert DERIVED in (_files(NEMOTRON) / "README.md").read_text(encoding="utf-8")
    evidence = local(_files(NEMOTRON), "nvidia/Llama-3.1-Nemotron-Nano-8B-v1")
    result = judged(evidence, hub(LLAMA))
    assert ("meta-llama/Llama-3.1-8B-Instruct", "llama3.1") in [(a.repo_id, a.license_id) for a in result.ancestors]
    assert "llama3.1" in result.classification.candidates or any("inherits llama3.1" in r for r in result.reasons), result.reasons
    assert (result.verdict, result.failed) == ("conditional", False), result.reasons
    # the linked repo unread (not on this Hub): what it passes down is unknown, fail closed
    unread = judged(evidence, hub({}))
    assert unread.verdict == "unknown" and unread.failed, unread.reasons


def test_a_derivative_of_a_linked_non_commercial_repo_is_denied(tmp_path):
    # the NLLB card served under a name no family names (its own name would be read as the NLLB family's)
    folder = _copy(tmp_path, NEMOTRON, DERIVED, "which is a derivative of [Reference-8B](https://huggingface.co/acme/reference-8b)")
    result = judged(local(folder, "nvidia/Llama-3.1-Nemotron-Nano-8B-v1"), hub({"acme/reference-8b": NC}))
    assert (result.verdict, result.failed) == ("denied", True), result.reasons


def test_not_a_derivative_of_a_linked_repo_names_no_source(tmp_path):
    folder = _copy(tmp_path, NEMOTRON, DERIVED,
                   "which is not a derivative of [Reference-8B](https://huggingface.co/acme/reference-8b)")
    result = judged(local(folder, "nvidia/Llama-3.1-Nemotron-Nano-8B-v1"), hub({"acme/reference-8b": NC}))
    assert "acme/reference-8b" not in [a.repo_id for a in result.ancestors], result.reasons
    assert result.verdict == "conditional", result.reasons


# --- 2a. the checkpoint's own Apache text, a link to an unread repo of its family known to be under Apache -------------

def test_a_link_to_an_unread_qwen3_license_beside_the_checkpoints_own_apache_text_passes():
    card = (_files(MLX) / "README.md").read_text(encoding="utf-8")
    assert f"license_link: {MLX_LINK}" in card
    result = judged(local(_files(MLX), "Qwen/Qwen3-4B-MLX-4bit"), hub({}))   # Qwen/Qwen3-14B: not on this Hub
    assert (result.classification.license_id, result.verdict, result.failed) == ("apache-2.0", "allowed", False), result.reasons
    assert any("Qwen/Qwen3-14B" in r and "family data" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize("link", [
    "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/blob/main/LICENSE",   # a repo of another license
    "https://huggingface.co/acme/Qwen3-14B/blob/main/LICENSE",                     # another owner's repo of that name
    "https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE",          # a Qwen version under the Qwen license
    "https://huggingface.co/Qwen/Qwen-Models/blob/main/LICENSE",                   # a name that pins no version
    # review61: a name adding a word to the family's version may be another line under other terms
    "https://huggingface.co/Qwen/Qwen3-14B-Research/blob/main/LICENSE",
    "https://huggingface.co/Qwen/Qwen3-Max-Preview/blob/main/LICENSE",
    "https://huggingface.co/Qwen/Qwen3-14B-NonCommercial/resolve/main/LICENSE",
])
def test_a_link_to_an_unread_repo_of_another_or_no_known_license_stays_unknown(tmp_path, link):
    folder = _copy(tmp_path, MLX, MLX_LINK, link)
    result = judged(local(folder, "Qwen/Qwen3-4B-MLX-4bit"), hub({}))
    assert result.verdict == "unknown" and result.failed, result.reasons


def test_without_its_own_license_text_the_unread_qwen3_link_stays_unknown(tmp_path):
    folder = _copy(tmp_path, MLX, keep_license=False)   # the card alone: declared apache-2.0, no text
    result = judged(local(folder, "Qwen/Qwen3-4B-MLX-4bit"), hub({}))
    assert result.verdict == "unknown" and result.failed, result.reasons


# --- 2b. the link to the declared base's license file, the base read whole without it, under the declared license -----

def test_a_link_to_the_declared_bases_absent_license_file_under_the_same_license_passes():
    card = (_files(GGUF) / "README.md").read_text(encoding="utf-8")
    assert f"https://huggingface.co/{GGUF_BASE}/blob/main/LICENSE" in card and f"base_model:\n- {GGUF_BASE}" in card
    result = judged(local(_files(GGUF), "unsloth/Qwen3-Next-80B-A3B-Instruct-GGUF"),
                    hub({GGUF_BASE: _files("Qwen__Qwen3-Next-80B-A3B-Instruct")}))
    assert [(a.repo_id, a.license_id) for a in result.ancestors if not a.problem] == [(GGUF_BASE, "apache-2.0")]
    assert result.classification.license_id == "apache-2.0" and result.verdict in ("allowed", "conditional"), result.reasons
    assert not result.failed, result.reasons


def test_the_declared_base_unread_or_another_declared_license_or_no_license_file_linked_stays_unknown(tmp_path):
    unread = judged(local(_files(GGUF), "unsloth/Qwen3-Next-80B-A3B-Instruct-GGUF"), hub({}))
    assert unread.verdict == "unknown" and unread.failed, unread.reasons
    # a link to a file of the base that is not a license file by its name (licscan does not read it): its words unknown
    (tmp_path / "guide").mkdir()
    folder = _copy(tmp_path / "guide", GGUF, f"{GGUF_BASE}/blob/main/LICENSE", f"{GGUF_BASE}/blob/main/docs/usage.pdf")
    guide = judged(local(folder, "unsloth/Qwen3-Next-80B-A3B-Instruct-GGUF"),
                   hub({GGUF_BASE: _files("Qwen__Qwen3-Next-80B-A3B-Instruct")}))
    assert guide.verdict == "unknown" and guide.failed, guide.reasons
    # the checkpoint declaring another license than its base's: the base's terms are not the ones it declares
    (tmp_path / "mit").mkdir()
    mit = _copy(tmp_path / "mit", GGUF, "license: apache-2.0", "license: mit")
    other = judged(local(mit, "unsloth/Qwen3-Next-80B-A3B-Instruct-GGUF"),
                   hub({GGUF_BASE: _files("Qwen__Qwen3-Next-80B-A3B-Instruct")}))
    assert other.verdict == "unknown" and other.failed, other.reasons


def test_without_lineage_the_linked_repo_was_never_tried_and_stays_unknown():
    from licscan.evaluate import Evaluator
    from licscan.model import Project
    from tests.test_lineage_round11 import CLASSIFIER, KB

    evidence = local(_files(MLX), "Qwen/Qwen3-4B-MLX-4bit")
    result = Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))
    assert result.verdict == "unknown" and result.failed, result.reasons
