"""The classes of real cards the real-card benchmark found misread (issue 15), each pinned on a real
case of benchmarks/real_cards/cases (the card and license files as the Hub repo has them, copied byte
for byte): the case folder is read as a local checkpoint folder, with the Hub repo id it is a copy of.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from licscan.classify import Classifier
from licscan.evaluate import Evaluator
from licscan.model import Ancestor, Evidence, ManifestEntry, Project, Result
from licscan.rules import load_knowledge_base
from licscan.sources.local import LocalSource

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "benchmarks" / "real_cards" / "cases"
KB = load_knowledge_base()
CLASSIFIER = Classifier(KB)


def license_text(name: str) -> str:
    return (ROOT / "license_texts" / name).read_text(encoding="utf-8")


def case_evidence(folder: str) -> Evidence:
    """The case's files/ as a local checkpoint folder, served under the Hub repo id it is a copy of."""
    case = CASES / folder
    evidence = LocalSource(case, "models.lock").fetch(ManifestEntry(ref="files", kind="local", line=1))
    return replace(evidence, entry=ManifestEntry(ref=folder.replace("__", "/", 1), kind="local", line=1))


def judge(folder: str, ancestors: tuple[Ancestor, ...] = ()) -> Result:
    evidence = case_evidence(folder)
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), ancestors)


def _local(tmp_path: Path, files: dict[str, str]) -> Result:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))


def test_an_unreadable_base_makes_the_headline_unknown_beside_known_own_files():
    # QuantFactory's GGUF: LICENSE.txt is the Llama 3 license, USE_POLICY.md its policy as Meta shipped
    # it, and base_model meta-llama/Meta-Llama-3-8B-Instruct could not be read: the license that
    # decides is that base's, unknown, not llama3
    unreadable = Ancestor("meta-llama/Meta-Llama-3-8B-Instruct", "quantized", 1, "unknown", "unknown",
                          via="QuantFactory/Meta-Llama-3-8B-Instruct-GGUF", problem="repository not found")
    result = judge("QuantFactory__Meta-Llama-3-8B-Instruct-GGUF", (unreadable,))
    assert result.own.license_id == "llama3" and result.own.modified_from is None
    assert (result.classification.license_id, result.classification.category, result.verdict) == ("unknown", "unknown", "unknown")
    assert "llama3" in result.classification.candidates


def test_a_modified_license_text_that_restricts_in_its_own_words_takes_the_restriction_category():
    # MODEL_LICENSE is the English half of the first ChatGLM2-6B license (a modified copy of the
    # bilingual reference): "to use the Software solely for your non-commercial research purposes". Its closest
    # reference is ChatGLM-6B's English-only first license, the same words naming ChatGLM-6B
    result = judge("THUDM__chatglm2-6b")
    assert result.classification.modified_from == "chatglm-6b-license-20230314-nc"
    assert result.classification.category == "non-commercial" and result.verdict == "denied"
    assert any("MODEL_LICENSE" in r and "“royalty-free copyright license to use the Software solely for your non-commercial research purposes”" in r
               for r in result.reasons)
    # the SDXL 0.9 research license with its words changed ("model weights" for "software")
    sdxl = judge("stabilityai__stable-diffusion-xl-base-0.9")
    assert (sdxl.classification.license_id, sdxl.classification.modified_from) == ("sdxl0.9-research", "sdxl0.9-research")
    assert sdxl.classification.category == "non-commercial" and sdxl.verdict == "denied"


def test_a_modified_license_text_without_a_restriction_of_its_own_stays_unknown(tmp_path):
    # the Llama 2 license with its user threshold changed: its terms are not Llama 2's, and no sentence of it
    # restricts to non-commercial or research use
    llama2 = license_text("llama2.txt")
    changed = llama2.replace("greater than 700 million monthly active users", "greater than 7 billion monthly active users")
    assert changed != llama2
    result = _local(tmp_path, {"LICENSE": changed})
    assert result.classification.modified_from == "llama2" and result.classification.category == "unknown"
    assert result.verdict == "unknown" and result.classification.candidates == ("llama2",)


def test_a_restriction_added_to_a_permissive_text_never_allows(tmp_path):
    mit = license_text("mit.txt")
    restricted = mit.replace("in the Software without restriction,", "in the Software solely for your non-commercial research purposes,")
    assert restricted != mit
    result = _local(tmp_path, {"LICENSE": restricted})
    assert (result.classification.modified_from, result.classification.category) == ("mit", "non-commercial")
    assert result.verdict == "denied"


