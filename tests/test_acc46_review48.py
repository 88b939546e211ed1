"""review48's false blocks in acc44's readers (ACC46), end to end through the CLI on licscan's verbatim license texts:

1. a card that puts its weights under "the base model's license" and names the base by a Hub id, with its owner or
   without (the Hub's legacy single-name ids: "bert-base-uncased", "gpt2"), in that sentence or on a "Finetuned from" /
   "Base model:" line, names a base: lineage decides as before acc44 (here: the license the card declares);
2. a model family's license declared (and shipped) says which base: "license: llama3.1" with that sentence is Llama 3.1's;
3. a top-level file read only because of its name ("RESEARCH.md", "gemma.md") counts only when its text is a license's or
   states terms; prose is noted and ignored, and adds no license by its name; a model family's bare name ("sam.md",
   "deepseek.md") and a document about terms ("noncommercial_eval.md") are not read at all.
And review48's fail-opens in the same reader: a negation or a data word in an earlier clause no longer hides the
sentence, and a link to the Hub's own pages ("huggingface.co/docs/hub") names no base.
"""

from __future__ import annotations

import pytest

from licscan.sources.collect import plan
from licscan.sources.common import collected_by_its_name_only, is_evidence_name
from licscan.sources.listing import Listed
from tests.test_acc44_review46 import NO_BASE, project, results

SENTENCE = "The model weights follow the license of the base model."


def _template(base: str) -> str:
    """The Hub's model card template, filled in as review48's cards are."""
    return ("# Model Card for review-classifier\n\n### Model Description\n\n- **Developed by:** acme\n"
            "- **Model type:** classifier\n- **License:** apache-2.0\n"
            f"- **Finetuned from model [optional]:** {base}\n\n## License\n\n{SENTENCE}")


NAMED = {
    # 18 of review48's 25 common bases were unknown: a name without its owner
    **{f"tmpl-{base.replace('/', '-')}": ("license: apache-2.0", _template(base), {"LICENSE": "apache-2.0.txt"})
       for base in ("bert-base-uncased", "roberta-base", "gpt2", "flan-t5-base", "deberta-v3-base", "all-MiniLM-L6-v2",
                    "bge-base-en-v1.5", "distilgpt2", "whisper-small")},
    "paren": ("license: apache-2.0", "## License\n\nThis adapter follows the license of the base model (bert-base-uncased).", {}),
    "paren-owner": ("license: apache-2.0",
                    "## License\n\nThis adapter follows the license of the base model (google-bert/bert-base-uncased).", {}),
    "code-span": ("license: apache-2.0", "License: same as the base model (`google-bert/bert-base-uncased`).", {}),
    "link": ("license: apache-2.0", "The weights follow the license of the base model, "
             "[bert-base-uncased](https://huggingface.co/bert-base-uncased).", {}),
    "label": ("license: apache-2.0", "# review-sentiment\n\n- **Model type:** text classification\n"
              "- **Finetuned from model:** bert-base-uncased\n\nThis model inherits the license of its base model.", {}),
    "base-label": ("license: mit", "Base model: roberta-base\n\nThe weights are released under the same license as the base model.",
                   {"LICENSE": "mit.txt"}),
}


def test_a_base_named_by_its_hub_id_with_or_without_its_owner_is_named(tmp_path):
    found = results(project(tmp_path, NAMED))
    for name, result in found.items():
        assert not any(NO_BASE in c for c in result["conflicts"]), (name, result["conflicts"])
        assert result["verdict"] == "allowed", (name, result["verdict"], result["reasons"])


def test_words_that_name_no_model_still_name_no_base(tmp_path):
    # twins: a placeholder, prose words with a hyphen, a version, a link to the Hub's docs, a license file's name
    found = results(project(tmp_path, {
        "placeholder": ("license: apache-2.0", _template("[More Information Needed]"), {"LICENSE": "apache-2.0.txt"}),
        "prose-hyphen": ("license: apache-2.0", "The weights (LoRA-adapter, `pre-trained`) follow the license of the base model.", {}),
        "version": ("license: apache-2.0", "The weights (v1.0) follow the license of the base model (7B).", {}),
        "license-file": ("license: apache-2.0", "The weights follow the license of the base model (see LICENSE-MODEL).", {}),
    }))
    for name, result in found.items():
        assert result["verdict"] == "unknown", (name, result["verdict"], result["reasons"])
        assert any(NO_BASE in c for c in result["conflicts"]), (name, result["conflicts"])


