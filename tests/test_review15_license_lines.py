"""Restricted checkpoints the fifteenth review found passing (F1, F9), each on the real BERT card of
benchmarks/real_cards (license: apache-2.0 beside its Apache LICENSE, allowed as it is) with one line added: a
License line, section or table row that names a Creative Commons NonCommercial license without its version, or
gives only its license's kind ("Non-commercial"), and a license badge or link that names one by its alt text or
its page. A dataset's, a base's or a sibling's license stays theirs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.rules import load_knowledge_base
from tests.test_card_text_reading import bert

ROOT = Path(__file__).resolve().parent.parent


# --- F1: a NonCommercial license named without its version -------------------------------------------------------

@pytest.mark.parametrize(("appended", "rule"), [
    ("\n## License\n\nCC-BY-NC\n", "cc-by-nc-4.0"),
    ("\n**License:** CC-BY-NC\n", "cc-by-nc-4.0"),
    ("\n**License:** CC BY-NC-SA\n", "cc-by-nc-sa-4.0"),
    ("\nLicense: CC BY-NC-ND\n", "cc-by-nc-nd-4.0"),
    ("\n| | |\n|---|---|\n| License | CC BY-NC-SA |\n", "cc-by-nc-sa-4.0"),
    ("\n## License\n\nThis model is licensed under Creative Commons BY-NC.\n", "cc-by-nc-4.0"),
    ("\nWeights: CC-BY-NC\n", "cc-by-nc-4.0"),
    # a table of the one model the card is about, under a "Model" column
    ("\n| Model | License |\n|---|---|\n| bert-base-uncased | CC-BY-NC |\n", "cc-by-nc-4.0"),
])
def test_a_noncommercial_cc_license_named_without_its_version_is_denied(tmp_path, appended, rule):
    result = bert(tmp_path, appended)
    assert result.verdict == "denied" and rule in result.classification.candidates, result.reasons
    # the reason says the card gave no version, and what every version licscan knows of it is
    assert any("named without its version" in reason and "non-commercial" in reason for reason in result.reasons), result.reasons


def test_a_version_given_is_not_said_to_be_missing(tmp_path):
    result = bert(tmp_path, "\n## License\n\nCC BY-NC 4.0\n")
    assert result.verdict == "denied" and not any("without its version" in reason for reason in result.reasons), result.reasons


def test_every_version_of_each_noncommercial_cc_license_denies_commercial_use():
    """What makes a version-less name safe to read as the 4.0 rule: no version licscan knows grants commercial use."""
    kb = load_knowledge_base()
    for name, latest in (("CC BY-NC", "cc-by-nc-4.0"), ("CC BY-NC-SA", "cc-by-nc-sa-4.0"), ("CC BY-NC-ND", "cc-by-nc-nd-4.0")):
        assert kb.by_name(name).id == latest
        versions = [rule for rule in kb.rules if rule.id.rsplit("-", 1)[0] == latest.rsplit("-", 1)[0]]
        assert len(versions) >= 2 and all(rule.grant_for("commercial") == "denied" for rule in versions), versions


@pytest.mark.parametrize("appended", [
    "\n**License:** Non-commercial\n",
    "\n**License:** Custom (non-commercial)\n",
    "\n**License:** NC\n",
    "\n## License\n\nNon-commercial use only\n",
])
def test_a_license_line_giving_only_its_kind_non_commercial_is_denied(tmp_path, appended):
    result = bert(tmp_path, appended)
    assert result.verdict == "denied" and "card-non-commercial" in result.classification.candidates, result.reasons


# --- F9: a badge, a link to the license's page ---------------------------------------------------------------------

@pytest.mark.parametrize(("appended", "rule"), [
    ("\n[![License: CC BY-NC 4.0](https://img.shields.io/badge/License-CC%20BY--NC%204.0-lightgrey.svg)]"
     "(https://creativecommons.org/licenses/by-nc/4.0/)\n", "cc-by-nc-4.0"),
    ('\n<p align="center"><a href="https://creativecommons.org/licenses/by-nc-sa/4.0/"><img alt="License: CC BY-NC-SA 4.0" '
     'src="https://img.shields.io/badge/License-CC%20BY--NC--SA%204.0-lightgrey.svg"></a></p>\n', "cc-by-nc-sa-4.0"),
    ("\n![License: CC BY-NC 4.0](https://img.shields.io/badge/License-CC%20BY--NC%204.0-lightgrey.svg)\n", "cc-by-nc-4.0"),
    ("\nLicensed under [this license](https://creativecommons.org/licenses/by-nc/4.0/).\n", "cc-by-nc-4.0"),
    ("\n## License\n\nhttps://creativecommons.org/licenses/by-nc/4.0/\n", "cc-by-nc-4.0"),
])
def test_a_license_badge_or_link_to_a_noncommercial_license_is_the_cards_license_line(tmp_path, appended, rule):
    result = bert(tmp_path, appended)
    assert result.verdict == "denied" and rule in result.classification.candidates, result.reasons


# --- what stays someone else's ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("appended", [
    "\n## Training data\n\nLicensed under CC BY-NC.\n",
    "\n| Dataset | License |\n|---|---|\n| ShareGPT | CC BY-NC |\n",
    "\n| Base model | License |\n|---|---|\n| some-base-7b | CC BY-NC |\n",
    "\n[![Dataset license: CC BY-NC 4.0](https://img.shields.io/badge/Dataset-CC%20BY--NC%204.0-lightgrey.svg)]"
    "(https://creativecommons.org/licenses/by-nc/4.0/)\n",
    "\n[![License: Apache 2.0](https://img.shields.io/badge/License-Apache_2.0-blue.svg)](https://opensource.org/licenses/Apache-2.0)\n",
    "\n**License:** Apache 2.0 (non-commercial datasets were not used)\n",
])
def test_a_dataset_base_or_permissive_badge_is_not_the_models_noncommercial_license(tmp_path, appended):
    result = bert(tmp_path, appended)
    assert result.verdict != "denied", result.reasons
    assert not any(rule.startswith(("cc-by-nc", "card-non-commercial")) for rule in result.classification.candidates), result.reasons


def test_a_table_of_several_models_does_not_give_this_one_a_siblings_license(tmp_path):
    # the card lists a family: which row is this checkpoint the table alone does not say, so no row governs it
    result = bert(tmp_path, "\n| Model | License |\n|---|---|\n| bert-base-uncased | Apache 2.0 |\n| bert-large-nc | CC BY-NC 4.0 |\n")
    assert result.verdict != "denied" and "cc-by-nc-4.0" not in result.classification.candidates, result.reasons