def test_a_bare_other_is_settled_by_the_license_the_card_names():
    # Baichuan2-13B-Chat: `license: other`, nothing else in the metadata; the card: "The community usage of
    # Baichuan 2 model requires adherence to [Apache 2.0](...) and [Community License for Baichuan2 Model](...)"
    result = judge("baichuan-inc__Baichuan2-13B-Chat")
    assert (result.classification.license_id, result.classification.category) == ("baichuan2-community-license", "other-restricted")
    assert result.verdict == "conditional" and "unknown" not in result.classification.candidates
    assert "Community License for Baichuan2 Model" in result.classification.basis
    assert not any("'other', which licscan does not know" in r for r in result.reasons)
    assert KB.by_name("Community License for Baichuan2 Model").id == "baichuan2-community-license"


def test_a_bare_other_is_not_settled_by_a_license_the_hub_has_an_id_for(tmp_path):
    # The card's front matter (`license: other`) and its English license sentence with the community
    # license's link taken out: what is left names only Apache 2.0, which a card would declare as
    # `apache-2.0`, not `other`. Such words are about the code; the weights' license stays unknown,
    # never a conditional Apache.
    card = (CASES / "baichuan-inc__Baichuan2-13B-Chat" / "files" / "README.md").read_text(encoding="utf-8")
    front = card[: card.index("\n---", 3) + 5]
    sentence = next(line for line in card.splitlines() if line.startswith("The community usage of Baichuan 2 model"))
    cut = sentence[: sentence.index(" and [Community License")] + "."
    assert "license: other" in front and "Apache 2.0" in cut and "Community" not in cut.split("community usage", 1)[1]
    result = _local(tmp_path, {"README.md": f"{front}\n{cut}\n"})
    assert result.classification.license_id == "unknown" and result.verdict == "unknown"
    # the same words without the `other` (no license metadata at all) stand in as before, to be confirmed
    result = _local(tmp_path, {"README.md": f"{cut}\n"})
    assert (result.classification.license_id, result.verdict) == ("apache-2.0", "conditional")


def test_the_most_restrictive_license_the_card_names_stands_in_for_a_missing_declaration():
    # MiniCPM-Llama3-V 2.5: no license metadata; its License section: "The code in this repo is released under
    # the [Apache-2.0](...) License." then "The usage of MiniCPM-V series model weights must strictly follow
    # [MiniCPM Model License.md](...)": the weights' license, not the code's, decides
    result = judge("openbmb__MiniCPM-Llama3-V-2_5")
    assert result.own.license_id == "minicpm-model-license"
    assert (result.classification.license_id, result.classification.category) == ("minicpm-model-license", "other-restricted")
    assert result.verdict == "conditional" and "MiniCPM Model License.md" in result.own.basis


def test_a_bare_other_is_not_settled_by_an_open_license_the_card_mentions(tmp_path):
    # 'other' beside words about the card's images: public domain is no vendor model license
    result = _local(tmp_path, {"README.md": "---\nlicense: other\n---\n# Model\n\n## License\n\n"
                                            "The weights are licensed under the Acme Model License Agreement.\n"
                                            "The sample images in this card are in the public domain.\n"})
    assert result.classification.license_id == "unknown" and result.verdict == "unknown"


def test_an_adapters_declared_base_does_not_hide_a_base_the_card_names(tmp_path):
    # Kanicsha/UncensoredAI's adapter_config.json (base google/gemma-2b-it), an Apache LICENSE, and a card
    # saying the adapter is fine-tuned from the original LLaMA weights: that base's terms still apply
    adapter = (CASES / "Kanicsha__UncensoredAI" / "files" / "adapter_config.json").read_text(encoding="utf-8")
    apache = license_text("apache-2.0.txt")
    result = _local(tmp_path, {"adapter_config.json": adapter, "LICENSE": apache,
                               "README.md": "---\nlicense: apache-2.0\n---\n# Adapter\n\n"
                                            "This adapter was fine-tuned from the original LLaMA-7B weights.\n"})
    assert "llama1-weights" in result.classification.candidates and result.verdict == "denied"
    assert any("adapter_config.json declares the base model" in note for note in result.classification.notes)


def test_an_open_license_the_card_mentions_does_not_stand_in_for_a_license_it_names_and_licscan_lacks(tmp_path):
    # no license metadata; the card names its weights' license, which licscan does not know, and says its
    # images are public domain: the weights' license is unknown, not a conditional public domain
    result = _local(tmp_path, {"README.md": "# Model\n\n## License\n\n"
                                            "The weights are licensed under the Acme Model License Agreement.\n"
                                            "The sample images in this card are in the public domain.\n"})
    assert result.classification.license_id == "unknown" and result.verdict == "unknown"
    assert any("Acme Model License Agreement" in c for c in result.classification.conflicts)


