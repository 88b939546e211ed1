"""review49's fail-opens in acc46's readers (ACC47), end to end through the CLI on licscan's verbatim license texts.
Each case below was allowed on acc46 and is back to its verdict before acc46 (c124baa):

1. a "Base model:" / "Finetuned from model:" label whose value is no model ("TBD-1.0", "in-house", "not-disclosed",
   "Proprietary-LLM", "our-internal-7b (not public)") names no base: a name without its owner is a model's only when it
   is a family's name (card-words/families.yaml) or an architecture's word with a size, version or casing
   ("bert-base-uncased", "gpt2");
2. the checkpoint's own id ("acme/support-bot-7b is released under the same license as its base model") is no base;
3. a slash pair is an owner/name only when merge tags would read it as one: "GGUF/AWQ", "GGUF/GGML", "text/image" are not;
4. a license many unrelated models take (CreativeML OpenRAIL-M, OpenRAIL++, the DeepSeek License, a modified MIT, the
   NVIDIA Open Model License) does not say which base; one family's license (Llama's, Gemma's, Qwen's) still does;
5. a file's or a word's name in parentheses after "the base model" ("(TERMS_OF_USE.md)", "(in-house)") names no base;
6. a file collected by its name that names a license or says "licensed/released under" is read as a license file
   again (llama3.1.txt's "Built with Llama" notice, MRL.md pointing at the MRL), not set aside as holding no license.
"""

from __future__ import annotations

from licscan.classify.strategies.base_license_words import is_a_family_license
from licscan.rules import load_knowledge_base
from licscan.sources.card_parents import merge_tag_models, repo_id_shaped
from tests.test_acc44_review46 import NO_BASE, project, results

SENTENCE = "The model weights follow the license of the base model."
CARD = "# support-bot-7b\n\nThis model is a fine-tuned chat assistant for customer support dialogues.\n\n## License\n\n"


def _unknown_no_base(found: dict[str, dict], names) -> None:
    for name in names:
        result = found[name]
        assert result["verdict"] == "unknown" and any(NO_BASE in c for c in result["conflicts"]), \
            (name, result["verdict"], result["reasons"])


def test_a_base_label_whose_value_is_no_model_names_no_base(tmp_path):
    labels = {"tbd": "- **Base model:** TBD-1.0", "in-house": "Base model: in-house",
              "scratch": "- **Finetuned from model [optional]:** trained-from-scratch",
              "table": "| Base model | not-disclosed |", "proprietary": "Base model: Proprietary-LLM",
              "internal": "Base model: our-internal-7b (not public)"}
    cases = {name: ("license: apache-2.0", f"# support-bot-7b\n\n{line}\n\n## License\n\n{SENTENCE}", {"LICENSE": "apache-2.0.txt"})
             for name, line in labels.items()}
    # twins: a legacy single-name Hub id and a family's model named on the label still name a base (acc46 held)
    cases["legacy"] = ("license: apache-2.0", f"# support-bot\n\n- **Finetuned from model [optional]:** distilbert-base-uncased\n\n{SENTENCE}",
                       {"LICENSE": "apache-2.0.txt"})
    cases["family"] = ("license: apache-2.0", f"# support-bot-9b\n\nBase model: gemma-2-9b\n\n## License\n\n{SENTENCE}",
                       {"LICENSE": "apache-2.0.txt"})
    found = results(project(tmp_path, cases))
    _unknown_no_base(found, labels)
    assert found["legacy"]["verdict"] == "allowed", found["legacy"]["reasons"]
    assert found["family"]["license"]["id"] == "gemma" and found["family"]["verdict"] == "conditional", found["family"]["reasons"]


def test_the_checkpoints_own_id_is_no_base(tmp_path):
    found = results(project(tmp_path, {
        "own": ("license: apache-2.0", CARD + "acme/support-bot-7b is released under the same license as its base model.",
                {"LICENSE": "apache-2.0.txt"}),
        # twin: another model's id in the same sentence is a base
        "other": ("license: apache-2.0", CARD + "Fine-tuned from google-bert/bert-base-uncased, acme/support-bot-7b is released "
                  "under the same license as its base model.", {"LICENSE": "apache-2.0.txt"}),
    }))
    _unknown_no_base(found, ["own"])
    assert found["other"]["verdict"] == "allowed", found["other"]["reasons"]


