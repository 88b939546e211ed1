"""Restricted checkpoints the thirteenth review found passing, each on real words: the cards LazyMergekit and
mergekit-moe write (their templates' own sentences), real mergekit cards of benchmarks/real_cards, the real BERT
card (license: apache-2.0 and its Apache LICENSE, allowed as it is) with one sentence added, and the fake Hub's
facebook/musicgen-small (CC BY-NC 4.0) as the restricted parent no family word names.
"""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from licscan.base_ids import source_base_ids
from licscan.sources.card_parents import merge_card_models
from tests.test_card_text_reading import bert
from tests.test_lineage_round11 import CASES, family, judged, local
from tests.test_real_card_gaps import case_evidence

APACHE = CASES.parent.parent.parent / "license_texts" / "apache-2.0.txt"

# --- 1. a merge's parents, as LazyMergekit and mergekit-moe write them ------------------------------------------

# mlabonne's LazyMergekit template (its linear-merge card): the list right after the sentence, the
# Configuration heading with its emoji, tags and no base_model
LAZYMERGEKIT = """---
license: apache-2.0
tags:
- merge
- mergekit
- lazymergekit
- mistralai/Mistral-7B-v0.1
- facebook/musicgen-small
---

# Merged-7B

Merged-7B is a merge of the following models using [LazyMergekit](https://colab.research.google.com/drive/1obulZ1ROXHjYLn6PPZJwRR6GzgQogxxb?usp=sharing):
* [mistralai/Mistral-7B-v0.1](https://huggingface.co/mistralai/Mistral-7B-v0.1)
* [facebook/musicgen-small](https://huggingface.co/facebook/musicgen-small)

## 🧩 Configuration

```yaml
models:
  - model: mistralai/Mistral-7B-v0.1
    parameters:
      weight: 0.5
  - model: facebook/musicgen-small
    parameters:
      weight: 0.5
merge_method: linear
dtype: bfloat16
```

## 💻 Usage

```python
!pip install -qU transformers accelerate
```
"""

# mergekit-moe's own example (docs/moe.md, "Shove some Mistral models in a clown car") with two experts
MOE_CONFIG = """base_model: mistralai/Mistral-7B-v0.1
gate_mode: hidden
dtype: bfloat16
experts:
  - source_model: mistralai/Mistral-7B-v0.1
    positive_prompts:
      - "<|im_start|>user\\nHello, who are you?<|im_end|>"
  - source_model: facebook/musicgen-small
    positive_prompts:
      - "As a doctor of medicine,"
"""


def _checkpoint(tmp_path, card: str, files: dict[str, str] | None = None):
    (tmp_path / "README.md").write_text(card, encoding="utf-8")
    shutil.copyfile(APACHE, tmp_path / "LICENSE")
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return local(tmp_path, "acme/merged-7b")


def test_a_lazymergekit_card_without_base_model_has_its_parents_read(tmp_path):
    result = judged(_checkpoint(tmp_path, LAZYMERGEKIT))
    assert ("facebook/musicgen-small", "cc-by-nc-4.0") in family(result) and result.verdict == "denied", result.reasons


def test_a_lazymergekit_configuration_block_under_an_emoji_heading_is_read():
    # the list cut off: the block alone names both parents
    body = LAZYMERGEKIT.split("---\n", 2)[2]
    without_list = body.replace("* [mistralai/Mistral-7B-v0.1](https://huggingface.co/mistralai/Mistral-7B-v0.1)\n", "")
    without_list = without_list.replace("* [facebook/musicgen-small](https://huggingface.co/facebook/musicgen-small)\n", "")
    assert sorted(merge_card_models(without_list)) == ["facebook/musicgen-small", "mistralai/Mistral-7B-v0.1"]


def test_the_list_lazymergekit_writes_for_a_mixture_of_experts_is_read():
    # LazyMergekit's MoE template: "X is a Mixture of Experts (MoE) made with the following models using ..."
    body = ("# MoE-2x7B\n\nMoE-2x7B is a Mixture of Experts (MoE) made with the following models using "
            "[LazyMergekit](https://colab.research.google.com/drive/1obulZ1ROXHjYLn6PPZJwRR6GzgQogxxb?usp=sharing):\n"
            "* [mistralai/Mistral-7B-v0.1](https://huggingface.co/mistralai/Mistral-7B-v0.1)\n"
            "* [facebook/musicgen-small](https://huggingface.co/facebook/musicgen-small)\n")
    assert merge_card_models(body) == ["mistralai/Mistral-7B-v0.1", "facebook/musicgen-small"]