def test_a_vendor_license_the_card_mentions_for_its_base_does_not_stand_in_for_one_it_names_and_licscan_lacks(tmp_path):
    # 'other'; the weights under a license licscan does not know; the base "subject to the Qwen License
    # Agreement": the weights' license is unknown, not Qwen's conditional one
    result = _local(tmp_path, {"README.md": "---\nlicense: other\n---\n# Acme-Qwen-7B\n\nAcme-Qwen-7B is fine-tuned from "
                                            "Qwen2.5-7B-Instruct.\n\n## License\n\nThe model is licensed under the Acme Non-Commercial "
                                            "Model License. The base model is subject to the Qwen License Agreement.\n"})
    assert result.classification.license_id == "unknown" and result.verdict == "unknown"


def test_a_notice_of_components_that_states_the_weights_license_makes_it_apply(tmp_path):
    apache = license_text("apache-2.0.txt")
    notice = ("Acme-7B\nCopyright 2024 Acme Labs\n\nThis repository includes third-party open source software components, "
              "listed in THIRD_PARTY.md.\nThe Acme-7B model weights are licensed under CC BY-NC 4.0.\n")
    result = _local(tmp_path, {"README.md": "---\nlicense: apache-2.0\n---\n# Acme-7B\n", "LICENSE": apache, "NOTICE": notice})
    assert "cc-by-nc-4.0" in result.classification.candidates and result.verdict == "denied"
    assert any("model weights are licensed under CC BY-NC 4.0" in n for n in result.classification.notes)


def test_a_notice_of_components_restricting_the_weights_in_chinese_is_not_passed_over(tmp_path):
    apache = license_text("apache-2.0.txt")
    notice = ("Acme-7B\nCopyright 2024 Acme Labs\n\nOpen source components bundled in this repository are listed in licenses/.\n"
              "模型权重仅供学术研究使用，不得用于商业目的。\n")
    result = _local(tmp_path, {"README.md": "---\nlicense: apache-2.0\n---\n# Acme-7B\n", "LICENSE": apache, "NOTICE": notice})
    assert result.verdict == "unknown" and any("模型权重仅供学术研究使用" in c for c in result.classification.conflicts)


def test_a_license_section_giving_the_weights_license_by_its_name_without_international_applies(tmp_path):
    result = _local(tmp_path, {"README.md": "---\nlicense: apache-2.0\n---\n# Acme-TTS\n\n## License\n"
                                            "Code: Apache 2.0. Weights: Creative Commons Attribution-NonCommercial 4.0.\n"})
    assert "cc-by-nc-4.0" in result.classification.candidates and result.verdict == "denied"



def test_a_deepseek_r1_distill_is_deepseeks_mit_model_not_a_qwen_of_unknown_version(tmp_path):
    # "Base Model: DeepSeek-R1-Distill-Qwen-1.5B" names DeepSeek's distill (MIT, built on Qwen2.5-Math-1.5B,
    # Apache-2.0), not the original Qwen, whose most restrictive version is research only
    result = judge("abhi9ab__DeepSeek-R1-Distill-Qwen-1.5B-finance-v1")
    assert "tongyi-qianwen-research" not in result.classification.candidates
    assert (result.classification.license_id, result.verdict) == ("mit", "allowed"), result.reasons
    # the Llama distills carry the Llama license of the model distilled into
    llama = _local(tmp_path, {"README.md": "---\nlicense: mit\n---\n# A fine-tune\n\nFine-tuned from DeepSeek-R1-Distill-Llama-8B.\n",
                              "LICENSE": license_text("mit.txt")})
    assert llama.classification.license_id == "llama3.1" and llama.verdict == "conditional", llama.reasons


def test_a_repo_without_a_card_is_still_read_for_the_model_its_config_names():
    # no README.md: LICENSE is the GPL-3.0 and config.json '_name_or_path' 'Qwen/Qwen2.5-14B-Instruct' (Apache-2.0);
    # the repo name alone ("sakura-14b-qwen2.5") pins no Qwen size, whose most restrictive version is research only
    result = judge("1235357__Backup_hf_sakura-14b-qwen2.5-v1.0-q6k")
    assert "qwen-research" not in result.classification.candidates
    assert (result.classification.license_id, result.verdict) == ("gpl-3.0", "conditional"), result.reasons


