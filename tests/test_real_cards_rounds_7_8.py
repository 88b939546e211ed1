"""Misses of real-card rounds 7 and 8 (acc13), each pinned on the real case files of
benchmarks/real_cards/cases (copied byte for byte from the GitHub source their case.yaml names)."""

from __future__ import annotations

import shutil

from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion

from licscan.classify import Classifier
from licscan.evaluate import Evaluator
from licscan.formats.common import license_display
from licscan.formats.spdx import _concluded
from licscan.model import Ancestor, Project
from licscan.rules import load_knowledge_base
from tests.test_real_card_gaps import CASES, CLASSIFIER, KB, ROOT, case_evidence, judge


def case_file(folder: str, name: str) -> str:
    return (CASES / folder / "files" / name).read_text(encoding="utf-8")


def _readable_base(repo_id: str, license_id: str, category: str, via: str) -> Ancestor:
    return Ancestor(repo_id, "quantized", 1, license_id, category, via=via)


def test_the_meta_llama_3_use_policy_meta_shipped_is_the_llama3_policy_not_a_modified_one():
    # Meta's Hub repos shipped the policy naming "Meta Llama 3" ("If you access or use Meta Llama 3,
    # you agree to this Acceptable Use Policy"), the wording appended to its own LICENSE, where the
    # later meta-llama/llama3 copy says "Llama 3": the same prohibited uses
    text = case_file("QuantFactory__Meta-Llama-3-8B-Instruct-GGUF", "USE_POLICY.md")
    assert "If you\naccess or use Meta Llama 3, you agree to this Acceptable Use Policy" in text
    match = CLASSIFIER.classify_text(text)
    assert (match.rule_id, match.status, match.differences) == ("llama3-aup", "exact", ())


def test_a_gguf_of_meta_llama_3_with_meta_s_files_and_a_readable_base_is_conditional_llama3():
    base = _readable_base("meta-llama/Meta-Llama-3-8B-Instruct", "llama3", "llama-community",
                          "QuantFactory/Meta-Llama-3-8B-Instruct-GGUF")
    result = judge("QuantFactory__Meta-Llama-3-8B-Instruct-GGUF", (base,))
    assert result.own.modified_from is None
    assert (result.classification.license_id, result.verdict) == ("llama3", "conditional")
    assert "llama3-aup" in result.own.use_policies


def test_the_early_tongyi_qianwen_wording_naming_qwen_7b_is_the_tongyi_qianwen_license():
    # 1.e of the Aug 3, 2023 text as first shipped: "(including Qwen-7B model and Qwen-7B-Chat model)"
    text = case_file("ccyh123__Qwen-VL-Chat", "LICENSE")
    assert "including Qwen-7B model and Qwen-7B-Chat model" in text
    match = CLASSIFIER.classify_text(text)
    assert (match.rule_id, match.status) == ("tongyi-qianwen", "exact")
    result = judge("ccyh123__Qwen-VL-Chat")
    assert (result.classification.license_id, result.classification.category, result.verdict) == (
        "tongyi-qianwen", "revenue-threshold", "conditional")


def test_a_tongyi_qianwen_text_naming_another_model_is_still_a_modified_copy():
    # the variant is known, not any model name: "Qwen-14B" where either text names its models
    text = case_file("ccyh123__Qwen-VL-Chat", "LICENSE").replace("Qwen-7B model and Qwen-7B-Chat model",
                                                                 "Qwen-14B model and Qwen-14B-Chat model")
    match = CLASSIFIER.classify_text(text)
    assert (match.rule_id, match.status) == ("tongyi-qianwen", "modified")


def test_the_codefuse_community_license_is_known_and_permissive_and_its_llama_base_decides():
    # Ant Group's agreement: "royalty-free limited license ... to use, reproduce, distribute, copy,
    # create derivative works of, and make modifications to the Materials", notice duties only; it
    # shares most of its words with the Tongyi Qianwen agreement, which it is not
    text = case_file("codefuse-ai__CodeFuse-CodeLlama-34B", "MODEL_LICENSE.md")
    assert "royalty-free limited license" in text and "CodeFuse COMMUNITY LICENSE AGREEMENT" in text
    match = CLASSIFIER.classify_text(text)
    assert (match.rule_id, match.status) == ("codefuse-community-license", "exact")
    # "finetuned by QLoRA ... on the base model CodeLlama-34b-Python": Code Llama's Llama 2 license applies
    # too and, the more restrictive, decides
    result = judge("codefuse-ai__CodeFuse-CodeLlama-34B")
    assert result.classification.detected == ("codefuse-community-license",)
    assert (result.classification.license_id, result.verdict) == ("llama2", "conditional")
    assert "codefuse-community-license" in result.classification.candidates


