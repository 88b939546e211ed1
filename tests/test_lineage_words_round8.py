"""Real-card rounds 7 and 8 (acc12): what the card's words name as the model's base, each pinned on the real
card's own words (benchmarks/real_cards/cases, byte for byte) and a variant or two of them."""

from __future__ import annotations

from pathlib import Path

from licscan.model import Result
from tests.test_real_card_gaps import _local, judge

MIT_CARD = "---\nlicense: mit\n---\n\n# Acme helper\n\n"


def _notes(result: Result) -> list[str]:
    return [r for r in result.reasons if "the metadata does not declare" in r or "name suggests" in r]


# --- 1. the owner of a repo id is its publisher, not a model -------------------------------------------------------


def test_usage_code_loading_the_card_itself_with_its_owner_names_no_base():
    # Qwen2-1.5B-Instruct's own usage code: 'tokenizer = AutoTokenizer.from_pretrained("Qwen/Qwen2-1.5B-Instruct")';
    # with its own name cut, the "Qwen/" left named the Qwen family with no version (tongyi-qianwen-research)
    result = judge("Qwen__Qwen2-1.5B-Instruct")
    assert 'AutoTokenizer.from_pretrained("Qwen/Qwen2-1.5B-Instruct")' in result.evidence.card_body
    assert (result.classification.license_id, result.classification.category, result.verdict) == ("apache-2.0", "permissive", "allowed")
    assert _notes(result) == []


def test_a_publishers_name_before_a_repo_name_is_no_model_the_name_after_it_decides(tmp_path: Path):
    code = "```python\nmodel = AutoModelForCausalLM.from_pretrained(\"{repo}\")\n```\n"
    # the repo's name pins a version: that version's license joins, as before
    pinned = _local(tmp_path, {"README.md": MIT_CARD + code.format(repo="Qwen/Qwen1.5-0.5B")})
    assert "tongyi-qianwen-research" in pinned.classification.candidates and pinned.verdict == "denied"
    # a repo whose name names no version of the family: the owner "Qwen" alone picks none of its licenses
    other = _local(tmp_path, {"README.md": MIT_CARD + code.format(repo="Qwen/QwQ-32B-Preview")})
    assert other.classification.candidates == ("mit",) and _notes(other) == []
    # a folder of a local path is no owner: "Qwen" there still names the family (its most restrictive license)
    folder = _local(tmp_path, {"README.md": MIT_CARD + code.format(repo="/models/Qwen/checkpoint-800")})
    assert "tongyi-qianwen-research" in folder.classification.candidates and folder.verdict == "denied"