def test_a_card_with_no_license_that_names_its_base_repo_is_under_that_base_not_a_family_it_mentions():
    # "- **Base Model**: jinaai/ReaderLM-v2 (based on Qwen2.5-1.5B-Instruct)": ReaderLM-v2 is the base
    # (CC BY-NC 4.0 on the Hub), Qwen2.5 its grand-base; the card and repo declare no license
    from licscan.base_ids import prose_base_ids

    folder = "sighrobot__ReaderLM-v2-q4f16_1-MLC"
    evidence = case_evidence(folder)
    assert prose_base_ids(evidence, evidence.entry.ref) == (("jinaai/ReaderLM-v2", "the card's text"),)
    unread = Ancestor("jinaai/ReaderLM-v2", "loaded-from", 1, "unknown", "unknown", via=evidence.entry.ref,
                      problem="repository not found", undeclared="the card's text")
    result = judge(folder, (unread,))
    assert (result.classification.license_id, result.verdict) == ("unknown", "unknown"), result.reasons
    assert any("names jinaai/ReaderLM-v2 as the model it was built from" in r for r in result.reasons)
    # a card with a license of its own is only asked to confirm the base
    with_mit = replace(evidence, card=replace(evidence.card, licenses=("mit",)))
    own = Evaluator(KB, Project("p", "commercial")).evaluate(with_mit, CLASSIFIER.classify(with_mit), (unread,))
    assert (own.classification.license_id, own.verdict) == ("mit", "conditional"), own.reasons


def test_the_gpt_oss_20b_usage_policy_is_the_official_policy_not_a_modified_one():
    # openai/gpt-oss-20b's USAGE_POLICY names only gpt-oss-20b where openai/gpt-oss's names both models
    result = judge("openai__gpt-oss-20b")
    assert result.classification.use_policies == ("gpt-oss-usage-policy",)
    assert (result.classification.license_id, result.verdict) == ("apache-2.0", "allowed"), result.reasons


def test_a_data_license_file_is_the_training_datas_license_not_the_weights():
    # DATA_LICENSE (a CC BY 4.0 summary: "This dataset is licensed under ...") beside an adapter of Mistral-7B-v0.1
    base = Ancestor("mistralai/Mistral-7B-v0.1", "adapter", 1, "apache-2.0", "permissive", via="koyiljon-s/Mistral-Uz-7b")
    result = judge("koyiljon-s__Mistral-Uz-7b", (base,))
    assert not any("DATA_LICENSE" in c for c in result.classification.conflicts), result.classification.conflicts
    assert (result.classification.license_id, result.verdict) == ("apache-2.0", "allowed"), result.reasons


def test_a_sentence_naming_alternative_bases_is_settled_by_the_family_the_repo_name_pins(tmp_path):
    # fixie-ai/ultravox-v0_6-llama-3_1-8b: "all using a text-based LLM (Llama, Gemma, or Qwen) backbone"
    result = judge("fixie-ai__ultravox-v0_6-llama-3_1-8b")
    assert set(result.classification.candidates) == {"mit", "llama3.1"}, result.classification.candidates
    assert (result.classification.license_id, result.verdict) == ("llama3.1", "conditional"), result.reasons
    # a name that names none of them settles nothing: every family the sentence names joins
    card = "---\nlicense: mit\n---\n# A model\n\nFine-tuned from a Llama or Qwen base model.\n"
    either = _local(tmp_path, {"README.md": card})
    assert {"llama1-weights", "tongyi-qianwen-research"} <= set(either.classification.candidates)


def test_only_deepseeks_r1_distills_are_read_as_the_distill_family():
    # "distill" elsewhere names no DeepSeek model: the original LLaMA and Qwen 1.5's small research model stay
    # what they are (fourth review: both passed once "distill-" hid the name after it)
    from licscan.classify.card_words import load_card_words
    from licscan.classify.strategies.families_named import families_named

    def families(text: str) -> dict[str, tuple[str, ...]]:
        return {f.family: ids for f, (ids, _) in families_named(load_card_words(), [(text, text)]).items()}

    assert families("when we distill LLaMA-7B into a smaller model") == {"Llama": ("llama1-weights",)}
    assert families("fine-tuned from distill-qwen1.5-1.8b") == {"Qwen": ("tongyi-qianwen-research",)}
    assert families("R1-Distill-Qwen-7B") == {"DeepSeek-R1-Distill": ("mit", "apache-2.0")}