def test_review48s_fail_opens_in_the_same_reader(tmp_path):
    found = results(project(tmp_path, {
        "not-earlier": ("license: apache-2.0", "This is not an official release and the weights follow the license of the base model.", {}),
        "data-earlier": ("license: apache-2.0", "Trained on our own dataset, it is subject to the license of the base model.", {}),
        # a link to the Hub's own pages names no model
        "docs-link": ("license: apache-2.0", "Weights: see the base model's license (how to read it: "
                      "[model cards](https://huggingface.co/docs/hub)).", {}),
        # twins: a negation or another subject in the words' own clause still turns them round
        "not-own": ("license: apache-2.0", "This model is not bound by the license of the base model.", {}),
        "code-own": ("license: apache-2.0", "The training code follows the license of the base model.", {}),
    }))
    for name in ("not-earlier", "data-earlier", "docs-link"):
        assert found[name]["verdict"] == "unknown" and any(NO_BASE in c for c in found[name]["conflicts"]), (name, found[name]["reasons"])
    for name in ("not-own", "code-own"):
        assert found[name]["verdict"] == "allowed", (name, found[name]["reasons"])


FAMILY = {
    "llama-file-aup": ("license: llama3.1", "# support-bot\n\nThe weights are subject to the license of the base model.",
                       {"LICENSE": "llama3.1.txt", "USE_POLICY.md": "llama3.1-aup.txt"}),
    "llama-file": ("license: llama3.1", "# support-bot\n\nPlease also follow the license of the base model.", {"LICENSE": "llama3.1.txt"}),
    "llama-key": ("license: llama3.2", "# support-bot\n\nUse of the weights is subject to the license of the base model.", {}),
    "gemma": ("license: gemma", "# support-bot\n\nThis model inherits the license of its base model.", {"LICENSE": "gemma-terms.txt"}),
    "qwen": ("license: other\nlicense_name: tongyi-qianwen", "# support-bot\n\nLicense: same as the base model.",
             {"LICENSE": "tongyi-qianwen.txt"}),
}


def test_a_model_familys_license_says_which_base(tmp_path):
    found = results(project(tmp_path, FAMILY))
    expected = {"llama-file-aup": "llama3.1", "llama-file": "llama3.1", "llama-key": "llama3.2", "gemma": "gemma",
                "qwen": "tongyi-qianwen"}
    for name, license_id in expected.items():
        result = found[name]
        assert result["verdict"] == "conditional" and result["license"]["id"] == license_id, (name, result["reasons"])
        assert not any(NO_BASE in c for c in result["conflicts"]), name


def test_an_open_license_names_no_base(tmp_path):
    # twin: Apache's and MIT's texts belong to no model family: still no base named (acc44's verdict)
    found = results(project(tmp_path, {
        "apache": ("license: apache-2.0", "This model inherits the license of its base model.", {"LICENSE": "apache-2.0.txt"}),
        "mit": ("license: mit", "Code: MIT. Weights: see the base model's license.", {"LICENSE": "mit.txt"}),
    }))
    for name, result in found.items():
        assert result["verdict"] == "unknown" and any(NO_BASE in c for c in result["conflicts"]), name


RESEARCH = ("# Research summary\n\nThis document summarises the paper behind this model: we train a 7B decoder on 2T tokens,\n"
            "ablate the data mixture and report results on MMLU and GSM8K. See the paper for details.\n")
PROMPT = "# Prompt format\n\nThis checkpoint uses the Gemma chat template with <start_of_turn> markers. Example prompts below.\n"