def test_a_slash_pair_of_formats_or_words_is_no_owner_and_name(tmp_path):
    sentences = {"gguf-awq": "These GGUF/AWQ quantizations follow the license of the base model.",
                 "gguf-ggml": "The GGUF/GGML files in this repo follow the license of the base model.",
                 "text-image": "The text/image weights follow the license of the base model."}
    found = results(project(tmp_path, {name: ("license: apache-2.0", CARD + s, {"LICENSE": "apache-2.0.txt"})
                                       for name, s in sentences.items()}))
    _unknown_no_base(found, sentences)
    assert not repo_id_shaped("GGUF/GGML") and not repo_id_shaped("GGUF/AWQ") and not repo_id_shaped("text/image")
    # twins: a model's repo id keeps its shape, in a merge card's tags too
    assert repo_id_shaped("meta-llama/Llama-2-7b-hf")
    assert merge_tag_models(("merge", "mistralai/Mistral-7B-Instruct-v0.2", "GGUF/GGML")) == ["mistralai/Mistral-7B-Instruct-v0.2"]


def test_a_license_many_unrelated_models_take_does_not_say_which_base(tmp_path):
    found = results(project(tmp_path, {
        "creativeml": ("license: creativeml-openrail-m\ntags: [lora, text-to-image]",
                       "# pixel-style-lora\n\nA style LoRA. This LoRA follows the license of the base model.", {}),
        "openrailpp": ("license: openrail++\ntags: [lora, text-to-image]",
                       "# pixel-style-lora\n\nA style LoRA. Usage is subject to the license of the base model.", {}),
    }))
    _unknown_no_base(found, ["creativeml", "openrailpp"])
    kb = load_knowledge_base()
    for generic in ("creativeml-openrail-m", "openrail++", "deepseek-model", "kimi-k2-modified-mit",
                    "minimax-m2-modified-mit", "nvidia-open-model-license-20251024"):
        assert not is_a_family_license(kb, generic), generic
    # twins: one family's license still says which base (acc46's llama3.1 / gemma / tongyi-qianwen cases)
    for family in ("llama3.1", "llama3.2", "gemma", "tongyi-qianwen", "qwen-research"):
        assert is_a_family_license(kb, family), family


def test_a_file_or_word_in_parentheses_after_the_base_model_names_no_base(tmp_path):
    words = {"terms-file": "TERMS_OF_USE.md", "agreement-pdf": "LICENSE-AGREEMENT.pdf", "in-house": "in-house",
             "non-commercial": "non-commercial", "v2-final": "v2-final"}
    cases = {name: ("license: apache-2.0", CARD + f"The model weights follow the license of the base model ({word}).",
                    {"LICENSE": "apache-2.0.txt"}) for name, word in words.items()}
    # twins: a legacy single-name id and a family's model without its owner are bases (acc46 held)
    cases["paren-legacy"] = ("license: apache-2.0", CARD + "This adapter follows the license of the base model (bert-base-uncased).", {})
    cases["paren-family"] = ("license: apache-2.0", CARD + "The model weights follow the license of the base model (c4ai-command-r-v01).",
                       {"LICENSE": "apache-2.0.txt"})
    found = results(project(tmp_path, cases))
    _unknown_no_base(found, words)
    assert found["paren-legacy"]["verdict"] == "allowed", found["paren-legacy"]["reasons"]
    assert found["paren-family"]["verdict"] == "denied", found["paren-family"]["reasons"]


# "Built with Llama" notice, as the Llama 3.1 Community License (section 1.b.iii) words it, and a pointer to the MRL
LLAMA_NOTICE = ("Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. "
                "All Rights Reserved.\n")
MRL_POINTER = ("# Mistral AI Research License\n\nThese weights are released under the Mistral AI Research License (MRL). "
               "See https://mistral.ai/licenses/MRL-0.1.md\n")


def test_a_name_collected_file_that_names_a_license_is_read_as_before(tmp_path):
    card = "# support-bot\n\nA fine-tuned chat assistant."
    root = project(tmp_path, {
        "notice-file": ("license: apache-2.0", card, {"LICENSE": "apache-2.0.txt"}),
        "pointer-file": ("license: apache-2.0", card, {"LICENSE": "apache-2.0.txt"}),
    })
    (root / "models" / "notice-file" / "llama3.1.txt").write_text(LLAMA_NOTICE, encoding="utf-8")
    (root / "models" / "pointer-file" / "MRL.md").write_text(MRL_POINTER, encoding="utf-8")
    found = results(root)
    for name, verdict in (("notice-file", "unknown"), ("pointer-file", "denied")):
        result = found[name]
        assert result["verdict"] == verdict, (name, result["verdict"], result["reasons"])
        assert not any("holds no license text" in r for r in result["reasons"]), (name, result["reasons"])