def test_a_base_named_in_the_cards_words_is_followed_in_the_ways_cards_write_it():
    # the Hub's card template, a dash for a colon, an hf.co link; a same-named repo of another owner is the original
    from licscan.base_ids import prose_base_ids

    evidence = case_evidence("sighrobot__ReaderLM-v2-q4f16_1-MLC")
    body = evidence.card_body
    assert "- **Base Model**: jinaai/ReaderLM-v2 (based on Qwen2.5-1.5B-Instruct)" in body
    for line in ("- **Finetuned from model [optional]:** jinaai/ReaderLM-v2 (based on Qwen2.5-1.5B-Instruct)",
                 "- **Base Model** - jinaai/ReaderLM-v2 (based on Qwen2.5-1.5B-Instruct)",
                 "- **Base Model**: [ReaderLM-v2](https://hf.co/jinaai/ReaderLM-v2) (based on Qwen2.5-1.5B-Instruct)"):
        changed = replace(evidence, card_body=body.replace("- **Base Model**: jinaai/ReaderLM-v2 (based on Qwen2.5-1.5B-Instruct)", line))
        assert prose_base_ids(changed, "sighrobot/ReaderLM-v2-q4f16_1-MLC") == (("jinaai/ReaderLM-v2", "the card's text"),), line
    assert prose_base_ids(evidence, "someone/ReaderLM-v2") == (("jinaai/ReaderLM-v2", "the card's text"),)
    assert prose_base_ids(evidence, "jinaai/ReaderLM-v2") == ()   # the card of the repo it names: itself


