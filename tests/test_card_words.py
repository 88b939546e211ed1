"""What a model card's own words and a repo's notices decide (issue 15 items 3-6), on real cards.

Every card, NOTICE and license file here is read from benchmarks/real_cards/cases (copied byte for byte
from public GitHub copies of Hub repos; each case.yaml names its source and commit) or is a passage cut
from one of them, named in the test. The sentences a test adds to a real file say so.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from licscan.classify import Classifier
from licscan.classify.card_words import load_card_words
from licscan.evaluate import Evaluator
from licscan.model import ManifestEntry, Project
from licscan.rules import load_knowledge_base
from licscan.sources.local import LocalSource

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "benchmarks" / "real_cards" / "cases"
KB = load_knowledge_base()
CLASSIFIER = Classifier(KB)
COMMERCIAL = Evaluator(KB, Project(name="p", use="commercial"), today="2026-01-01")


def case_file(case: str, name: str) -> str:
    return (CASES / case / "files" / name).read_text(encoding="utf-8")


def case_files(case: str) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((CASES / case / "files").iterdir())}


def passage(case: str, start: str, end: str = "\n") -> str:
    """The words of a case's README from ``start`` up to (not including) ``end``."""
    text = case_file(case, "README.md")
    begin = text.index(start)
    return text[begin: text.index(end, begin + len(start))]


def judge(tmp_path: Path, files: dict[str, str], name: str = "m"):
    """(classification, verdict for commercial use) of a local checkpoint folder ``name`` holding ``files``."""
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    for file_name, content in files.items():
        (folder / file_name).write_text(content, encoding="utf-8")
    evidence = LocalSource(tmp_path, str(tmp_path / "models.lock")).fetch(ManifestEntry(name, "local", 1))
    classification = CLASSIFIER.classify(evidence)
    return classification, COMMERCIAL.evaluate(evidence, classification).verdict


# --- item 3: component notices are not the weights' terms ---------------------------------------


def test_qwen_notice_of_bundled_code_lists_component_licenses_beside_the_model_license(tmp_path):
    # Qwen/Qwen-7B-Chat: LICENSE is the Tongyi Qianwen agreement; NOTICE carries the licenses of
    # Megatron-LM, tiktoken, stanford_alpaca and AutoGPTQ code ("LICENSE FOR ... code")
    classification, verdict = judge(tmp_path, case_files("Qwen__Qwen-7B-Chat"))
    assert (classification.license_id, classification.candidates) == ("tongyi-qianwen", ("tongyi-qianwen",))
    assert {"apache-2.0", "mit", "bsd-3-clause"} <= set(classification.components)
    assert classification.conflicts == () and verdict == "conditional"
    assert any("NOTICE lists the licenses of bundled components" in note for note in classification.notes)


def test_phi3_third_party_notice_does_not_make_the_checkpoint_unknown(tmp_path):
    # ChuDinhKlopp/phi-3-mini-keyformer: Phi-3's MIT LICENSE and NOTICE.md ("This software incorporates
    # material from third parties", flash-attention's BSD 3-Clause text)
    classification, verdict = judge(tmp_path, case_files("ChuDinhKlopp__phi-3-mini-keyformer"), "phi-3-mini-keyformer")
    assert (classification.license_id, classification.candidates, classification.components) == ("mit", ("mit",), ("bsd-3-clause",))
    assert verdict == "allowed"


def test_a_third_party_notices_file_is_read_as_component_licenses_whatever_its_role(tmp_path):
    files = {"README.md": "---\nlicense: mit\n---\n" + case_file("ChuDinhKlopp__phi-3-mini-keyformer", "README.md"),
             "LICENSE": case_file("ChuDinhKlopp__phi-3-mini-keyformer", "LICENSE"),
             # the same Phi-3 notice under the name many repos give it (read as a license file by its name)
             "THIRD_PARTY_NOTICES.md": case_file("ChuDinhKlopp__phi-3-mini-keyformer", "NOTICE.md")}
    classification, verdict = judge(tmp_path, files, "phi-3-mini-keyformer")
    assert (classification.license_id, classification.components, verdict) == ("mit", ("bsd-3-clause",), "allowed")


