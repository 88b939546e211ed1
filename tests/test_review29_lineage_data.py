"""Review29: a base named before the data it was trained on. A sentence naming a dataset was read as a sentence about
data (a trap) unless the dataset ended it right after the first "on", so "Fine-tuned from LLaMA-7B using the Alpaca
dataset" on BERT's own Apache card passed a LLaMA fine-tune. Each sentence below is appended to the real BERT card."""

from __future__ import annotations

import pytest

from tests.test_card_text_reading import bert

# (sentence, a license the base it names brings)
BASE_BEFORE_THE_DATA = [
    ("This model was fine-tuned on LLaMA-7B for 3 epochs on the Alpaca dataset.", "llama1-weights"),
    ("This model was fine-tuned on Llama-2-13b on the OpenOrca dataset.", "llama2"),
    ("This model was fine-tuned on top of LLaMA-13B on our instruction dataset.", "llama1-weights"),
    ("This model was fine-tuned on LLaMA-7B, on the Alpaca dataset.", "llama1-weights"),
    ("This model was fine-tuned on LLaMA-7B and the Alpaca dataset.", "llama1-weights"),
    ("This model was fine-tuned on LLaMA-7B (using the Alpaca dataset).", "llama1-weights"),
    ("This model was trained on LLaMA-7B by LoRA on the Alpaca-GPT4 dataset.", "llama1-weights"),
    ("This LoRA was trained on FLUX.1-dev on a custom dataset.", "flux1-dev-noncommercial"),
    ("This model is fine-tuned on Llama-2-7b-chat in 4-bit on the Guanaco dataset.", "llama2"),
    ("Fine-tuned from LLaMA-7B using the Alpaca dataset.", "llama1-weights"),
    ("This model is LLaMA-7B fine-tuned with the Alpaca dataset.", "llama1-weights"),
    ("A LLaMA-13B model fine-tuned with LoRA using the Alpaca dataset.", "llama1-weights"),
    ("Based on LLaMA-7B, trained on a dataset of 52K instructions.", "llama1-weights"),
]


@pytest.mark.parametrize("sentence, license_id", BASE_BEFORE_THE_DATA, ids=[s for s, _ in BASE_BEFORE_THE_DATA])
def test_a_base_named_before_the_data_it_was_trained_on_is_read(tmp_path, sentence, license_id):
    result = bert(tmp_path, "\n" + sentence + "\n")
    assert result.verdict != "allowed" and any(c.startswith(license_id) for c in result.classification.candidates), \
        (result.verdict, result.classification.candidates, result.reasons)


@pytest.mark.parametrize("sentence", [
    "This model was trained on a dataset generated with Llama 2.",
    "The training corpus was translated with NLLB-200 and then cleaned by hand.",
    "Fine-tuned on a dataset distilled from Llama 2 outputs.",
    "Fine-tuned on Llama 2 outputs from the Alpaca dataset.",
    "This model was fine-tuned on the [Dolly](https://huggingface.co/datasets/databricks/databricks-dolly-15k) and "
    "[Vicuna-chats](https://huggingface.co/datasets/x/vicuna_chats) datasets.",
])
def test_a_model_that_made_the_data_is_still_no_base(tmp_path, sentence):
    result = bert(tmp_path, "\n" + sentence + "\n")
    assert result.verdict == "allowed", result.reasons


# --- review29 F2: commercial use after a registration or an application -------------------------------------------

REGISTRATION = [
    # InternLM's fine-tunes (AI4Bread's XiXiLM card) and XVERSE-65B's "Open Source License" paragraphs
    "The code is licensed under Apache-2.0, while model weights are fully open for academic research and also allow "
    "**free** commercial usage. To apply for a commercial license, please fill in the [申请表（中文）]"
    "(https://wj.qq.com/s2/14897739/e871/). For other questions or collaborations, please contact <laiyifu@xjtu.edu.cn>.",
    "本仓库的代码依照 Apache-2.0 协议开源。模型权重对学术研究完全开放，也可申请免费的商业使用授权（[申请表](https://wj.qq.com/s2/14897739/e871/)）。",
    "The XVERSE-65B model weights are **fully open** to academic research and support **free commercial use**.  To apply "
    "for a commercial license, please fill in the [application form](https://chat.xverse.cn/home/business.html).",
    # ChatGLM2-6B's card, in English and in Chinese
    "The weights are completely open for academic research, and free commercial use is also allowed after registration "
    "via a questionnaire.",
    "模型权重对学术研究完全开放，在填写问卷进行登记后亦允许免费商业使用。",
    "Commercial use requires prior registration: please fill in the questionnaire.",
]


