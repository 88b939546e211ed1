"""A base the metadata names by a path on its author's machine (`base_model: /home/.../Qwen3-14B`) is no Hub repo licscan
can read: the family its words name decides, and the verdict's note says so, not that the metadata declares no base
(cards52 noticed the wording). The card is a real one of the benchmark (benchmarks/real_cards/cases, round 52)."""

from __future__ import annotations

from tests.test_real_card_gaps import judge

CASE = "yushaolong10__qwen_lora_adapter_0116_l"   # base_model: /home/yushaolong/.cache/modelscope/hub/models/Qwen/Qwen3-14B


def test_a_base_model_given_as_a_local_path_is_said_to_be_no_hub_repo():
    result = judge(CASE)
    notes = [reason for reason in result.reasons if reason.startswith("note: base_model '/home/")]
    assert notes == ["note: base_model '/home/yushaolong/.cache/modelscope/hub/models/Qwen/Qwen3-14B': no Hub repo to read; "
                     "a Qwen base by its words, apache-2.0 applies"]
    assert not any("the metadata does not declare" in reason for reason in result.reasons)
    # the license is as before: the family's (the check asks to confirm it, from lineage: test_lineage.py)
    assert result.classification.license_id == "apache-2.0"