def test_mergekits_list_after_a_blank_line_is_read():
    # adriansterr/pt_gl_linear_50_50's real mergekit card, its local Llama swapped for musicgen, a blank line after
    # the lead-in and the Configuration block left out, so that the list alone names the parents
    card = (CASES / "adriansterr__pt_gl_linear_50_50" / "files" / "README.md").read_text(encoding="utf-8")
    body = card.split("---\n", 2)[2].split("### Configuration")[0]
    body = body.replace("D:/Uni/Masterarbeit Code/jakob_finetuning/finetuned_models/meta_llama_full_colab_remerge_2",
                        "facebook/musicgen-small")
    assert merge_card_models(body) == ["facebook/musicgen-small", "Nos-PT/Llama-Carvalho-PT-GL"]
    spaced = body.replace("included in the merge:\n", "included in the merge:\n\n")
    assert spaced != body and merge_card_models(spaced) == ["facebook/musicgen-small", "Nos-PT/Llama-Carvalho-PT-GL"]


def test_a_list_of_models_that_speaks_of_no_merge_is_no_parent():
    body = ("This is a merge of pre-trained language models created using [mergekit](https://github.com/cg123/mergekit).\n\n"
            "## Evaluation\n\nThe following models were evaluated:\n\n* [facebook/musicgen-small](https://huggingface.co/facebook/musicgen-small)\n")
    assert merge_card_models(body) == []


def test_a_mergekit_moe_config_file_names_its_base_and_every_expert(tmp_path):
    card = "---\nlicense: apache-2.0\nbase_model:\n- mistralai/Mistral-7B-v0.1\ntags:\n- moe\n- mergekit\n---\n# MoE-2x7B\n"
    evidence = _checkpoint(tmp_path, card, {"mergekit_moe_config.yml": MOE_CONFIG})
    # the gate mode, the dtype and the prompts name no model
    assert evidence.base_models == ("mistralai/Mistral-7B-v0.1", "facebook/musicgen-small")
    result = judged(evidence)
    assert ("facebook/musicgen-small", "cc-by-nc-4.0") in family(result) and result.verdict == "denied", result.reasons


def test_a_mergekit_moe_config_in_the_cards_configuration_block_names_every_expert(tmp_path):
    card = ("---\nlicense: apache-2.0\nbase_model:\n- mistralai/Mistral-7B-v0.1\ntags:\n- moe\n- mergekit\n---\n# MoE-2x7B\n\n"
            "This is a mixture of experts made with [mergekit](https://github.com/arcee-ai/mergekit) (mergekit-moe).\n\n"
            "## Configuration\n\n```yaml\n" + MOE_CONFIG + "```\n")
    result = judged(_checkpoint(tmp_path, card))
    assert ("facebook/musicgen-small", "cc-by-nc-4.0") in family(result) and result.verdict == "denied", result.reasons


# --- 2. a conversion's source, on a local copy and in TheBloke's words --------------------------------------------

MLX_CARD = "mlx-community__Mistral-7B-Instruct-v0.3-4bit"


def _sources(evidence, own_id: str) -> list[str]:
    return [repo for repo, _ in source_base_ids(evidence, own_id)]


def test_a_local_copy_of_an_mlx_community_card_keeps_its_source():
    # the real mlx-lm card in a local folder: "The Model [mlx-community/X](...) was converted to MLX format from
    # [mistralai/X](...)"; its title "# mlx-community/X" says whose card it is, so its own link is no other repo
    evidence = case_evidence(MLX_CARD)
    assert _sources(evidence, "models/mistral-4bit") == ["mistralai/Mistral-7B-Instruct-v0.3"]


