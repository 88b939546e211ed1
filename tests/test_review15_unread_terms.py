"""review15's fail-opens where a card points to terms licscan has not read: a sentence agreeing to a license it
does not know, a License sentence whose license is a link, the metadata's `license_link` to another site's page
or to a file the checkpoint does not have.

Each card is the real BERT card (benchmarks/real_cards/cases/google-bert__bert-base-uncased: `license:
apache-2.0` and the Apache LICENSE, allowed as it is) with one sentence or front-matter line added.
"""

from __future__ import annotations

import pytest

from tests.test_weights_terms_and_license_keys import bert


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
    from pathlib import Path
    (tmp_path / "docs").mkdir()
    nc = (Path(__file__).resolve().parent.parent / "license_texts" / "cc-by-nc-4.0.txt").read_text(encoding="utf-8")
    (tmp_path / "docs" / "weights.md").write_text(nc, encoding="utf-8")
    result = bert(tmp_path, front_matter="license_link: docs/weights.md\n")
    assert "cc-by-nc-4.0" in result.classification.candidates
    assert result.verdict == "denied"