def test_a_long_front_matter_of_evaluation_results_still_gives_its_license_and_base():
    # ibm-granite/granite-embedding-30m-english: a model-index of MTEB results makes the front matter ~264,000
    # characters; its `license: apache-2.0` sits near the top
    from licscan.sources.common import MAX_FRONT_MATTER_CHARS, split_card

    card = (CASES / "ibm-granite__granite-embedding-30m-english" / "files" / "README.md").read_text(encoding="utf-8")
    front = card.split("\n---", 1)[0]
    assert len(front) > MAX_FRONT_MATTER_CHARS and "\nlicense: apache-2.0" in front
    data, body, problems = split_card(card)
    assert (data.get("license"), problems) == ("apache-2.0", ())
    assert "model-index" not in body
    result = judge("ibm-granite__granite-embedding-30m-english")
    assert (result.classification.license_id, result.verdict) == ("apache-2.0", "allowed"), result.reasons
    # a long front matter made of what licscan reads is still refused, not cut
    huge = "---\nlicense: apache-2.0\ntags:\n" + "- x\n" * (MAX_FRONT_MATTER_CHARS // 4 + 1) + "---\n# m\n"
    assert split_card(huge)[2] == (f"model card front matter is larger than {MAX_FRONT_MATTER_CHARS:,} characters; not read",)


def test_a_long_front_matter_whose_example_texts_quote_license_keys_still_gives_its_base():
    # sajaa45/sbert_finetuned_licenses (round 9): ~267,600 characters of front matter, over the limit; its widget
    # and training examples are license texts whose lines hold "license:" indented inside quoted strings, which are
    # data; its `base_model: sentence-transformers/all-MiniLM-L6-v2` is a top-level key
    from licscan.sources.common import split_card

    card = (CASES / "sajaa45__sbert_finetuned_licenses" / "files" / "README.md").read_text(encoding="utf-8")
    data, _, problems = split_card(card)
    assert (data.get("base_model"), problems) == ("sentence-transformers/all-MiniLM-L6-v2", ())
    base = Ancestor("sentence-transformers/all-MiniLM-L6-v2", "base", 1, "apache-2.0", "permissive", via="sajaa45/sbert_finetuned_licenses")
    result = judge("sajaa45__sbert_finetuned_licenses", (base,))
    assert (result.classification.license_id, result.verdict) == ("apache-2.0", "allowed"), result.reasons
    # a license key that could be the card's own and is not a top-level entry licscan keeps: nothing is read
    front, rest = card.split("\n---", 1)
    # (a quoted key, "'license': cc-by-nc-4.0", is read: tests/test_acc23_reading.py)
    for hidden in ("\n\"licen\\u0073e\": cc-by-nc-4.0", "\n<<: {license: cc-by-nc-4.0}"):
        assert split_card(front + hidden + "\n---" + rest)[2][0].startswith("model card front matter is larger than"), hidden
    indented = "---\n" + "".join("  " + line + "\n" for line in front.removeprefix("---\n").splitlines()) + "---" + rest
    assert split_card(indented)[2][0].startswith("model card front matter is larger than")   # a block mapping indented whole


def test_deepseek_r1s_card_lists_its_distills_and_their_bases_which_are_not_its_own():
    # the card DeepSeek-R1 and its distills share: "DeepSeek-R1-Distill-Llama-8B is derived from Llama3.1-8B-Base",
    # "we have open-sourced ... six dense models distilled from DeepSeek-R1 based on Llama and Qwen", usage code
    # loading "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B": on R1's card these are its students, on a distill's its siblings
    teacher = judge("deepseek-ai__DeepSeek-R1")
    assert not {"llama1-weights", "llama3.1", "qwen-research", "tongyi-qianwen-research"} & set(teacher.classification.candidates)
    assert teacher.classification.license_id == "mit" and teacher.verdict in ("allowed", "conditional"), teacher.reasons
    student = judge("deepseek-ai__DeepSeek-R1-Distill-Qwen-1.5B")
    assert set(student.classification.candidates) <= {"mit", "apache-2.0"}, student.classification.candidates
    assert student.verdict in ("allowed", "conditional"), student.reasons   # the licenses the card names: to confirm
    # a release of models fine-tuned from a base still gives that base
    from licscan.classify.card_words import load_card_words
    assert load_card_words().gives_a_base("We release Vicuna-7B and Vicuna-13B, models fine-tuned from LLaMA.")


def test_a_license_that_denies_is_the_headline_beside_an_unreadable_base_a_guessed_one_is_not():
    # panagoa/nllb-200-distilled-600M-kbd-v0.1 declares cc-by-nc-4.0; its base facebook/nllb-200-distilled-600M
    # could not be read: the verdict rests on the license it states (denied), so that is the headline
    unread = Ancestor("facebook/nllb-200-distilled-600M", "finetune", 1, "unknown", "unknown",
                      via="panagoa/nllb-200-distilled-600M-kbd-v0.1", problem="repository not found")
    result = judge("panagoa__nllb-200-distilled-600M-kbd-v0.1", (unread,))
    assert (result.classification.license_id, result.classification.category, result.verdict) == (
        "cc-by-nc-4.0", "non-commercial", "denied"), result.reasons
    # a family's most restrictive version, guessed from a name, does not decide the headline over an unknown
    from licscan.verdict_rules import headline_license
    assert headline_license(["apache-2.0", "qwen-research", "unknown"], KB, "commercial", stated={"apache-2.0"}) == "unknown"
    assert headline_license(["apache-2.0", "qwen-research", "unknown"], KB, "commercial", stated={"qwen-research"}) == "qwen-research"


def test_a_license_link_outside_the_repository_is_no_missing_file_of_the_checkpoint():
    # TucanoBR's card, as its authors keep it on GitHub: "Tucano is licensed under the Apache License, Version 2.0.
    # For more details, see the [LICENSE](../../LICENSE) file." The link leaves the repository: no file it should have
    result = judge("TucanoBR__Tucano-1b1")
    assert not any("../../LICENSE" in c for c in result.classification.conflicts), result.classification.conflicts
    assert result.classification.license_id == "apache-2.0" and result.verdict != "unknown", result.reasons


def test_the_card_naming_its_own_model_without_the_version_names_no_base():
    # nvidia/Llama-3.1-Nemotron-Nano-VL-8B-V1: "Llama Nemotron Nano VL is deployable ... by AWQ 4bit quantization" is the
    # model's own name without its version (every word after "Llama" is one of the repo name's), no Llama base of
    # no version: not the original LLaMA weights' non-commercial license (round 12's false block)
    result = judge("nvidia__Llama-3.1-Nemotron-Nano-VL-8B-V1")
    assert "llama1-weights" not in result.classification.candidates, result.reasons
    assert result.verdict == "conditional", result.reasons


@pytest.mark.parametrize("repo, sentence, family_default", [
    ("acme/llama-3-8b-chat", "Fine-tuned from the original LLaMA weights with a quantization-aware recipe.", "llama1-weights"),
    # review16: the words after the family's name are not this model's ("LLaMA (Touvron et al. ...)", "Instruct-2409")
    ("acme/Llama-3-8B-alpaca-compare", "LoRA fine-tuned from LLaMA (Touvron et al., February 2023), the 7B research release.",
     "llama1-weights"),
    ("acme/Mistral-Small-3.2-24B-rp", "Fine-tuned from Mistral-Small-Instruct-2409 on role-play dialogues.",
     "mistral-research-license"),
])
def test_a_family_named_without_a_version_by_other_words_than_the_repo_names_is_not_its_version(tmp_path, repo, sentence,
                                                                                               family_default):
    (tmp_path / "README.md").write_text(f"---\nlicense: apache-2.0\n---\n# Chat\n\n{sentence}\n", encoding="utf-8")
    (tmp_path / "LICENSE").write_text(license_text("apache-2.0.txt"), encoding="utf-8")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    evidence = replace(evidence, entry=ManifestEntry(ref=repo, kind="local", line=1))
    result = Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))
    assert family_default in result.classification.candidates and result.verdict == "denied", result.reasons