def test_a_component_notice_that_states_terms_for_the_weights_still_counts(tmp_path):
    notice = case_file("ChuDinhKlopp__phi-3-mini-keyformer", "NOTICE.md")
    # added to the real notice: a sentence about the weights themselves
    files = {**case_files("ChuDinhKlopp__phi-3-mini-keyformer"),
             "NOTICE.md": notice + "\nThe model weights may not be used for commercial purposes.\n"}
    classification, verdict = judge(tmp_path, files, "phi-3-mini-keyformer")
    assert verdict == "unknown" and any("model weights may not be used for commercial" in c for c in classification.conflicts)


# --- item 4: license statements without YAML ----------------------------------------------------


def test_a_license_line_linking_a_license_by_name_is_read_when_the_card_declares_nothing(tmp_path):
    # meta-llama/Llama-3.2-1B-Instruct: "**License:** Use of Llama 3.2 is governed by the [Llama 3.2
    # Community License](https://github.com/...)"; no YAML license, no LICENSE file in this folder
    line = passage("meta-llama__Llama-3.2-1B-Instruct", "**License:** Use of Llama 3.2")
    classification, verdict = judge(tmp_path, {"README.md": "# A model\n\n" + line + "\n"})
    assert classification.license_id == "llama3.2" and verdict == "conditional"
    assert "Use of Llama 3.2 is governed by" in classification.basis


def test_a_vendor_license_url_maps_to_the_rule_that_lists_it(tmp_path):
    # CogniX-LTD/Cogni-OpenModel: "[Meta's Llama 3.1 Community License Agreement](https://llama.meta.com/llama3_1/license/)";
    # the link text is not a name licscan knows, the URL is Meta's license page
    line = passage("CogniX-LTD__Cogni-OpenModel", "- **Note on licensing:**")
    url = "https://llama.meta.com/llama3_1/license/"
    assert url in line and KB.by_name("Meta's Llama 3.1 Community License Agreement") is None
    from licscan.classify.strategies.card_links import linked_licenses
    listed = [rule for rule in KB.rules if url in getattr(rule, "links", ())]
    if not listed:
        # the rules on this branch carry no `links` yet (rules/README.md adds them): list it on a copy
        rule = dataclasses.replace(KB.get("llama3.1"))
        object.__setattr__(rule, "links", (url,))
        kb = dataclasses.replace(KB, rules=tuple(rule if r.id == "llama3.1" else r for r in KB.rules))
    else:
        kb = KB
    assert kb.by_link("http://www.llama.meta.com/llama3_1/license").id == "llama3.1"
    assert [rule_id for rule_id, _ in linked_licenses(kb, line)] == ["llama3.1"]


def test_a_datasets_license_never_stands_for_the_weights(tmp_path):
    # CogniX-LTD/Cogni-OpenModel: the dataset's license, on a "Licensing" line
    line = passage("CogniX-LTD__Cogni-OpenModel", "Full dataset provenance")
    assert load_card_words().is_trap(line)
    classification, verdict = judge(tmp_path, {"README.md": "# A model\n\n#### Release & Licensing:\n" + line + "\n"})
    assert (classification.license_id, verdict) == ("unknown", "unknown")


def test_a_license_link_to_a_file_the_checkpoint_lacks_is_unsettled(tmp_path):
    # CogniX-LTD/Cogni-OpenModel: "... licensed under the **MIT License**. See the [LICENSE](LICENSE) file"
    line = passage("CogniX-LTD__Cogni-OpenModel", "- This repository (LoRA adapter weights")
    without, verdict = judge(tmp_path / "a", {"README.md": "# A model\n\n### License:\n\n" + line + "\n"})
    assert verdict == "unknown" and any("points to LICENSE" in c for c in without.conflicts)
    files = {"README.md": "# A model\n\n### License:\n\n" + line + "\n", "LICENSE": (ROOT / "license_texts" / "mit.txt").read_text(encoding="utf-8")}
    with_file, verdict = judge(tmp_path / "b", files)
    assert (with_file.license_id, verdict) == ("mit", "allowed")


