"""review17's fail-opens (and review18's false blocks after them) in the session's last merges: a family's license text the checkpoint ships does not
cover an older version its card names as the base; a sentence ending on a model's size ends there (the comparison
after it does not take the base away); plain ways of saying "no commercial use" in English, Polish and Arabic; a
"revenue" requirement that sets no size is no revenue threshold.

Each card is the real BERT card (benchmarks/real_cards/cases/google-bert__bert-base-uncased: `license: apache-2.0`
and the Apache LICENSE) with one sentence added, or with the Llama 2 license text in place of the Apache one.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from licscan.evaluate import Evaluator
from licscan.model import ManifestEntry, Project
from licscan.sources.local import LocalSource
from tests.test_weights_terms_and_license_keys import BERT, CLASSIFIER, KB, bert

TEXTS = Path(__file__).resolve().parent.parent / "license_texts"


def test_the_llama_2_text_a_checkpoint_ships_does_not_cover_the_original_llama_it_was_fine_tuned_from(tmp_path):
    card = (BERT / "README.md").read_text(encoding="utf-8").replace("license: apache-2.0\n", "license: llama2\n", 1)
    (tmp_path / "README.md").write_text(card + "\nThis model is fine-tuned from the original LLaMA-7B (Touvron et al., "
                                               "February 2023) weights.\n", encoding="utf-8")
    (tmp_path / "LICENSE").write_text((TEXTS / "llama2.txt").read_text(encoding="utf-8"), encoding="utf-8")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    evidence = replace(evidence, entry=ManifestEntry(ref="acme/llama-2-7b-chat-ext", kind="local", line=1))
    result = Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))
    assert result.verdict == "denied" and "llama1-weights" in result.classification.candidates, result.reasons


@pytest.mark.parametrize("sentence, family_license", [
    ("This model is fine-tuned from LLaMA-7B. We compare it to GPT-4.", "llama1-weights"),
    ("This model is a fine-tune of Llama-2-13B. It outperforms GPT-3.5 on MT-Bench.", "llama2"),
])
def test_a_comparison_in_the_next_sentence_does_not_take_the_base_away(tmp_path, sentence, family_license):
    result = bert(tmp_path, f"\n## Model\n\n{sentence}\n")
    assert family_license in result.classification.candidates, result.reasons
    assert result.verdict != "allowed"


@pytest.mark.parametrize("sentence", [
    "You may not use this model in commercial products.",
    "You may not use this model in any commercial product or service, including offering it as a hosted service (SaaS).",
    "The model may not be used to provide commercial services.",
    "Strictly for non-commercial use.",
    "Strictly non-commercial.",
    "Please do not use it commercially.",
    "Not for production or commercial deployment.",
    # review18: the contracted forms
    "Commercial use isn't allowed.",
    "Commercial applications aren't permitted.",
    "This model isn't for commercial use.",
    "Komercyjne wykorzystanie tego modelu jest zabronione.",
    "يُمنع استخدام هذا النموذج لأغراض تجارية.",
])
def test_a_plain_ban_on_commercial_use_denies(tmp_path, sentence):
    result = bert(tmp_path, f"\n## Usage\n\n{sentence}\n")
    assert result.verdict == "denied", (result.classification.candidates, result.reasons)
    assert result.classification.license_id == "card-non-commercial"


@pytest.mark.parametrize("sentence, rule", [
    ("Revenue-generating use requires a commercial license.", "card-commercial-permission"),
    ("Companies with any revenue must obtain a commercial license.", "card-commercial-permission"),
])
def test_a_license_required_of_any_paying_use_is_permission_not_a_threshold(tmp_path, sentence, rule):
    result = bert(tmp_path, f"\n## Usage\n\n{sentence}\n")
    assert result.verdict == "denied" and result.classification.license_id == rule, result.reasons


@pytest.mark.parametrize("sentence", [
    "This model may be used for non-commercial and commercial purposes.",
    # review18: a grant for non-commercial use says nothing against commercial use beside an Apache license, and
    # negated bans and "not only" in the new languages grant it
    "This model may be used for non-commercial purposes.",
    "This model may be used for non-commercial purposes, research, and commercial applications.",
    "We filtered out all images under strictly non-commercial licenses, so the training set is commercially usable.",
    "The demo UI is GPL-licensed; you may not use it in commercial products without releasing your source.",
    "L'uso commerciale non è vietato.",
    "O uso comercial não é proibido.",
    "Commercieel gebruik is niet verboden.",
    "Użycie komercyjne nie jest zabronione.",
    "لا يوجد ما يمنع الاستخدام التجاري",
    "Model yalnızca araştırma için değil, ticari amaçlarla da kullanılabilir.",
    # review18: the same in the languages read before this session
    "Die kommerzielle Nutzung ist nicht untersagt.",
    "Коммерческое использование не запрещено.",
    "本モデルの商用利用は禁止されていません。",
    "本模型不仅限于学术研究，也可用于商业用途。",
    "研究目的に限らず、商用利用も可能です。",
    "Commercial use is permitted without a paid license.",
    "Companies with more than $10M in annual revenue must obtain a license.",
])
def test_permissions_and_real_thresholds_are_not_read_as_bans(tmp_path, sentence):
    result = bert(tmp_path, f"\n## Usage\n\n{sentence}\n")
    assert result.verdict in ("allowed", "conditional"), (result.classification.candidates, result.reasons)


@pytest.mark.parametrize("sentence", [
    "This model was trained on the ShareGPT dataset, which means it is for non-commercial use only.",
    "This model was trained on the ShareGPT dataset, which is why it is for non-commercial use only.",
    "本模型基于 ShareGPT 数据集训练，仅供非商业用途使用。",
])
def test_a_restriction_that_follows_from_the_statement_about_the_model_is_the_models(tmp_path, sentence):
    result = bert(tmp_path, f"\n## Usage\n\n{sentence}\n")
    assert result.verdict == "denied", (result.classification.candidates, result.reasons)


@pytest.mark.parametrize("sentence", [
    "This model was trained on the ShareGPT dataset, which is licensed for non-commercial use only.",
    "The weights are MIT, the data, however, is for research purposes only.",
])
def test_a_restriction_a_dataset_is_said_to_carry_stays_the_datasets(tmp_path, sentence):
    result = bert(tmp_path, f"\n## Usage\n\n{sentence}\n")
    assert result.verdict == "allowed", (result.classification.candidates, result.reasons)


def test_a_one_row_table_a_comparison_leads_into_is_another_models(tmp_path):
    table = ("\n## Baseline\nWe compare with the strongest open model of the same size:\n\n| Model | Size | License |\n"
             "|---|---|---|\n| Acme-Research-7B | 7B | CC BY-NC 4.0 |\n")
    assert bert(tmp_path, table).verdict == "allowed"


def test_a_weights_label_that_says_where_the_weights_are_names_no_license(tmp_path):
    assert bert(tmp_path, "\n## Links\n\n- **Model weights:** [🤗 Hugging Face](https://huggingface.co/acme-ai/Foo-7B)\n").verdict == "allowed"


def test_projects_built_upon_a_family_are_no_base_of_the_model(tmp_path):
    # TinyLlama's card: "We adopted exactly the same architecture and tokenizer as Llama 2. This means TinyLlama can be
    # plugged and played in many open-source projects built upon Llama."
    result = bert(tmp_path, "\n## About\n\nWe adopted exactly the same architecture and tokenizer as Llama 2. This means "
                            "TinyLlama can be plugged and played in many open-source projects built upon Llama.\n")
    assert "llama1-weights" not in result.classification.candidates, result.reasons


@pytest.mark.parametrize("sentence", [
    "Die kommerzielle Nutzung ist nicht gestattet.",
    "Коммерческое использование запрещено.",
    "本モデルの商用利用は禁止です。",
    "本模型仅限于学术研究。",
    "研究目的に限ります。",
])
def test_the_bans_those_negations_were_read_beside_still_deny(tmp_path, sentence):
    assert bert(tmp_path, f"\n## Usage\n\n{sentence}\n").verdict == "denied"


def test_a_one_row_table_led_in_by_words_about_data_is_still_the_models(tmp_path):
    table = ("\n## License\nThe model was trained on our own data. Its license:\n\n| Model | License |\n|---|---|\n"
             "| Foo-7B | CC BY-NC 4.0 |\n")
    assert bert(tmp_path, table).verdict == "denied"