def test_qwen_vl_is_under_the_tongyi_qianwen_license_and_a_methods_name_in_a_table_is_no_base():
    # Qwen/Qwen-VL-Chat: "Qwen-VL ... is the visual multimodal version of the large model series, Qwen" (Qwen-VL ships
    # the Tongyi Qianwen license, not the research one), and "| LLaMA-AdapterV2 | 590.1 |" in a benchmark table is a
    # method's name, not a LoRA adapter of LLaMA (round 14's false block)
    result = judge("Qwen__Qwen-VL-Chat")
    assert "tongyi-qianwen" in result.classification.candidates, result.reasons
    assert not {"tongyi-qianwen-research", "llama1-weights"} & set(result.classification.candidates), result.reasons


def test_a_link_to_a_section_of_the_card_names_no_terms_licscan_does_not_know():
    # OrionStarAI/OrionStar-Yi-34B-Chat: "同时请大家遵守[协议](#协议)" points to the card's own License section
    result = judge("OrionStarAI__OrionStar-Yi-34B-Chat")
    assert not any("“协议”" in c for c in result.classification.conflicts), result.classification.conflicts



def test_models_distilled_from_a_list_of_linked_repos_carry_each_ones_terms():
    # ByteDance/Hyper-SD (round 15): "we release the models distilled from [SDXL Base 1.0](https://huggingface.co/
    # stabilityai/stable-diffusion-xl-base-1.0) and [Stable-Diffusion v1-5](https://huggingface.co/runwayml/...)"
    from licscan.classify.named_sources import named_source_ids

    evidence = case_evidence("ByteDance__Hyper-SD")
    assert [repo for repo, _ in named_source_ids(evidence, evidence.entry.ref)] == [
        "stabilityai/stable-diffusion-xl-base-1.0", "runwayml/stable-diffusion-v1-5"]


def test_a_model_created_by_fine_tuning_a_repo_the_card_links_names_that_repo_as_its_source():
    # madebyollin/sdxl-vae-fp16-fix (round 15): "SDXL-VAE-FP16-Fix was created by finetuning the SDXL-VAE", the card
    # linking [SDXL VAE](https://huggingface.co/stabilityai/sdxl-vae): that repo's terms apply (no copy here: unknown)
    from licscan.classify.named_sources import named_source_ids

    evidence = case_evidence("madebyollin__sdxl-vae-fp16-fix")
    assert [repo for repo, _ in named_source_ids(evidence, evidence.entry.ref)] == ["stabilityai/sdxl-vae"]


def test_a_license_line_linking_a_url_encoded_file_name_finds_the_file_it_names(tmp_path):
    # Baichuan-13B-Chat's card: "[EN](Community%20License%20for%20Baichuan-13B%20Model.pdf))" beside the PDF named
    # with spaces: the link's path is URL-encoded, the file is there (it is read, and matches no rule: a knowledge
    # gap, said as such), never "points to ..., which the checkpoint does not have"
    case = CASES / "baichuan-inc__Baichuan-13B-Chat" / "files"
    pdf = "Community License for Baichuan-13B Model.pdf"
    with_pdf = judge("baichuan-inc__Baichuan-13B-Chat")
    assert with_pdf.verdict == "unknown"
    assert not [r for r in with_pdf.reasons if "which the checkpoint does not have" in r], with_pdf.reasons
    assert any(f"{pdf} does not match any known license text" in r for r in with_pdf.reasons), with_pdf.reasons

    (tmp_path / "README.md").write_bytes((case / "README.md").read_bytes())   # the twin: the PDF is not there
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    without = Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))
    assert any("points to Community%20License%20for%20Baichuan-13B%20Model.pdf, which the checkpoint does not have" in r
               for r in without.reasons), without.reasons


@pytest.mark.parametrize(("own_id", "verdict"), [
    ("bigscience/bloomz-560m", "conditional"),   # linked in the table's first group: the P3 group's words are not about it
    ("bigscience/bloomz-p3", "denied"),          # the same card as the -p3 model's: "Released for research purposes only"
    ("acme/my-bloomz-copy", "denied"),           # in no group (a copy under another name): every row may be about it
])
def test_a_family_tables_group_words_restrict_only_the_models_of_that_group(own_id, verdict):
    # bigscience/bloomz-560m's card, shared by the BLOOMZ & mT0 family, has an HTML table in groups; the P3 group is led
    # by "Multitask finetuned on P3. Released for research purposes only. Strictly inferior to above models!"
    evidence = replace(case_evidence("bigscience__bloomz-560m"), entry=ManifestEntry(ref=own_id, kind="local", line=1))
    result = Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))

    assert result.verdict == verdict, result.reasons
    research_only = any("Released for research purposes only" in reason for reason in result.reasons)
    assert research_only == (verdict == "denied"), result.reasons