@pytest.mark.parametrize("paragraph", REGISTRATION)
def test_commercial_use_after_a_registration_is_a_condition(tmp_path, paragraph):
    result = bert(tmp_path, "\n## Open Source License\n\n" + paragraph + "\n")
    assert result.verdict == "conditional" and "card-commercial-registration" in result.classification.candidates, \
        result.reasons
    assert any("card-commercial-registration" in reason or "registration" in reason.lower() or "apply" in reason.lower()
               for reason in result.reasons)


@pytest.mark.parametrize("paragraph", [
    "If you want to use this model for commercial purposes, you need to apply for authorization by email.",
    "The model may be used commercially only after registering on our website and receiving written approval.",
    "Commercial use is allowed after approval by our team.",
    # the colon of an address cut the sentence in two, neither part a restriction
    "The model may be used commercially only after registering at https://acme.example/register and receiving written "
    "approval.",
])
def test_commercial_use_left_to_the_authors_approval_is_not_granted(tmp_path, paragraph):
    result = bert(tmp_path, "\n" + paragraph + "\n")
    assert result.verdict == "denied" and "card-commercial-permission" in result.classification.candidates, result.reasons


@pytest.mark.parametrize("paragraph", [
    "Commercial use is allowed without registration or application.",
    "If you want to use this model for commercial purposes, you do not need to apply for anything.",
    "The model is free for commercial use. Registration is optional and only needed for our newsletter.",
])
def test_a_registration_that_is_not_needed_restricts_nothing(tmp_path, paragraph):
    assert bert(tmp_path, "\n" + paragraph + "\n").verdict == "allowed"


# --- review30 F1: a quantiser's "Original model:" label line names the model it was made from -----------------------

ORIGINAL_MODEL_LINES = [
    # LM Studio's community-model cards
    "**Model creator:** [black-forest-labs](https://huggingface.co/black-forest-labs)<br>\n"
    "**Original model**: [FLUX.1-dev](https://huggingface.co/black-forest-labs/FLUX.1-dev)<br>\n",
    # bartowski's: a bare address
    "Original model: https://huggingface.co/black-forest-labs/FLUX.1-dev\n",
    # a Credits list
    "## Credits\n\n- Original model: [black-forest-labs/FLUX.1-dev](https://huggingface.co/black-forest-labs/FLUX.1-dev)\n"
    "- GGUF conversion: [city96](https://huggingface.co/city96)\n",
]


@pytest.mark.parametrize("lines", ORIGINAL_MODEL_LINES, ids=["lm-studio", "bare-address", "credits"])
def test_an_original_model_line_is_followed_whatever_license_the_card_declares(lines):
    from dataclasses import replace

    from licscan.base_ids import source_base_ids
    from licscan.model import ManifestEntry
    from tests.test_prose_bases import judged
    from tests.test_real_card_gaps import case_evidence

    # a GGUF card declaring apache-2.0 over FLUX.1-dev (a case: its non-commercial license, read from the fake Hub)
    card = "---\nlicense: apache-2.0\nquantized_by: acme\n---\n\n# FLUX.1-dev-gguf\n\n" + lines
    evidence = case_evidence("black-forest-labs__FLUX.1-schnell")
    evidence = replace(evidence, entry=ManifestEntry(ref="acme/FLUX.1-dev-gguf", kind="hub", line=1), card_body=card,
                       card=replace(evidence.card, licenses=("apache-2.0",), base_models=()),
                       files=tuple(f for f in evidence.files if f.role != "license"))
    assert [repo for repo, _ in source_base_ids(evidence, "acme/FLUX.1-dev-gguf")] == ["black-forest-labs/FLUX.1-dev"]
    result, _ = judged(evidence)
    assert result.verdict == "denied" and any(c.startswith("flux1-dev-noncommercial") for c in result.classification.candidates), \
        result.reasons