def test_a_conversion_whose_subject_is_another_repo_than_the_cards_own_gives_no_source():
    # the same card, a sentence about another repo added: "[mlx-community/Other](...) was converted ... from [Y]" is
    # that repo's source, not this checkpoint's
    evidence = case_evidence(MLX_CARD)
    other = ("\n## Siblings\n\nThe Model [mlx-community/musicgen-small-4bit](https://huggingface.co/mlx-community/musicgen-small-4bit) "
             "was converted to MLX format from [facebook/musicgen-small](https://huggingface.co/facebook/musicgen-small).\n")
    added = replace(evidence, card_body=evidence.card_body + other)
    assert _sources(added, "models/mistral-4bit") == ["mistralai/Mistral-7B-Instruct-v0.3"]


def test_thebloke_gguf_words_name_the_source():
    # TheBloke's GGUF cards say "This repo contains GGUF format model files for [Gryphe's MythoMax L2 13B](...)"
    # (three words between the format and "for"); his GPTQ card, the metadata's base_model left out, with them
    evidence = case_evidence("TheBloke__MythoMax-L2-13B-GPTQ")
    assert "This repo contains GPTQ model files for [Gryphe's" in evidence.card_body
    gguf = replace(evidence, card=replace(evidence.card, base_models=()),
                   card_body=evidence.card_body.replace("GPTQ model files for [Gryphe's", "GGUF format model files for [Gryphe's"))
    assert _sources(gguf, "acme/MythoMax-L2-13B-GGUF") == ["Gryphe/MythoMax-L2-13b"]


# --- 3. restrictions said in other words, and as a label and its value ---------------------------------------------

@pytest.mark.parametrize(("appended", "rule"), [
    ("You may not use this model or its derivatives for commercial purposes.", "card-non-commercial"),
    ("Commercial use of this model or its derivatives is prohibited.", "card-non-commercial"),
    ("It is not allowed to use this model commercially.", "card-non-commercial"),
    ("You agree not to use the model, in whole or in part, for any commercial purpose.", "card-non-commercial"),
    ("This model is shared for non-commercial purposes.", "card-non-commercial"),
    ("For commercial use, you must obtain a separate commercial license from Acme.", "card-commercial-permission"),
    ("This model is for personal and research use; commercial deployment requires a license from Acme.",
     "card-commercial-permission"),
    # a label and its value: the colon ends a clause, the two are read together too
    ("- Commercial use: Prohibited", "card-non-commercial"),
    ("**Commercial use:** No", "card-non-commercial"),
    ("| Use | Allowed |\n|---|---|\n| Research | ✅ |\n| Commercial use | ❌ |", "card-non-commercial"),
    ("Permitted: research and education. Not permitted: commercial use.", "card-non-commercial"),
])
def test_a_restriction_in_other_words_or_as_a_label_is_read(tmp_path, appended, rule):
    result = bert(tmp_path, "\n## Usage restrictions\n\n" + appended + "\n")
    assert result.verdict == "denied" and rule in result.classification.candidates, result.reasons


@pytest.mark.parametrize("appended", [
    "- Commercial use: Allowed",
    "**Commercial use:** Yes",
    "| Use | Allowed |\n|---|---|\n| Research | ✅ |\n| Commercial use | ✅ |",
    "Permitted: research, education and commercial use.",
    "- Commercial use: no restrictions",
    # the label's value about the outputs, not the model
    "Not permitted: commercial use of the generated outputs.",
])
def test_a_label_that_permits_commercial_use_restricts_nothing(tmp_path, appended):
    result = bert(tmp_path, "\n## Usage restrictions\n\n" + appended + "\n")
    assert result.verdict == "allowed", result.reasons


# --- 4. a License line that gives its reason: the training data it names is why, not what it licenses ---------------

def test_a_license_line_whose_reason_is_the_training_data_is_the_models(tmp_path):
    result = bert(tmp_path, "\n## License\n\nCC BY-NC 4.0, because the training data is non-commercial.\n")
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons


def test_a_license_line_with_a_concession_about_the_base_and_a_reason_is_not_passed(tmp_path):
    # "this fine-tune is CC BY-NC 4.0" names this checkpoint beside its base: the weights' terms are not allowed
    result = bert(tmp_path, "\n## License\n\nAlthough the base is Apache 2.0, this fine-tune is CC BY-NC 4.0 because of its training data.\n")
    assert result.verdict in ("denied", "unknown") and any("cc-by-nc-4.0" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("appended", [
    # the reason names the data only and the license line the model's Apache: nothing restricts
    "\n## License\n\nApache 2.0, since the training data is CC BY 4.0.\n",
    # review 12's: a line licensing the data only stays the data's
    "\n## License\n\nThe training data is licensed under CC BY-NC 4.0.\n",
])
def test_a_license_line_about_the_data_or_with_a_permissive_reason_stays_allowed(tmp_path, appended):
    assert bert(tmp_path, appended).verdict == "allowed"


@pytest.mark.parametrize("appended", [
    # a reason or concession that names the weights is read as before: the weights' CC BY-NC applies
    "\n## License\n\nApache 2.0 for the code, since the weights are CC BY-NC 4.0.\n",
    "\n## License\n\nWhile the weights are CC BY-NC 4.0, the code is MIT.\n",
])
def test_a_reason_naming_the_weights_is_not_taken_out(tmp_path, appended):
    assert bert(tmp_path, appended).verdict == "denied"


# --- 5. an access gate's wording ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("front_matter", "rule"), [
    ('extra_gated_prompt: "By clicking below you accept the terms of the CC BY-NC 4.0 license."\n', "cc-by-nc-4.0"),
    ('extra_gated_prompt: "Access to this model requires accepting the Creative Commons Attribution-NonCommercial 4.0 '
     'International license."\n', "cc-by-nc-4.0"),
    ("extra_gated_fields:\n  I agree to only use the model for non-commercial academic research: checkbox\n", "card-research-only"),
    ('extra_gated_prompt: "For commercial use, you must obtain a separate commercial license from Acme."\n',
     "card-commercial-permission"),
])
def test_an_access_gates_terms_in_other_words_are_read(tmp_path, front_matter, rule):
    result = bert(tmp_path, front_matter=front_matter)
    assert result.verdict == "denied" and rule in result.classification.candidates, result.reasons


def test_an_access_gate_accepting_a_permissive_license_restricts_nothing(tmp_path):
    result = bert(tmp_path, front_matter='extra_gated_prompt: "By clicking below you accept the terms of the Apache 2.0 license."\n')
    assert result.verdict == "allowed", result.reasons


# --- 6. minor: a License line that says what this checkpoint is --------------------------------------------------

@pytest.mark.parametrize("appended", [
    "\n## License\n\nThis fine-tune is CC BY-NC 4.0.\n",
    "\n## License\n\nThis adapter is CC BY-NC 4.0.\n",
    # item 4's line, its concession and reason read away: "this fine-tune is CC BY-NC 4.0"
    "\n## License\n\nAlthough the base is Apache 2.0, this fine-tune is CC BY-NC 4.0 because of its training data.\n",
])
def test_a_license_line_naming_what_this_checkpoint_is_gives_its_own_license(tmp_path, appended):
    result = bert(tmp_path, appended)
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons


@pytest.mark.parametrize("appended", [
    # a base named, or the license given as the base's: the words do not settle the weights' terms, as before
    "\n## License\n\nThis fine-tune of Llama 2 is CC BY-NC 4.0.\n",
    "\n## License\n\nThis LoRA follows the base model's license: CC BY-NC 4.0.\n",
])
def test_a_license_line_that_names_a_base_beside_this_checkpoint_stays_unsettled(tmp_path, appended):
    assert bert(tmp_path, appended).verdict == "unknown"


# --- review13's minor items: a License line that names the base only to compare ---------------------------------------


@pytest.mark.parametrize("appended", [
    "\n## License\n\nReleased under CC BY-NC 4.0, like the base model.\n",
    "\n- **License:** CC BY-NC 4.0 (base model: Apache 2.0)\n",
])
def test_a_license_line_naming_the_base_only_to_compare_leaves_a_stricter_license_unsettled(tmp_path, appended):
    # was conditional (a question for the lineage, passing the gate): the line's license may be this checkpoint's
    result = bert(tmp_path, appended)
    assert result.verdict == "unknown" and result.failed, result.reasons


def test_the_same_comparison_with_the_license_already_declared_changes_nothing(tmp_path):
    assert bert(tmp_path, "\n## License\n\nThis model is released under Apache 2.0, like the base model.\n").verdict == "allowed"