def test_the_tii_falcon_llm_license_1_0_is_known_and_needs_an_application_for_commercial_use():
    # falcon-40b as released in May 2023: 8.1 "Where You wish to make Commercial Use of Falcon LLM or any
    # Derivative Work, You must apply to TII for permission", royalties above $1m (8.2): other-restricted
    text = case_file("tiiuae__falcon-40b", "LICENSE.txt")
    assert "You must apply to TII for permission to make Commercial Use" in text
    match = CLASSIFIER.classify_text(text)
    assert (match.rule_id, match.status) == ("tii-falcon-llm-license-1.0", "exact")
    result = judge("tiiuae__falcon-40b")
    assert (result.classification.license_id, result.classification.category, result.verdict) == (
        "tii-falcon-llm-license-1.0", "other-restricted", "conditional")
    # the card: "It is made available under the [TII Falcon LLM License](...LICENSE.txt)"
    assert "made available under the [TII Falcon LLM License]" in case_file("tiiuae__falcon-40b", "README.md")
    assert KB.by_name("TII Falcon LLM License").id == "tii-falcon-llm-license-1.0"


def test_a_headline_never_shows_the_known_license_of_a_modified_copy_as_its_category(tmp_path):
    # Without the TII rule, falcon-40b's LICENSE.txt reads as an altered Apache 2.0 ("This license is, in
    # part, based on the Apache License Version 2.0 ... with a series of modifications"): the verdict is
    # unknown, and the headline must not say apache-2.0 / permissive
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    (tmp_path / "rules" / "tii-falcon-llm-license-1.0.yaml").unlink()
    kb = load_knowledge_base(tmp_path / "rules", ROOT / "license_texts")
    evidence = case_evidence("tiiuae__falcon-40b")
    result = Evaluator(kb, Project("p", "commercial")).evaluate(evidence, Classifier(kb).classify(evidence))
    assert result.own.modified_from == "apache-2.0" and result.verdict == "unknown"
    headline = result.classification
    assert headline.category == "unknown" and headline.modified_from == "apache-2.0"
    assert headline.basis.startswith("a modified copy of apache-2.0 in the checkpoint's own files decides")
    # every format reads the headline: the terminal shows "modified apache-2.0", SPDX concludes no license
    assert license_display(result) == "modified apache-2.0"
    concluded, note = _concluded(result, kb, {})
    assert isinstance(concluded, SpdxNoAssertion) and "modified copy of apache-2.0" in note


def test_a_copy_that_renames_the_license_says_first_that_its_title_changed():
    # SkyPaint's LICENSE-MODEL is the RAIL++-M text under the title "CreativeML Open RAIL-M" (dated
    # December 12, 2022, SkyWorkAIGC's copyright): "++" is no word, so the change read as "removed “license”"
    text = case_file("SkyWork__SkyPaint", "LICENSE-MODEL")
    assert text.splitlines()[2] == "CreativeML Open RAIL-M"
    match = CLASSIFIER.classify_text(text)
    assert (match.rule_id, match.status) == ("openrail++", "modified")
    assert match.differences[0] == "changed the title “CreativeML Open RAIL++-M License” to “creativeml open rail m”"
    result = judge("SkyWork__SkyPaint")
    assert result.verdict == "unknown"
    assert any("changed the title “CreativeML Open RAIL++-M License”" in reason for reason in result.reasons)


def test_a_copy_with_its_title_unchanged_reports_no_title_change():
    # the same text under its own title and holder differs from the reference in nothing but its date line
    text = case_file("SkyWork__SkyPaint", "LICENSE-MODEL").replace("CreativeML Open RAIL-M\n", "CreativeML Open RAIL++-M License\n", 1)
    match = CLASSIFIER.classify_text(text)
    assert match.rule_id == "openrail++" and not any("title" in difference for difference in match.differences)
    altered = text.replace("Multimodal generative models are being widely adopted", "Multimodal generative models are rarely adopted")
    match = CLASSIFIER.classify_text(altered)
    assert match.status == "modified" and not any("title" in difference for difference in match.differences)


def test_an_unknown_that_comes_from_an_unread_base_names_that_base_not_the_own_files():
    # MythoMax GPTQ: LICENSE.txt is the Llama 2 license; base_model Gryphe/MythoMax-L2-13b could not be read
    unread = Ancestor("Gryphe/MythoMax-L2-13b", "base", 1, "unknown", "unknown", via="TheBloke/MythoMax-L2-13B-GPTQ",
                      problem="Gryphe/MythoMax-L2-13b: repository not found")
    result = judge("TheBloke__MythoMax-L2-13B-GPTQ", (unread,))
    assert result.own.license_id == "llama2" and result.verdict == "unknown"
    assert result.reasons[0].startswith("license could not be determined: base model Gryphe/MythoMax-L2-13b could not be "
                                        "checked (Gryphe/MythoMax-L2-13b: repository not found)")
    assert "LICENSE.txt matches llama2" in result.reasons[0]   # the own finding, said to be the own finding
    # the own files undetermined: the reason is theirs
    own_unknown = judge("ethersito123__Tauro-TypeGEN-v1")
    assert own_unknown.reasons[0].startswith("license could not be determined: LICENSE")
