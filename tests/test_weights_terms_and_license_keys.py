"""The fourth review's fail-opens in how a card names the weights' license (F4) and in card metadata the Hub
does not read (a license key in another case, a YAML merge key).

Each card is the real BERT card (benchmarks/real_cards/cases/google-bert__bert-base-uncased: `license:
apache-2.0` and the Apache LICENSE, allowed as it is) with one sentence, table or front-matter line added.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.classify import Classifier
from licscan.evaluate import Evaluator
from licscan.model import ManifestEntry, Project, Result
from licscan.rules import load_knowledge_base
from licscan.sources.local import LocalSource

ROOT = Path(__file__).resolve().parent.parent
BERT = ROOT / "benchmarks" / "real_cards" / "cases" / "google-bert__bert-base-uncased" / "files"
KB = load_knowledge_base()
CLASSIFIER = Classifier(KB)


def bert(tmp_path: Path, appended: str = "", front_matter: str = "", replace_license_line: str | None = None) -> Result:
    """The BERT card with ``appended`` as a last section and ``front_matter`` lines after its `license:`
    (or that line replaced by ``replace_license_line``)."""
    card = (BERT / "README.md").read_text(encoding="utf-8")
    assert "license: apache-2.0\n" in card
    line = "license: apache-2.0\n" if replace_license_line is None else replace_license_line
    card = card.replace("license: apache-2.0\n", line + front_matter, 1)
    (tmp_path / "README.md").write_text(card + appended, encoding="utf-8")
    (tmp_path / "LICENSE").write_bytes((BERT / "LICENSE").read_bytes())
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))


def test_the_bert_card_as_it_is_is_allowed(tmp_path):
    assert bert(tmp_path).verdict == "allowed"


# --- a license licscan does not know, named for the weights -----------------------------------------

@pytest.mark.parametrize("sentence", [
    # the code's license after the name is not the weights' ("MIT" made it allowed)
    "The model weights are released under the Acme Community License v1 (the code is under MIT).",
    "The model weights are released under the Acme Community License v1 - the code is under MIT.",
    # no verb of releasing
    "The model weights are under the Acme Community License v1.",
    "The license of the model weights is the Acme Community License v1.",
    "The model weights' license is the Acme Community License v1.",
    "**Model weights license:** Acme Community License v1",
    # a link to another site's page whose last word is "license" is not the repo's LICENSE file
    "The model weights are released under the [Acme Community License](https://acme.example/license).",
])
def test_weights_named_under_a_license_licscan_does_not_know_are_unknown(tmp_path, sentence):
    result = bert(tmp_path, f"\n## License\n\n{sentence}\n")
    assert result.verdict == "unknown"
    assert any("the card says the weights are under “Acme Community License" in c and "which licscan does not know" in c
               for c in result.classification.conflicts), result.classification.conflicts


def test_a_table_row_giving_the_weights_a_non_commercial_license_denies(tmp_path):
    table = "\n| Component | License |\n|---|---|\n| Code | Apache 2.0 |\n| Weights | CC BY-NC 4.0 |\n"
    result = bert(tmp_path, table)
    assert result.verdict == "denied"
    assert result.classification.license_id == "cc-by-nc-4.0"
    assert any("“| Weights | CC BY-NC 4.0 |”" in note and "of the weights" in note for note in result.classification.notes)


def test_a_table_row_giving_the_weights_a_license_licscan_does_not_know_is_unknown(tmp_path):
    table = ("\n| Component | License |\n|---|---|\n| Code | MIT |\n"
             "| Model weights | [Acme Community License v1](https://acme.example/terms) |\n")
    result = bert(tmp_path, table)
    assert result.verdict == "unknown"
    assert any("“Acme Community License v1”, which licscan does not know" in c for c in result.classification.conflicts)


@pytest.mark.parametrize("appended", [
    "The code is released under the Acme Code License (the model weights are under Apache 2.0).",
    "The license of this model is inherited from the Acme base model.",
    "The model weights are under the terms of the license below.",
    "This model is under active development.",
    "**Model weights license:** see LICENSE",
    # a License section's lines that give no license of their own: the base's, the file, a dataset's, the template's
    "See LICENSE",
    "**License:** [LICENSE](LICENSE)",
    "- **License:** [More Information Needed]",
    "1. [TASS Dataset license](http://tass.sepln.org/tass_data/download.php)",
    "END OF TERMS AND CONDITIONS",
    # code and data rows are not the weights' terms; the weights' row names Apache 2.0
    "| Component | License |\n|---|---|\n| Code | Acme Code License |\n| Training data | CC BY-NC 4.0 |\n| Model weights | Apache 2.0 |",
    "| Dataset | License |\n|---|---|\n| SQuAD | CC BY-SA 4.0 |\n| BookCorpus | Acme Data License |",
])
def test_words_that_give_the_weights_no_other_license_leave_apache_allowed(tmp_path, appended):
    result = bert(tmp_path, f"\n## License\n\n{appended}\n")
    assert result.verdict == "allowed", (result.classification.conflicts, result.classification.notes)


@pytest.mark.parametrize("appended", [
    "The license of the model weights is the same as the base model.",
    "The model weights are under the same license as the base model.",
    "**License:** same as the base model's license",
])
def test_words_that_give_the_weights_their_bases_license_ask_for_the_base(tmp_path, appended):
    # no other license named (weights_terms: nothing unknown), but the base is none licscan reads (review46): unknown,
    # until base_model is declared (then lineage decides; here not followed)
    (tmp_path / "no-base").mkdir()
    (tmp_path / "base").mkdir()
    result = bert(tmp_path / "no-base", f"\n## License\n\n{appended}\n")
    assert result.verdict == "unknown"
    assert not any("which licscan does not know" in c for c in result.classification.conflicts)
    assert any("names no base" in c for c in result.classification.conflicts), result.classification.conflicts
    result = bert(tmp_path / "base", f"\n## License\n\n{appended}\n", front_matter="base_model: google-bert/bert-base-cased\n")
    assert result.verdict == "allowed", result.classification.conflicts


@pytest.mark.parametrize("line", [
    # Llama 3.2's card says "**License:** A custom commercial license, the Llama 3.2 Community License": the same
    # words naming a license licscan does not know leave the weights' terms unread (review13)
    "**License:** A custom commercial license, the Acme Community License v1",
    "**License:** [Acme Model License](https://acme.example/license)",
    "License: Acme Research License (see LICENSE)",
    "| License | Acme Model License |",
    "Acme Model License",
    # review16: a value that names no license but says the terms are the publisher's, other labels, a heading
    "**License:** Proprietary",
    "**License:** Custom (see https://acme.ai/license)",
    "- Model weights: [Acme Model License](https://acme.ai/license)",
    "**Licença:** Acme Model License",
    # review17: a kind instead of a name, and the Japanese, Korean and Russian labels
    "**License:** Academic use only",
    "**License:** Restricted",
    "**ライセンス:** Acme モデルライセンス",
    "**라이선스:** Acme 모델 라이선스",
    "**Лицензия:** Лицензия модели Acme",
])
def test_the_cards_own_license_line_naming_a_license_licscan_does_not_know_leaves_apache_unknown(tmp_path, line):
    result = bert(tmp_path, f"\n## License\n\n{line}\n")
    assert result.verdict == "unknown"
    assert any("which licscan does not know" in c and line.strip("|- ") in c for c in result.classification.conflicts), \
        result.classification.conflicts


def test_a_license_heading_naming_a_license_licscan_does_not_know_leaves_apache_unknown(tmp_path):
    result = bert(tmp_path, "\n## License: Acme Model License\n\nSee the license page for details.\n")
    assert result.verdict == "unknown"
    assert any("“Acme Model License”, which licscan does not know" in c for c in result.classification.conflicts), \
        result.classification.conflicts


def test_the_cards_own_license_line_naming_a_license_licscan_knows_is_read_as_that_license(tmp_path):
    result = bert(tmp_path, "\n## License\n\n**License:** A custom commercial license, the Llama 3.2 Community License\n")
    assert result.verdict == "conditional"
    assert "llama3.2" in result.classification.candidates


# --- license keys the Hub does not read -------------------------------------------------------------

def test_a_license_key_in_another_case_is_a_card_problem_and_its_license_applies(tmp_path):
    result = bert(tmp_path, front_matter="License: cc-by-nc-4.0\n")
    assert result.verdict == "denied"
    assert {"apache-2.0", "cc-by-nc-4.0"} <= set(result.classification.candidates)
    assert any("gives 'License'" in problem and "'cc-by-nc-4.0'" in problem and "case-sensitive" in problem
               for problem in result.evidence.card.problems)


def test_a_card_whose_only_license_key_is_in_another_case_is_not_confirmed(tmp_path):
    # the Hub shows no license for 'License: mit'; licscan reads it, and says the card is wrong. (Its value is not the
    # license BERT's exact Apache LICENSE is: 'License: apache-2.0' is confirmed by that text, review29 fm15, acc31.)
    result = bert(tmp_path, replace_license_line="License: mit\n")
    assert result.verdict == "unknown"
    assert any("evidence incomplete" in reason and "gives 'License'" in reason for reason in result.reasons)


def test_a_card_whose_only_license_key_is_in_another_case_is_confirmed_by_the_exact_license_text(tmp_path):
    result = bert(tmp_path, replace_license_line="License: apache-2.0\n")
    assert result.verdict == "allowed", result.reasons
    assert any("gives 'License'" in reason for reason in result.reasons)


def test_a_license_a_yaml_merge_key_brings_under_the_cards_own_applies(tmp_path):
    result = bert(tmp_path, front_matter="<<: {license: cc-by-nc-4.0}\n")
    assert result.verdict == "denied"
    assert {"apache-2.0", "cc-by-nc-4.0"} <= set(result.classification.candidates)
    assert any("merges 'license': 'cc-by-nc-4.0' in with a YAML merge key" in problem for problem in result.evidence.card.problems)


def test_a_license_key_repeating_the_same_license_in_another_case_or_a_merge_changes_nothing(tmp_path):
    (tmp_path / "case").mkdir()
    (tmp_path / "merge").mkdir()
    assert bert(tmp_path / "case", front_matter="License: apache-2.0\n").verdict == "allowed"
    assert bert(tmp_path / "merge", front_matter="<<: {license: apache-2.0}\n").verdict == "allowed"