# --- item 5: restrictions stated in the card are terms ------------------------------------------

def test_a_non_commercial_sentence_in_the_license_section_denies_commercial_use(tmp_path):
    # moka-ai/m3e-small (the other set's case; its License section, verbatim):
    # "M3E models 使用的数据集中包括大量非商用的数据集，所以 M3E models 也是非商用的，仅供研究使用。"
    body = "## 📜 License\n\nM3E models 使用的数据集中包括大量非商用的数据集，所以 M3E models 也是非商用的，仅供研究使用。\n"
    classification, verdict = judge(tmp_path, {"README.md": "---\nlicense: apache-2.0\n---\n" + body})
    assert classification.license_id == "apache-2.0" and "card-non-commercial" in classification.candidates
    assert verdict == "denied" and any("也是非商用的" in note for note in classification.notes)
    # the dataset clause alone restricts the datasets, not the model
    datasets_only, verdict = judge(tmp_path / "b", {"README.md": "---\nlicense: apache-2.0\n---\n"
                                                                "M3E models 使用的数据集中包括大量非商用的数据集。\n"})
    assert datasets_only.candidates == ("apache-2.0",) and verdict == "allowed"


def test_commercial_use_subject_to_an_agreement_is_a_restriction(tmp_path):
    # briaai/RMBG-1.4 (other set): "- Commercial use is subject to a commercial agreement with BRIA."
    body = ("## Model Details\n- Commercial use is subject to a commercial agreement with BRIA. "
            "[Contact Us](https://bria.ai/contact-us) for more information.\n")
    classification, verdict = judge(tmp_path, {"README.md": body})
    # commercial use only after the author's approval: other-restricted (categories.md), and not granted
    assert (classification.license_id, classification.category, verdict) == ("card-commercial-permission", "other-restricted", "denied")


def test_research_only_intent_beside_an_openrail_license_is_not_a_restriction(tmp_path):
    # the Stable Diffusion cards' "Direct Use": "The model is intended for research purposes only."
    sdxl = (ROOT / "tests/fakehub/repos/stabilityai/stable-diffusion-xl-base-1.0/README.md").read_text(encoding="utf-8")
    assert "The model is intended for research purposes only." in sdxl
    classification, verdict = judge(tmp_path, {"README.md": sdxl})
    assert "card-research-only" not in classification.candidates and verdict == "conditional"


def test_a_license_section_restricting_use_applies_and_its_dataset_sentence_does_not(tmp_path):
    # finiteautomata/beto-sentiment-analysis (other set), its "## License" section, verbatim:
    restriction = "`pysentimiento` is an open-source library for non-commercial use and scientific research purposes only."
    datasets = "Please be aware that models are trained with third-party datasets and are subject to their respective licenses."
    classification, verdict = judge(tmp_path, {"README.md": f"## License\n\n{restriction} {datasets} \n"})
    assert (classification.license_id, verdict) == ("card-non-commercial", "denied")
    assert any("non-commercial use and scientific research purposes only" in note for note in classification.notes)
    about_datasets, _ = judge(tmp_path / "b", {"README.md": f"---\nlicense: mit\n---\n## License\n\n{datasets} \n"})
    assert about_datasets.candidates == ("mit",)


# --- item 6: undeclared lineage ------------------------------------------------------------------


def test_usage_code_loading_the_original_llama_makes_a_gpl_lora_denied(tmp_path):
    # Yairama/alpaca-miner: "license: gpl-3.0"; the card's code: base_model = "decapoda-research/llama-7b-hf"
    classification, verdict = judge(tmp_path, case_files("Yairama__alpaca-miner"), "alpaca-miner")
    assert set(classification.candidates) == {"gpl-3.0", "llama1-weights"} and verdict == "denied"
    assert any('decapoda-research/llama-7b-hf' in note and "llama1-weights applies" in note for note in classification.notes)