def test_a_model_creator_line_names_no_source():
    from licscan.classify.card_words import load_card_words

    words = load_card_words()
    assert not words.source_references("**Model creator:** [NousResearch](https://huggingface.co/NousResearch)")
    assert words.source_references("**Original model**: [Hermes-2-Pro-Llama-3-8B](https://huggingface.co/NousResearch/Hermes-2-Pro-Llama-3-8B)")


# --- a code comment that names no repo is no base (round 21's one false allow) -------------------------------------


def test_a_usage_comment_about_the_model_the_user_brings_gives_the_adapter_no_base():
    # guoyww/animatediff-motion-adapter-v1-5-2: no license, no base; its usage code's "# load SD 1.5 based finetuned
    # model" (above model_id = "SG161222/Realistic_Vision_V5.1_noVAE") had made it a Stable Diffusion 1 derivative,
    # conditional under CreativeML OpenRAIL-M: it passed with no license of its own
    from tests.test_real_card_gaps import judge

    result = judge("guoyww__animatediff-motion-adapter-v1-5-2")
    assert result.verdict == "unknown" and "creativeml-openrail-m" not in result.classification.candidates, result.reasons


def test_a_code_comment_naming_a_repo_still_gives_the_base(tmp_path):
    code = ("\n```python\n# base model: meta-llama/Llama-2-7b-hf\nmodel = AutoModelForCausalLM.from_pretrained(base_id)\n"
            "model = PeftModel.from_pretrained(model, \"acme/helper-lora\")\n```\n")
    result = bert(tmp_path, code)
    assert result.verdict != "allowed" and "llama2" in result.classification.candidates, result.reasons


# --- review32: what this session's own changes opened ----------------------------------------------------------------


@pytest.mark.parametrize("sentence, license_id", [
    ("Fine-tuned from Llama-2-13b with a context length exceeding 4k tokens.", "llama2"),
    ("We fine-tuned Llama-2-7b for 3 epochs, with sequences exceeding 2048 tokens truncated.", "llama2"),
    ("This model is fine-tuned from LLaMA-13B and exceeds its base model on MT-Bench.", "llama1-weights"),
    ("\n```python\n# This adapter was fine-tuned from Llama-2-7b; load it on top of that base\n"
     "model = PeftModel.from_pretrained(model, \"acme/helper-lora\")\n```\n", "llama2"),
])
def test_a_base_is_still_read_beside_exceeding_and_in_a_comment_that_says_what_it_was_made_from(tmp_path, sentence, license_id):
    result = bert(tmp_path, "\n" + sentence + "\n")
    assert result.verdict != "allowed" and license_id in result.classification.candidates, result.reasons


@pytest.mark.parametrize("sentence", [
    "We fine-tuned Qwen2.5-7B-Instruct on the Llama-Nemotron-Post-Training-Dataset for two epochs.",
    "This model was fine-tuned from Qwen2-7B using the Magpie-Llama-3.1-Pro-300K dataset.",
    "Mistral-7B-v0.1 fine-tuned with the Vicuna-format ShareGPT dataset.",
    "Mistral-7B was fine-tuned with the Llama-2-Chat conversations dataset.",
])
def test_a_family_in_the_name_of_the_data_is_no_base(tmp_path, sentence):
    # the base is an Apache Qwen or Mistral: only the data is named for Llama or Vicuna
    result = bert(tmp_path, "\n" + sentence + "\n")
    assert not {"llama1-weights", "llama2", "llama3.1"} & set(result.classification.candidates), result.reasons
    assert result.verdict == "allowed", result.reasons