def test_a_family_tables_lead_row_about_every_model_restricts_this_one_too():
    # review40: bloomz-560m's family table with its first lead row (the xP3 group) saying something of every model of the
    # table, judged as bloomz-7b1-mt, of the second (xP3mt) group
    evidence = case_evidence("bigscience__bloomz-560m")
    lead = ('Multitask finetuned on <a style="font-weight:bold" href=https://huggingface.co/datasets/bigscience/xP3>xP3</a>. '
            "Recommended for prompting in English.")
    assert evidence.card_body.count(lead) == 1
    evidence = replace(evidence, entry=ManifestEntry(ref="bigscience/bloomz-7b1-mt", kind="local", line=1))
    judged = Evaluator(KB, Project("p", "commercial"))
    assert judged.evaluate(evidence, CLASSIFIER.classify(evidence)).verdict == "conditional"   # the P3 group's words are not its
    every = replace(evidence, card_body=evidence.card_body.replace(lead, f"{lead} All models below are released for research "
                                                                         "purposes only.", 1))
    result = judged.evaluate(every, CLASSIFIER.classify(every))
    assert result.verdict == "denied", result.reasons


def _acme_7b(folder: Path, card: str) -> Result:
    """``card`` with the Apache LICENSE in ``folder``, judged as the Hub repo acme/acme-7b (the model a family table links)."""
    (folder / "README.md").write_text(card, encoding="utf-8")
    (folder / "LICENSE").write_text(license_text("apache-2.0.txt"), encoding="utf-8")
    evidence = LocalSource(folder, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    evidence = replace(evidence, entry=ManifestEntry(ref="acme/acme-7b", kind="local", line=1))
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))


def test_a_family_tables_last_row_linking_no_model_restricts_every_model(tmp_path):
    # review40: a family table in groups whose last row links no model and speaks of all of them
    card = ("---\nlicense: apache-2.0\n---\n# acme-7b\n\n| Multitask finetuned on xP3. | | | |\n|---|---|---|---|\n"
            "| Finetuned Model | [acme-3b](https://huggingface.co/acme/acme-3b) | [acme-7b](https://huggingface.co/acme/acme-7b) | |\n"
            "| Multitask finetuned on P3. | | | |\n"
            "| Finetuned Model | [acme-3b-p3](https://huggingface.co/acme/acme-3b-p3) | [acme-7b-p3](https://huggingface.co/acme/acme-7b-p3) | |\n"
            "| Non-commercial research use only. | | | |\n")
    result = _acme_7b(tmp_path, card)
    assert result.verdict == "denied", result.reasons


def test_an_ultralytics_yolo_fine_tune_is_under_agpl():
    # cards28: keremberke/yolov8m-csgo-player-detection: no license, tags yolov8 / ultralytics, library_name ultralytics:
    # a YOLOv8 model trained with Ultralytics' code from its weights, both AGPL-3.0
    result = judge("keremberke__yolov8m-csgo-player-detection")
    assert (result.verdict, result.classification.license_id) == ("conditional", "agpl-3.0"), result.reasons


@pytest.mark.parametrize("words", ["Our detector is built on YOLOX-S.", "It runs faster than YOLOv8 and YOLO11 on a T4."])
def test_another_yolo_or_a_comparison_with_ultralytics_yolo_is_no_base(tmp_path, words):
    result = _local(tmp_path, {"README.md": f"---\nlicense: apache-2.0\n---\n# acme-detector\n\n{words}\n",
                               "LICENSE": license_text("apache-2.0.txt")})
    assert result.verdict == "allowed", result.reasons


def test_a_family_tables_row_linking_a_license_file_on_the_hub_is_no_other_models_group(tmp_path):
    # review43: a group whose only Hub link is to a license file (".../blob/main/LICENSE") is not another model's group
    card = ("---\nlicense: apache-2.0\n---\n# acme-7b\n\n| Multitask finetuned on xP3. | | | |\n|---|---|---|---|\n"
            "| Finetuned Model | [acme-3b](https://huggingface.co/acme/acme-3b) | [acme-7b](https://huggingface.co/acme/acme-7b) | |\n"
            "| Research use only, see [LICENSE](https://huggingface.co/acme/acme-3b/blob/main/LICENSE). | | | |\n"
            "| Parameters | 3B | 7B | |\n")
    result = _acme_7b(tmp_path, card)
    assert result.verdict == "denied", result.reasons