def test_prose_naming_the_base_pins_its_version(tmp_path):
    # recogna-nlp/bode-7b-alpaca-pt-br: "license: mit", "- **Modelo Base:** Llama 2", "desenvolvido a partir do modelo Llama 2"
    classification, verdict = judge(tmp_path, case_files("recogna-nlp__bode-7b-alpaca-pt-br"), "bode-7b-alpaca-pt-br")
    assert set(classification.candidates) == {"mit", "llama2"} and verdict == "conditional"
    # bhaskar-ruthvik/falcon7b-finance-tuned: "This is a Falcon-7b model fine-tuned on finance data" (Apache 2.0 base)
    falcon, verdict = judge(tmp_path / "b", case_files("bhaskar-ruthvik__falcon7b-finance-tuned"), "falcon7b-finance-tuned")
    assert (falcon.license_id, verdict) == ("apache-2.0", "allowed")    # the case's label


def test_a_local_path_base_model_names_its_family(tmp_path):
    # ZieChan/lora_model: "base_model: /kaggle/input/llama-3.1/transformers/8b-instruct/2", no license
    classification, verdict = judge(tmp_path, case_files("ZieChan__lora_model"), "lora_model")
    assert classification.license_id == "llama3.1" and verdict == "conditional"


def test_a_family_named_only_in_the_repo_name_is_at_best_conditional(tmp_path):
    # ChuDinhKlopp/phi-3-mini-keyformer's card is only "# phi-3-mini-keyformer"; without its LICENSE file
    classification, verdict = judge(tmp_path, {"README.md": case_file("ChuDinhKlopp__phi-3-mini-keyformer", "README.md")},
                                    "phi-3-mini-keyformer")
    assert (classification.license_id, verdict) == ("mit", "conditional")
    assert "name suggests a Phi base (mit); declare base_model to settle it" in classification.notes
    # unversioned, the family's most restrictive version: the original LLaMA weights
    unversioned, verdict = judge(tmp_path / "b", {"README.md": "# llama-finetune\n"}, "llama-finetune")
    assert (unversioned.license_id, verdict) == ("llama1-weights", "denied")


def test_a_falcon_180b_reupload_named_only_by_its_repo_is_conditional(tmp_path):
    # Alikhan13r/falcon-180B-chat: a one-line card, an ungated re-upload of Falcon-180B-chat; the
    # Falcon 180B TII license (a metadata-only rule) applies, unsettled: at best conditional
    files = case_files("Alikhan13r__falcon-180B-chat")
    classification, verdict = judge(tmp_path, files, "falcon-180B-chat")
    assert "falcon-180b-tii-license" in classification.candidates
    assert verdict == "conditional"
    assert "name suggests a Falcon base (falcon-180b-tii-license); declare base_model to settle it" in classification.notes


def test_comparisons_and_tools_are_not_a_base(tmp_path):
    # Qwen/Qwen2-0.5B-Instruct-GGUF: "./llama-server -m qwen2-0_5b-instruct-q5_k_m.gguf" (llama.cpp's server)
    classification, verdict = judge(tmp_path, case_files("Qwen__Qwen2-0.5B-Instruct-GGUF"), "Qwen2-0.5B-Instruct-GGUF")
    assert classification.candidates == ("apache-2.0",) and verdict == "allowed"
    words = load_card_words()
    # meta-llama/Llama-2-7b-chat-hf compares, it does not derive
    assert not words.gives_a_base(passage("meta-llama__Llama-2-7b-chat-hf", "Llama-2-Chat models outperform", "."))


def test_families_and_phrases_are_data_and_their_licenses_are_rules_or_say_they_are_not():
    words = load_card_words()
    named = {license_id for family in words.families for version in family.versions for license_id in version.licenses}
    named |= {license_id for family in words.families for license_id in family.default}
    known = {license_id for license_id in named if KB.get(license_id) or KB.by_name(license_id)}
    assert {"llama1-weights", "llama2", "llama3.1", "gemma", "tongyi-qianwen", "flux1-dev-noncommercial", "mit"} <= known
    flux = next(f for f in words.families if f.family == "FLUX.1")
    assert flux.licenses_for("FLUX.1 [schnell]") == (("apache-2.0",), True)
    assert flux.licenses_for("FLUX.1-dev") == (("flux1-dev-noncommercial",), True)