@pytest.mark.parametrize("paragraph, rule_id", [
    ("To apply for a commercial license, please fill in the form; without one, the model is for non-commercial research "
     "only.", "card-research-only"),
    ("To apply for a commercial license, please fill in the form below; you must obtain a commercial license before any "
     "commercial use.", "card-commercial-permission"),
    ("Commercial use is permitted upon application and subject to our written approval.", "card-commercial-permission"),
    ("Commercial use is available upon application; licenses are granted at our sole discretion.", "card-commercial-permission"),
    ("To apply for a commercial license, please fill in the application form and wait for our approval.",
     "card-commercial-permission"),
    ("Text generated by this model, like the model itself, is for non-commercial use only.", "card-non-commercial"),
    ("Images created with this LoRA and the LoRA itself may not be used commercially.", "card-non-commercial"),
])
def test_a_registration_or_generated_content_does_not_hide_a_stricter_restriction(tmp_path, paragraph, rule_id):
    result = bert(tmp_path, "\n" + paragraph + "\n")
    assert result.verdict == "denied" and rule_id in result.classification.candidates, result.reasons


@pytest.mark.parametrize("section", [
    "## Training data\n\n- wikipedia\n- Non-commercial.\n",
    "Some of the data we used is:\nNon-commercial.\n",
])
def test_a_short_line_listed_as_data_restricts_the_data(tmp_path, section):
    assert bert(tmp_path, "\n" + section).verdict == "allowed"


def test_a_short_line_under_the_license_heading_still_restricts(tmp_path):
    assert bert(tmp_path, "\n## License\n\nNon-commercial.\n").verdict == "denied"


@pytest.mark.parametrize("sentence", [
    "Fine-tuned from LLaMA-7B using responses from the ShareGPT dataset.",
    "Based on LLaMA-13B, fine-tuned with outputs of GPT-4 on the Alpaca-GPT4 dataset.",
])
def test_words_of_generated_data_after_the_base_leave_it_the_base(tmp_path, sentence):
    # review32 LA3, LA5: "responses" anywhere before the data had made the sentence one about data
    result = bert(tmp_path, "\n" + sentence + "\n")
    assert result.verdict == "denied" and "llama1-weights" in result.classification.candidates, result.reasons


@pytest.mark.parametrize("sentence", [
    "Fine-tuned on Llama-2-70b-chat generated answers from the Alpaca dataset.",
    "This model was trained on responses generated by Llama-2-70b from the OpenOrca dataset.",
])
def test_a_model_named_as_the_maker_of_the_data_is_no_base(tmp_path, sentence):
    assert bert(tmp_path, "\n" + sentence + "\n").verdict == "allowed"


@pytest.mark.parametrize("appended, files", [
    ("\n\nPlease read the [license](USAGE.md) before using this model.\n",
     {"USAGE.md": "# Usage\n\nPersonal projects only. Selling this model is not okay.\n"}),
    ("\n\nPlease follow our [usage policy](USAGE.md).\n",
     {"USAGE.md": "# Usage policy\n\nThis model is for hobby use. Do not sell it or use it in a business.\n"}),
    ("\n\nSee [license and usage notes](DISCLAIMER.md).\n", {"DISCLAIMER.md": "Hobby and personal use. No business use.\n"}),
])
def test_a_guide_the_card_calls_its_license_with_terms_in_plain_words_is_read_as_terms(tmp_path, appended, files):
    # review32 U1-U3: such a guide stayed a guide (none of the license words) and passed on BERT's Apache license
    result = bert(tmp_path, appended, files=files)
    assert result.verdict in ("unknown", "denied"), result.reasons


@pytest.mark.parametrize("sentence", [
    "Using the Alpaca dataset, we fine-tuned LLaMA-7B.",
    "With our medical corpus, we further fine-tuned LLaMA-13B for 3 epochs.",
])
def test_a_base_named_in_a_clause_after_the_data_is_read(tmp_path, sentence):
    # review32 LA6: the data named first made the whole sentence one about data
    result = bert(tmp_path, "\n" + sentence + "\n")
    assert result.verdict == "denied" and "llama1-weights" in result.classification.candidates, result.reasons


@pytest.mark.parametrize("sentence", [
    "We trained on the Alpaca dataset, which was distilled from LLaMA-65B.",
    "On the ShareGPT dataset, responses generated by LLaMA-65B were used to fine-tune the model.",
])
def test_a_clause_about_the_data_after_it_names_no_base(tmp_path, sentence):
    assert bert(tmp_path, "\n" + sentence + "\n").verdict == "allowed"