def test_a_file_read_for_its_name_counts_only_for_a_license_text_or_terms(tmp_path):
    root = project(tmp_path, {
        "research": ("license: apache-2.0", "# Model", {"LICENSE": "apache-2.0.txt"}),
        "research-alone": ("license: mit", "# Model", {}),
        "prompt-doc": ("license: apache-2.0", "# Model", {"LICENSE": "apache-2.0.txt"}),
        "sam-doc": ("license: apache-2.0", "# Model", {"LICENSE": "apache-2.0.txt"}),
        "eval-doc": ("license: apache-2.0", "# Model", {"LICENSE": "apache-2.0.txt"}),
        # twins: the text of a license, and terms of the author's own, still count
        "terms-text": ("license: apache-2.0", "# Model", {"LICENSE": "apache-2.0.txt", "gemma.txt": "gemma-terms.txt"}),
        "research-terms": ("license: mit", "# Model", {}),
    })
    models = root / "models"
    (models / "research" / "RESEARCH.md").write_text(RESEARCH, encoding="utf-8")
    (models / "research-alone" / "RESEARCH.md").write_text(RESEARCH, encoding="utf-8")
    (models / "prompt-doc" / "gemma.md").write_text(PROMPT, encoding="utf-8")
    (models / "sam-doc" / "sam.md").write_text("# SAM integration\n\nHow to combine this detector with Segment Anything for masks.\n",
                                               encoding="utf-8")
    (models / "eval-doc" / "noncommercial_eval.md").write_text(
        "# Evaluation on non-commercial benchmarks\n\nResults on benchmarks whose own licenses are non-commercial: MMLU 61.2.\n",
        encoding="utf-8")
    (models / "research-terms" / "RESEARCH_ONLY.md").write_text(
        "This model is provided for research use only. Commercial use is not permitted.\n", encoding="utf-8")
    found = results(root)
    for name, license_id in (("research", "apache-2.0"), ("research-alone", "mit"), ("prompt-doc", "apache-2.0"),
                             ("sam-doc", "apache-2.0"), ("eval-doc", "apache-2.0")):
        result = found[name]
        assert result["verdict"] == "allowed" and result["license"]["applies"] == [license_id], (name, result["reasons"])
        assert not result["conflicts"], (name, result["conflicts"])
    assert any("RESEARCH.md, collected by its name, holds no license text" in n for n in found["research"]["notes"])
    assert any("gemma.md, collected by its name, holds no license text" in n for n in found["prompt-doc"]["notes"])
    assert found["terms-text"]["verdict"] == "conditional" and "gemma" in found["terms-text"]["license"]["applies"]
    assert found["research-terms"]["verdict"] == "unknown", found["research-terms"]["reasons"]


@pytest.mark.parametrize("name, read", [
    ("RESEARCH.md", True), ("RESEARCH_ONLY.md", True), ("NONCOMMERCIAL.txt", True),
    ("non-commercial-use-only.txt", True), ("gemma.txt", True), ("llama3.1.txt", True),
    ("MRL.md", True), ("SAI-Community.md", True), ("Llama-3.1.md", True),
    ("LICENSE", True), ("LICENSE_MRL.md", True), ("USE_POLICY.md", True),
    # a family's bare name, a document about terms: not read
    ("sam.md", False), ("deepseek.md", False), ("qwen.md", False), ("kolors.md", False),
    ("noncommercial_eval.md", False), ("research_notes.md", False),
])
def test_the_name_test(name, read):
    assert is_evidence_name(name) is read


def test_which_files_are_read_for_their_names_alone():
    assert [n for n in ("RESEARCH.md", "gemma.md", "MRL.md", "llama3.1.txt", "LICENSE", "LICENSE_MRL.md", "USE_POLICY.md",
                        "docs/gemma.md", "sam.md") if collected_by_its_name_only(n)] == ["RESEARCH.md", "gemma.md", "MRL.md", "llama3.1.txt"]


def test_the_hub_fetches_no_file_named_after_a_family_alone():
    listing = [Listed(n, 1000) for n in ("README.md", "LICENSE", "sam.md", "deepseek.md", "qwen.md", "gemma.md", "RESEARCH.md",
                                         "noncommercial_eval.md", "MRL.md")]
    to_read, _ = plan(listing)
    assert [item.name for item in to_read] == ["README.md", "LICENSE", "MRL.md", "RESEARCH.md", "gemma.md"]