def test_front_matter_after_a_blank_line_is_metadata_not_prose(tmp_path):
    # prushton/logo-lora-real-world (other set), verbatim start: a blank line before the front matter.
    # huggingface_hub (and so the Hub) reads it as metadata; so does licscan: its base_model is a
    # declared base (followed by lineage), not a line the metadata missed
    card = ("\n---\nlicense: creativeml-openrail-m\nbase_model: runwayml/stable-diffusion-v1-5\ntags:\n- stable-diffusion\n"
            "- stable-diffusion-diffusers\n- text-to-image\n- diffusers\n- lora\ninference: true\n---\n    \n"
            "# LoRA text2image fine-tuning - prushton/logo-lora-real-world\n")
    folder = tmp_path / "logo-lora-real-world"
    folder.mkdir()
    (folder / "README.md").write_text(card, encoding="utf-8")
    evidence = LocalSource(tmp_path, str(tmp_path / "models.lock")).fetch(ManifestEntry("logo-lora-real-world", "local", 1))
    assert evidence.card.licenses == ("creativeml-openrail-m",)
    assert evidence.card.base_models == ("runwayml/stable-diffusion-v1-5",)
    classification = CLASSIFIER.classify(evidence)
    assert not any("outside its metadata" in c for c in classification.conflicts)


def test_libyaml_reads_the_shipped_card_word_files_as_pyyaml_does():
    """load_card_words reads licscan's own card-word files with libyaml's loader (when PyYAML has it):
    for every shipped file it gives what yaml.safe_load gives, and the card words are built from it."""
    import yaml

    from licscan.classify.card_words import read_card_words_yaml
    from licscan.rules import default_dirs

    files = sorted((default_dirs()[0] / "card-words").glob("*.yaml"))
    assert [f.name for f in files] == ["families.yaml", "license-qualifiers.yaml", "phrases.yaml"]
    for path in files:
        data = read_card_words_yaml(path)
        assert data == yaml.safe_load(path.read_text(encoding="utf-8")) and data
    words = load_card_words()
    assert len(words.families) == len(yaml.safe_load((files[0]).read_text(encoding="utf-8"))["families"])


def test_restriction_wordings_real_cards_use_are_read_and_permissions_are_not():
    # wordings a review found restricted cards use (added sentences, not copied from a card)
    words = load_card_words()
    restricting = {
        "Commercial use of the model is not permitted.": "non-commercial",
        "You may not use the model for commercial purposes.": "non-commercial",
        "Use of this model for commercial purposes is strictly prohibited.": "non-commercial",
        "The model weights are released for non-commercial use.": "non-commercial",
        "The weights are for academic use only.": "research-only",
        "本模型仅供非商业用途使用。": "non-commercial",
        "该模型不允许商业使用。": "non-commercial",
    }
    for sentence, kind in restricting.items():
        assert words.restriction(sentence) == kind, sentence
    for sentence in ("The model can be used for commercial purposes.", "Commercial use is permitted.",
                     "The dataset is for academic use only."):
        assert words.restriction(sentence) is None, sentence


def test_the_card_word_files_are_parsed_once_and_read_back_only_for_the_same_bytes(tmp_path, monkeypatch):
    from licscan.classify import card_words

    monkeypatch.setenv("LICSCAN_CACHE_DIR", str(tmp_path / "cache"))
    source = card_words.default_dirs()[0] / "card-words" / "phrases.yaml"
    copy = tmp_path / "phrases.yaml"
    copy.write_bytes(source.read_bytes())
    first = card_words.read_card_words_yaml(copy)
    stored = list((tmp_path / "cache").glob("cardwords-*.marshal"))
    assert len(stored) == 1 and card_words.read_card_words_yaml(copy) == first
    # a damaged cache file is not used; an edited card-word file is another key, parsed again
    stored[0].write_bytes(b"not marshal data")
    assert card_words.read_card_words_yaml(copy) == first
    copy.write_text(copy.read_text(encoding="utf-8") + "\nextra_key: 'x'\n", encoding="utf-8")
    assert card_words.read_card_words_yaml(copy)["extra_key"] == "x"
