"""review15's fail-opens where a card points to terms licscan has not read: a sentence agreeing to a license it
does not know, a License sentence whose license is a link, the metadata's `license_link` to another site's page
or to a file the checkpoint does not have.

Each card is the real BERT card (benchmarks/real_cards/cases/google-bert__bert-base-uncased: `license:
apache-2.0` and the Apache LICENSE, allowed as it is) with one sentence or front-matter line added.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.evaluate import Evaluator
from licscan.model import ManifestEntry, Project, Result
from licscan.sources.local import LocalSource
from tests.test_weights_terms_and_license_keys import BERT, CLASSIFIER, KB, bert


def judged(folder: Path) -> Result:
    evidence = LocalSource(folder, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))


@pytest.mark.parametrize("sentence, quoted", [
    ("By downloading the weights you agree to the [Acme Model License](https://acme.ai/license).", "Acme Model License"),
    ("By using the model weights you agree to be bound by the Acme Community License Agreement.", "Acme Community License Agreement"),
    ("The model license is [here](https://acme.ai/docs/model-license.pdf).", "https://acme.ai/docs/model-license.pdf"),
])
def test_weights_the_card_puts_under_terms_licscan_has_not_read_are_unknown(tmp_path, sentence, quoted):
    result = bert(tmp_path, f"\n## License\n\n{sentence}\n")
    assert result.verdict == "unknown"
    assert any(quoted in c and "which licscan does not know" in c for c in result.classification.conflicts), \
        result.classification.conflicts


@pytest.mark.parametrize("sentence", [
    "By downloading the weights you agree to the [Apache License 2.0](https://www.apache.org/licenses/LICENSE-2.0).",
    "By using the model you agree to be bound by this Agreement.",
    "The model license is [here](LICENSE).",
])
def test_agreeing_to_a_license_licscan_knows_or_the_repos_own_file_leaves_apache_allowed(tmp_path, sentence):
    result = bert(tmp_path, f"\n## License\n\n{sentence}\n")
    assert result.verdict == "allowed", (result.classification.conflicts, result.reasons)


@pytest.mark.parametrize("link, said", [
    ("https://acme.ai/model-license", "points to https://acme.ai/model-license, a page licscan does not read"),
    ("MODEL_LICENSE.md", "points to MODEL_LICENSE.md, which licscan did not read"),
])
def test_a_license_link_to_terms_licscan_has_not_read_beside_apache_is_unknown(tmp_path, link, said):
    result = bert(tmp_path, front_matter=f"license_link: {link}\n")
    assert result.verdict == "unknown"
    assert any(said in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("link", [
    "LICENSE",
    "./LICENSE",
    "https://www.apache.org/licenses/LICENSE-2.0",
    "https://huggingface.co/models?license=license:apache-2.0",
])
def test_a_license_link_to_the_repos_own_license_or_the_declared_licenses_page_changes_nothing(tmp_path, link):
    result = bert(tmp_path, front_matter=f"license_link: {link}\n")
    assert result.verdict == "allowed", result.reasons


def test_a_license_link_to_a_file_of_the_repo_is_read_whatever_its_name(tmp_path):
    # the file the metadata links is read as the card's linked terms are: here the CC BY-NC 4.0 legal code
    (tmp_path / "docs").mkdir()
    nc = (Path(__file__).resolve().parent.parent / "license_texts" / "cc-by-nc-4.0.txt").read_text(encoding="utf-8")
    (tmp_path / "docs" / "weights.md").write_text(nc, encoding="utf-8")
    result = bert(tmp_path, front_matter="license_link: docs/weights.md\n")
    assert "cc-by-nc-4.0" in result.classification.candidates
    assert result.verdict == "denied"


# --- review16: the same beside `license: other` / `unknown` with no name licscan knows; links leaving the repository


@pytest.mark.parametrize("declared", ["license: other\n", "license: unknown\n", "license:\n- apache-2.0\n- other\n"])
def test_a_license_link_to_another_sites_page_beside_other_with_no_known_name_is_unknown(tmp_path, declared):
    result = bert(tmp_path, front_matter="license_link: https://acme.ai/model-license\n",
                  replace_license_line=declared)
    assert result.verdict == "unknown"
    assert any("points to https://acme.ai/model-license, a page licscan does not read" in r for r in result.reasons), result.reasons


def test_a_license_link_naming_the_license_file_without_its_suffix_is_that_file(tmp_path):
    # "license_link: LICENSE" in a repository whose license file is LICENSE.md
    card = (BERT / "README.md").read_text(encoding="utf-8").replace("license: apache-2.0\n", "license: apache-2.0\nlicense_link: LICENSE\n", 1)
    (tmp_path / "README.md").write_text(card, encoding="utf-8")
    (tmp_path / "LICENSE.md").write_bytes((BERT / "LICENSE").read_bytes())
    result = judged(tmp_path)
    assert result.verdict == "allowed", result.reasons


def test_weights_under_terms_in_a_file_outside_the_repository_are_unread(tmp_path):
    # a card kept for another host may link "../../LICENSE" for the details of a license it names (TucanoBR's, in
    # test_real_card_gaps); here the link's own sentence puts the weights under it and names no license
    line = ("The code is released under Apache 2.0. The model weights are licensed under the terms in "
            "[MODEL_LICENSE](../../MODEL_LICENSE).")
    card = (BERT / "README.md").read_text(encoding="utf-8")
    (tmp_path / "README.md").write_text(card + f"\n## License\n\n{line}\n", encoding="utf-8")   # no LICENSE file
    result = judged(tmp_path)
    assert result.verdict == "unknown"
    assert any("../../MODEL_LICENSE" in c and "which the checkpoint does not have" in c for c in result.classification.conflicts), \
        result.classification.conflicts
