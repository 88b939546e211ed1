"""How the card's body is read (acc36, from review37): HTML tables and badges as the Markdown they render like, a
license text pasted into the card read as that license, HTML comments, a badge saying "Research Only".

Each card is the real BERT card (benchmarks/real_cards/cases/google-bert__bert-base-uncased: `license: apache-2.0`,
allowed as it is) with review37's table, badge, comment or pasted license text appended; the license texts pasted are
licscan's verbatim reference texts (license_texts/). The card is judged with its Apache LICENSE (``bert``) or, where
the card body is the only text, alone (``bert_card``). Every restricted case was allowed, conditional or unknown before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.card_html import card_html_as_markdown
from licscan.model import Result
from tests.test_card_text_reading import BERT, CASES, _judge, bert

TEXTS = Path(__file__).resolve().parent.parent / "license_texts"
APACHE = (TEXTS / "apache-2.0.txt").read_text(encoding="utf-8")
LLAMA_31 = (TEXTS / "llama3.1.txt").read_text(encoding="utf-8")


def bert_card(tmp_path: Path, appended: str) -> Result:
    """The BERT card with ``appended`` as its last part, without the LICENSE file: the card is all there is to read."""
    (tmp_path / "README.md").write_text((BERT / "README.md").read_text(encoding="utf-8") + appended, encoding="utf-8")
    return _judge(tmp_path)


# --- 1. HTML tables and badges read as Markdown ones ---------------------------------------------------------------

# review37's HTML (h/html_table_th, h/ht_rows_ml, h/ht_rows, e/body_html_table, f/html_badge_nc, h/html_badge_mit), each
# with the Markdown a card writes for it: the two must read alike
TABLES_AND_BADGES = {
    "table with a License column": (
        "<table>\n  <tr>\n    <th>Model</th>\n    <th>License</th>\n  </tr>\n  <tr>\n    <td>Model X</td>\n"
        "    <td>CC-BY-NC-4.0</td>\n  </tr>\n</table>\n",
        "| Model | License |\n|---|---|\n| Model X | CC-BY-NC-4.0 |\n"),
    "a row per line": ("<table>\n<tr>\n<td>License</td>\n<td>CC-BY-NC-4.0</td>\n</tr>\n</table>\n",
                       "| License | CC-BY-NC-4.0 |\n|---|---|\n"),
    "rows": ("<table>\n<tr><td>Model type</td><td>Causal LM</td></tr>\n<tr><td>License</td><td>CC-BY-NC-4.0</td></tr>\n</table>\n",
             "| Model type | Causal LM |\n|---|---|\n| License | CC-BY-NC-4.0 |\n"),
    "one line": ("<table><tr><td>License</td><td>CC BY-NC 4.0</td></tr></table>\n", "| License | CC BY-NC 4.0 |\n|---|---|\n"),
    "badge linking the LICENSE file": (
        '<div align="center">\n<a href="LICENSE"><img src="https://img.shields.io/badge/License-CC--BY--NC--4.0-lightgrey.svg" '
        'alt="License"></a>\n</div>\n',
        "[![License](https://img.shields.io/badge/License-CC--BY--NC--4.0-lightgrey.svg)](LICENSE)\n"),
    "badge without alt text": ('<p align="center"><img src="https://img.shields.io/badge/license-CC%20BY--NC%204.0-red"></p>\n',
                               "![](https://img.shields.io/badge/license-CC%20BY--NC%204.0-red)\n"),
}


@pytest.mark.parametrize("form", ["html", "markdown"])
@pytest.mark.parametrize("name", list(TABLES_AND_BADGES))
def test_a_noncommercial_license_in_an_html_table_or_badge_denies_as_in_markdown(tmp_path, name, form):
    written = TABLES_AND_BADGES[name][form == "markdown"]
    result = bert(tmp_path, "\n" + written)
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons


@pytest.mark.parametrize("form", ["html", "markdown"])
@pytest.mark.parametrize("name", list(TABLES_AND_BADGES))
def test_the_same_table_or_badge_giving_apache_stays_allowed(tmp_path, name, form):
    written = TABLES_AND_BADGES[name][form == "markdown"]
    apache = written.replace("CC-BY-NC-4.0", "Apache-2.0").replace("CC BY-NC 4.0", "Apache 2.0") \
        .replace("CC--BY--NC--4.0", "Apache_2.0").replace("CC%20BY--NC%204.0", "Apache%202.0")
    assert "NC" not in apache
    result = bert(tmp_path, "\n" + apache)
    assert result.verdict == "allowed", result.reasons


def test_an_html_table_is_a_markdown_table_and_keeps_every_cell():
    # bigscience/bloomz-560m's model table (real card): a header cell outside any row ("</tr>\n<th colspan="12">...") is a
    # row of its own, its words read (they say the P3 variants are for research only), not dropped
    card = (CASES / "bigscience__bloomz-560m" / "files" / "README.md").read_text(encoding="utf-8")
    assert '</tr>\n<th colspan="12">Multitask finetuned on' in card
    read = card_html_as_markdown(card)
    assert "| Multitask finetuned on [P3](https://huggingface.co/datasets/Muennighoff/P3). Released for research purposes only. " \
           "Strictly inferior to above models! |" in read
    assert "| Parameters | 300M | 580M |" in read and "<td>" not in read and "<th" not in read
    # CohereLabs/cohere-transcribe-arabic-07-2026 (real card): "<th>License</th>\n<td>Apache 2.0</td>" is a row
    cohere = (CASES / "CohereLabs__cohere-transcribe-arabic-07-2026" / "files" / "README.md").read_text(encoding="utf-8")
    assert "| License | Apache 2.0 |" in card_html_as_markdown(cohere)


def test_tags_that_are_no_html_elements_and_code_blocks_stay_as_written():
    text = "Copyright <YEAR> <COPYRIGHT HOLDER>, see <https://example.org/x>.\n\n```html\n<table><tr><td>a</td></tr></table>\n```\n"
    assert card_html_as_markdown(text) == text


# --- 2. a license text pasted into the card is that license ---------------------------------------------------------

PASTED = {
    "under a License heading": "\n## License\n\n" + APACHE,
    "in a code fence": "\n## License\n\n```\n" + APACHE + "\n```\n",
    "in a details block": "\n<details><summary>License</summary>\n\n" + APACHE + "\n</details>\n",
}


@pytest.mark.parametrize("name", list(PASTED))
def test_the_apache_text_pasted_into_the_card_is_apache(tmp_path, name):
    # review37 w1-w3, v3: its appendix line 'distributed under the License is distributed on an "AS IS" BASIS' was read
    # as the card putting the weights under a license "License is distributed", and the checkpoint was unknown
    result = bert_card(tmp_path, PASTED[name])
    assert result.verdict == "allowed" and result.classification.license_id == "apache-2.0", result.reasons
    assert not any("License is distributed" in reason for reason in result.reasons)


def test_the_card_s_own_words_beside_a_pasted_license_text_are_still_read(tmp_path):
    # the pasted text is read as Apache; the card's sentence after it restricts the model, as it would alone
    result = bert_card(tmp_path, PASTED["under a License heading"] + "\nThis model is for research purposes only.\n")
    assert result.verdict == "denied" and "card-research-only" in result.classification.candidates, result.reasons
    lead = bert_card(tmp_path, "\n## License\n\nThe model weights are for non-commercial use only. The license:\n\n" + APACHE)
    assert lead.verdict == "denied" and "card-non-commercial" in lead.classification.candidates, lead.reasons


def test_a_pasted_license_text_with_words_changed_is_still_not_allowed(tmp_path):
    changed = APACHE.replace("worldwide, non-exclusive, no-charge", "worldwide, non-exclusive, non-commercial, no-charge", 1)
    assert changed != APACHE
    result = bert_card(tmp_path, "\n## License\n\n" + changed)
    assert result.verdict == "unknown" and result.classification.modified_from == "apache-2.0", result.reasons


def test_a_details_summary_before_the_pasted_llama_text_is_no_word_of_it(tmp_path):
    # review37 v1: "<details><summary>LLAMA 3.1 COMMUNITY LICENSE AGREEMENT</summary>" gave "modified llama3.1 ... added
    # 'summary'": the tag's name was read as a word of the text
    (tmp_path / "README.md").write_text((BERT / "README.md").read_text(encoding="utf-8").replace(
        "license: apache-2.0\n", "license: llama3.1\n", 1) + "\n<details><summary>LLAMA 3.1 COMMUNITY LICENSE AGREEMENT</summary>\n\n"
        + LLAMA_31 + "\n</details>\n", encoding="utf-8")
    result = _judge(tmp_path)
    assert result.classification.license_id == "llama3.1" and result.classification.modified_from is None, result.reasons
    assert result.verdict == "conditional" and not any("summary" in reason for reason in result.reasons)


# --- 3. hidden comments; a badge saying research only ---------------------------------------------------------------

@pytest.mark.parametrize("hidden", [
    "<!-- This model is for research purposes only. -->",        # review37 e/body_html_comment_research: allowed
    "<!-- License: CC BY-NC 4.0, non-commercial use only -->",   # review37 a/htmlcomment_nc: conditional before
])
def test_a_closed_html_comment_is_hidden_and_not_read(tmp_path, hidden):
    # docs/failure-behaviour.md: a closed comment hides what its author hid from every reader of the rendered card
    assert bert(tmp_path, "\n" + hidden + "\n").verdict == "allowed"
    shown = hidden.removeprefix("<!-- ").removesuffix(" -->")
    assert bert(tmp_path, "\n" + shown + "\n").verdict == "denied"


@pytest.mark.parametrize("badge", [
    "![](https://img.shields.io/badge/License-Research%20Only-red)",
    '<p align="center"><img src="https://img.shields.io/badge/License-Research%20Only-red"></p>',
])
def test_a_badge_saying_research_only_restricts(tmp_path, badge):
    result = bert(tmp_path, "\n" + badge + "\n")
    assert result.verdict == "denied" and "card-research-only" in result.classification.candidates, result.reasons
    assert bert(tmp_path, "\n" + badge.replace("Research%20Only", "Apache%202.0") + "\n").verdict == "allowed"


def test_html_nested_deeper_than_recursion_allows_is_read_as_written_not_a_traceback(tmp_path):
    # a hostile card: 2,000 tables one in another around "License: CC BY-NC 4.0"; the HTML reader gives up on it and the
    # card is read as before that reader, its words still restricting
    nested = "<table><tr><td>" * 2000 + "License: CC BY-NC 4.0" + "</td></tr></table>" * 2000
    result = bert(tmp_path, "\n" + nested + "\n")
    assert result.verdict in ("denied", "conditional", "unknown"), result.reasons
