"""Real-card round 9's misses, on the real cards of benchmarks/real_cards/cases.

THUDM/cogvlm-chat-hf puts its weights under a model license it links on GitHub ("the use of the CogVLM model
weights must comply with the [Model License](https://github.com/THUDM/CogVLM/raw/main/MODEL_LICENSE)", and the
same in Chinese, "必须遵循"), beside `license: apache-2.0` for the code: the weights' terms are a text licscan did
not read, so the checkpoint is unknown, never allowed on the code's Apache license. A link to the repo's own
LICENSE on its ModelScope mirror (THUDM/glm-4-9b-chat: "需要遵循 [LICENSE](https://modelscope.cn/...fileName=LICENSE)")
is that file, which licscan read. stabilityai/stable-code-3b writes its license's name "StabilityAI Non-Commercial
Research Community License", the vendor's name run together.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_card_text_reading import _judge, bert
from tests.test_real_card_gaps import CASES, judge

COGVLM = (CASES / "THUDM__cogvlm-chat-hf" / "files" / "README.md").read_text(encoding="utf-8")


def test_cogvlm_weights_under_a_model_license_licscan_did_not_read_are_unknown(tmp_path: Path):
    # the card without its usage code's tokenizer line (lmsys/vicuna-7b-v1.5, which brings Llama 2 in): nothing but
    # the code's Apache license and the weights' unread Model License is left; before, that was "apache-2.0 allowed"
    card = "\n".join(line for line in COGVLM.splitlines() if "vicuna" not in line.lower())
    assert "must comply with the [Model License]" in card and "license: apache-2.0" in card
    (tmp_path / "README.md").write_text(card, encoding="utf-8")
    result = _judge(tmp_path)
    assert result.verdict == "unknown" and result.failed, result.reasons
    assert any("the card says the weights are under “Model License”, which licscan does not know" in c
               for c in result.classification.conflicts)
    assert any("“模型许可”" in c for c in result.classification.conflicts)   # the Chinese sentence, its name without 。


def test_the_whole_cogvlm_card_is_unknown_too():
    result = judge("THUDM__cogvlm-chat-hf")
    assert result.verdict == "unknown" and result.failed, result.reasons


@pytest.mark.parametrize(("sentence", "verdict"), [
    # a known license the weights must comply with is that license
    ("\nUse of this model must comply with the [Llama 3 Community License](https://llama.meta.com/llama3/license/).\n", "conditional"),
    # a duty that names no license
    ("\nUsers must comply with applicable laws when using the model.\n", "allowed"),
    # terms of another site, in Chinese
    ("\n使用本模型权重必须遵循 [模型许可](https://github.com/acme/x/raw/main/MODEL_LICENSE)。\n", "unknown"),
    ("\nThe model weights are provided in compliance with the Acme Model Agreement.\n", "unknown"),
])
def test_weights_that_must_comply_with_terms(tmp_path: Path, sentence, verdict):
    assert bert(tmp_path, sentence).verdict == verdict


def test_a_link_to_the_repos_own_license_on_its_modelscope_mirror_is_the_file_licscan_read():
    result = judge("THUDM__glm-4-9b-chat")
    assert "glm-4-9b-license" in result.classification.candidates and result.verdict == "conditional", result.reasons


def test_the_stability_license_with_the_vendor_name_run_together_is_known():
    result = judge("stabilityai__stable-code-3b")
    assert "stability-noncommercial-research-community" in result.classification.candidates, result.reasons
    assert result.verdict == "denied"


# --- round 10 ---------------------------------------------------------------------------------------------------------


def test_the_official_qwen2_5_vl_7b_card_is_its_apache_license_not_a_qwen_guess_from_its_loading_class():
    # Qwen/Qwen2.5-VL-7B-Instruct: 'license: apache-2.0'; its usage code's "Qwen2_5_VLForConditionalGeneration.from_pretrained("
    # is the architecture's class, which read as a Qwen 2.5 name (with no size: the family's research license) denied it
    result = judge("Qwen__Qwen2.5-VL-7B-Instruct")
    assert result.classification.candidates == ("apache-2.0",) and result.verdict == "allowed", result.reasons


def test_the_repo_a_usage_line_loads_still_names_the_base(tmp_path: Path):
    # the class goes, its argument stays: "LlamaTokenizer.from_pretrained('lmsys/vicuna-7b-v1.5')" (cogvlm-chat-hf)
    result = judge("THUDM__cogvlm-chat-hf")
    assert "llama2" in result.classification.candidates, result.reasons


@pytest.mark.parametrize(("name", "license_id"), [
    ("Qwen2.5-VL-7B-Instruct", "apache-2.0"), ("Qwen2.5-VL-3B-Instruct", "qwen-research"),
    ("Qwen2.5-VL-72B-Instruct", "tongyi-qianwen"),   # the Hub's `qwen` id: the Qwen LICENSE AGREEMENT
    ("Qwen2.5-Omni-7B", "apache-2.0"), ("Qwen2.5-Coder-32B-Instruct", "apache-2.0"),
])
def test_qwen_2_5_vl_and_omni_names_pin_their_size(tmp_path: Path, name, license_id):
    result = bert(tmp_path, f"\nThis model is a fine-tune of {name} on our documents.\n")
    assert license_id in result.classification.candidates, result.reasons
