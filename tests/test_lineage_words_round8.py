"""Real-card rounds 7 and 8 (acc12): what the card's words name as the model's base, each pinned on the real
card's own words (benchmarks/real_cards/cases, byte for byte) and a variant or two of them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from licscan.lineage import source_base_ids
from licscan.model import Evidence, ManifestEntry, Result
from tests.test_prose_bases import judged
from tests.test_real_card_gaps import _local, case_evidence, judge

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
    # the owner "Qwen" alone picks none of its licenses: the name after it decides (QwQ-32B-Preview, a Qwen model under
    # Apache-2.0 since acc33; before, a name of no Qwen version, and the owner added nothing either)
    other = _local(tmp_path, {"README.md": MIT_CARD + code.format(repo="Qwen/QwQ-32B-Preview")})
    assert other.classification.candidates == ("mit", "apache-2.0") and other.verdict == "allowed"
    assert "tongyi-qianwen-research" not in " ".join(_notes(other))
    # a folder of a local path is no owner: "Qwen" there still names the family (its most restrictive license)
    folder = _local(tmp_path, {"README.md": MIT_CARD + code.format(repo="/models/Qwen/checkpoint-800")})
    assert "tongyi-qianwen-research" in folder.classification.candidates and folder.verdict == "denied"


# --- 2. an address that is not a Hub page names no base -----------------------------------------------------------


def test_a_link_to_the_projects_code_repository_names_no_base():
    # THUDM/chatglm3-6b-32k: MODEL_LICENSE is the ChatGLM3-6B license; "please refer to our [Github Repo](https://
    # github.com/THUDM/ChatGLM)" in a sentence about "model quantization" named a ChatGLM base with no version, whose
    # most restrictive license (the first, non-commercial ChatGLM2-6B one) denied it
    result = judge("THUDM__chatglm3-6b-32k")
    assert "please refer to our [Github Repo](https://github.com/THUDM/ChatGLM)" in result.evidence.card_body
    assert (result.classification.license_id, result.verdict) == ("chatglm3-6b-license-20231027", "conditional")
    assert "chatglm2-6b-license-20230625-nc" not in result.classification.candidates
    assert not any("Github Repo" in r for r in result.reasons)


def test_a_family_only_in_an_address_names_nothing_and_a_links_words_still_do(tmp_path: Path):
    tools = _local(tmp_path, {"README.md": MIT_CARD + "For model quantization, please refer to our "
                                                      "[code](https://github.com/acme/llama-finetune-kit).\n"})
    assert tools.classification.candidates == ("mit",) and tools.verdict == "allowed"
    bare = _local(tmp_path, {"README.md": MIT_CARD + "Quantization scripts: https://gitlab.com/acme/Qwen-tools\n"})
    assert bare.classification.candidates == ("mit",)
    # the words of the link name the base, wherever it points
    linked = _local(tmp_path, {"README.md": MIT_CARD + "Fine-tuned from [LLaMA-7B](https://github.com/facebookresearch/llama).\n"})
    assert "llama1-weights" in linked.classification.candidates and linked.verdict == "denied"
    # a Hub model page is the repo it names
    hub = _local(tmp_path, {"README.md": MIT_CARD + "Fine-tuned from [this model](https://huggingface.co/meta-llama/Llama-2-7b-hf).\n"})
    assert "llama2" in hub.classification.candidates


# --- 4. a tool's name is no base; the datasets a sentence ends on are no base ---------------------------------------


def test_the_base_is_read_from_the_sentence_that_gives_it_not_from_the_quantising_tools_name():
    # TheBloke/wizard-mega-13B-GPTQ: "It is the result of quantising to 4bit using [GPTQ-for-LLaMa](...)" named Llama;
    # "Wizard Mega is a Llama 13B model fine-tuned on the [ShareGPT](...), [WizardLM](...), and [Wizard-Vicuna](...)
    # datasets" was a trap (a sentence about datasets): its list of dataset links is where it was trained
    result = judge("TheBloke__wizard-mega-13B-GPTQ")
    notes = _notes(result)
    assert "llama1-weights" in result.classification.candidates and result.verdict == "denied"
    assert notes and all("GPTQ-for-LLaMa" not in note for note in notes)
    assert any("“Wizard Mega is a Llama 13B model fine-tuned on the [ShareGPT]" in note and "a Llama base" in note for note in notes)
    assert not any("Vicuna base" in note for note in notes)   # "Wizard-Vicuna" is a dataset here


def test_a_tool_named_for_a_family_names_no_base(tmp_path: Path):
    for tool in ("[GPTQ-for-LLaMa](https://github.com/qwopqwop200/GPTQ-for-LLaMa)", "`exllama-for-Qwen`"):
        result = _local(tmp_path, {"README.md": MIT_CARD + f"It is the result of quantising to 4bit using {tool}.\n"})
        assert result.classification.candidates == ("mit",), tool
    # a model of the family quantised with it is still named
    model = _local(tmp_path, {"README.md": MIT_CARD + "GPTQ quantisation of LLaMA-13B made with GPTQ-for-LLaMa.\n"})
    assert "llama1-weights" in model.classification.candidates


def test_a_sentence_ending_on_a_list_of_dataset_links_gives_its_base(tmp_path: Path):
    sentence = ("Acme is a Llama 2 7B model fine-tuned on the [Dolly](https://huggingface.co/datasets/databricks/databricks-dolly-15k), "
                "[OASST](https://huggingface.co/datasets/OpenAssistant/oasst1) and "
                "[Vicuna-chats](https://huggingface.co/datasets/x/vicuna_chats) datasets.\n")
    result = _local(tmp_path, {"README.md": MIT_CARD + sentence})
    assert "llama2" in result.classification.candidates and "llama1-weights" not in result.classification.candidates
    # a sentence about a dataset made from a model's outputs stays a trap ("data distilled from Llama 2 outputs")
    trap = _local(tmp_path, {"README.md": MIT_CARD + "Fine-tuned on a dataset distilled from Llama 2 outputs.\n"})
    assert trap.classification.candidates == ("mit",)


# --- 3. ChatGLM-6B's license is its own, not ChatGLM2-6B's ------------------------------------------------------------


def test_chatglm_6b_names_its_own_first_license():
    # THUDM/chatglm-6b (its MODEL_LICENSE not in the copy) and K024's ONNX export of it ("exported from
    # [ChatGLM-6b](https://huggingface.co/THUDM/chatglm-6b)"): the ChatGLM-6B model license is its own text, not the
    # first ChatGLM2-6B license ("软件”是指根据本许可提供的 ChatGLM2-6B 模型参数"); a name pins no date, so its first
    # (non-commercial) version applies, as for ChatGLM2-6B
    for folder in ("THUDM__chatglm-6b", "K024__ChatGLM-6b-onnx-u8s8"):
        result = judge(folder)
        assert "chatglm2-6b-license-20230625-nc" not in result.classification.candidates, folder
        assert "chatglm-6b-license-20230314-nc" in result.classification.candidates, folder
        assert result.verdict == "denied" and result.failed


def test_each_chatglm_version_names_its_license(tmp_path: Path):
    def judged(base: str) -> Result:
        return _local(tmp_path, {"README.md": MIT_CARD + f"Fine-tuned from {base}.\n"})

    assert "chatglm2-6b-license-20230625-nc" in judged("ChatGLM2-6B").classification.candidates
    assert "chatglm3-6b-license" in judged("ChatGLM3-6B").classification.candidates
    first = judged("chatglm-6b-int4")
    assert "chatglm2-6b-license-20230625-nc" not in first.classification.candidates
    assert "chatglm-6b-license-20230314-nc" in first.classification.candidates and first.verdict == "denied"
    # no version: the family's most restrictive license licscan knows
    assert "chatglm2-6b-license-20230625-nc" in judged("ChatGLM").classification.candidates


# --- 5 and 6. the words that name the model a checkpoint was made from or holds ---------------------------------------


def _sources(evidence: Evidence) -> list[str]:
    return [repo for repo, _ in source_base_ids(evidence, evidence.entry.ref)]


def test_the_model_a_card_finetunes_uses_as_its_pretrained_model_or_leverages_is_its_source():
    # "We finetune [wav2vec2-large-xlsr-53](https://huggingface.co/facebook/wav2vec2-large-xlsr-53) based on ...";
    # "This model utilizes a Japanese BERT model [colorfulscoop/bert-base-ja](...) v1.0 released under [...](...) as a
    # pretrained model"; "BLIP-2 model, leveraging [OPT-2.7b](https://huggingface.co/facebook/opt-2.7b)"
    for folder, source in (("vistec-AI__wav2vec2-large-xlsr-53-th", "facebook/wav2vec2-large-xlsr-53"),
                           ("colorfulscoop__sbert-base-ja", "colorfulscoop/bert-base-ja"),
                           ("Salesforce__blip2-opt-2.7b", "facebook/opt-2.7b")):
        assert _sources(case_evidence(folder)) == [source], folder
    # a source with no copy here passes down unknown, whatever license the card declares
    result, _ = judged(case_evidence("colorfulscoop__sbert-base-ja"))
    assert result.classification.category == "unknown" and result.verdict == "unknown" and result.failed
    # facebook/wav2vec2-large-xlsr-53 has a copy since round 19 (Apache-2.0): the Thai model's own CC BY-SA 4.0 decides
    result, _ = judged(case_evidence("vistec-AI__wav2vec2-large-xlsr-53-th"))
    assert (result.classification.license_id, result.verdict) == ("cc-by-sa-4.0", "conditional"), result.reasons
    blip2, _ = judged(case_evidence("Salesforce__blip2-opt-2.7b"))
    assert "unknown" in blip2.classification.candidates and blip2.failed


def test_each_phrase_reads_the_repo_only_as_the_object_of_its_words():
    link = "[acme/base-7b](https://huggingface.co/acme/base-7b)"

    def read(sentence: str) -> list[str]:
        return _sources(replace(case_evidence("colorfulscoop__sbert-base-ja"), card_body=MIT_CARD + sentence + "\n",
                                entry=ManifestEntry(ref="acme/helper", kind="hub", line=1)))

    assert read(f"We fine-tuned {link} on our support tickets.") == ["acme/base-7b"]
    assert read(f"It uses {link} as the backbone model.") == ["acme/base-7b"]
    assert read("A captioning model, leveraging `acme/base-7b` and a ViT.") == ["acme/base-7b"]
    # the model so made, a benchmark, a mention: no source
    assert read(f"Download the fine-tuned {link} for chat.") == []
    assert read(f"It uses {link} for evaluation.") == []
    assert read(f"We fine-tuned it on data labelled with {link}.") == []


def test_an_xlsr_53_source_passes_down_apache_2_0_under_the_cards_own_license():
    # "Fine-tuned [facebook/wav2vec2-large-xlsr-53](https://huggingface.co/facebook/wav2vec2-large-xlsr-53) on English":
    # Meta's XLSR-53 is Apache-2.0, the license these cards declare; its Hub copy is a case since round 19 (before, it
    # was unreadable and agreed as the family's); the Thai model declares CC BY-SA 4.0 over it
    for folder in ("jonatasgrosman__wav2vec2-large-xlsr-53-english", "ctl__wav2vec2-large-xlsr-cantonese"):
        evidence = case_evidence(folder)
        assert _sources(evidence) == ["facebook/wav2vec2-large-xlsr-53"], folder
        result, ancestors = judged(evidence)
        assert [(a.repo_id, a.license_id) for a in ancestors] == [("facebook/wav2vec2-large-xlsr-53", "apache-2.0")], folder
        assert result.classification.license_id == "apache-2.0" and not result.failed, folder
    thai, ancestors = judged(case_evidence("vistec-AI__wav2vec2-large-xlsr-53-th"))
    assert [a.license_id for a in ancestors] == ["apache-2.0"] and thai.verdict == "conditional"
