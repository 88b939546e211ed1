"""The card body and the access gate (review40, acc41): what review40 found in acc36's and acc38's readers.

Each card is the real BERT card of the benchmark (benchmarks/real_cards/cases/google-bert__bert-base-uncased,
`license: apache-2.0`, allowed as it is) with review40's part appended or its gate added to the front matter; the
license text pasted is licscan's verbatim reference (license_texts/apache-2.0.txt). Each restricted case was allowed
or conditional on main before its fix; the twin beside it must stay as it was.

1. A license label and its value in two blocks ("<p>License:</p><p>CC BY-NC 4.0</p>", "<dt>License</dt><dd>...</dd>",
   "License:\\n\\nCC BY-NC 4.0") state the license as "License: CC BY-NC 4.0" does.
2. An HTML table never closed, or one inside another's cell, is read as the table a browser draws.
3. A restriction in the same code fence as a pasted license text (a fence of prose) restricts; code stays unread.
4. A gate that has the user acknowledge, comply with or follow a license, or labels it ("License: ..."), names it.
"""

from __future__ import annotations

import pytest
import yaml

from licscan.card_html import card_html_as_markdown
from tests.test_acc36_card_body import APACHE, bert_card
from tests.test_card_text_reading import bert

RESEARCH_ONLY = "This model is for research purposes only and may not be used commercially."


def _denied_by(result, rule_id: str) -> bool:
    return result.verdict == "denied" and rule_id in result.classification.candidates


# --- 1. a label and its value in two blocks -----------------------------------------------------------------------

@pytest.mark.parametrize("written", [
    "<p>License:</p><p>CC BY-NC 4.0</p>\n",
    "<div><b>License</b></div><div>CC BY-NC 4.0</div>\n",
    "<dl><dt>License</dt><dd>CC BY-NC 4.0</dd></dl>\n",
    "License:\n\nCC BY-NC 4.0\n",
    "**License**\n\nCC BY-NC 4.0\n",
    "License\n\n[CC BY-NC 4.0](https://creativecommons.org/licenses/by-nc/4.0/)\n",
])
def test_a_license_label_and_its_value_in_two_blocks_state_the_license(tmp_path, written):
    result = bert(tmp_path, "\n" + written)
    assert _denied_by(result, "cc-by-nc-4.0"), result.reasons


@pytest.mark.parametrize("written", [
    "<p>License:</p><p>Apache 2.0</p>\n",                                  # the license it declares
    "License:\n\nThe training data is CC BY-NC 4.0; the weights are Apache 2.0.\n",   # a sentence, not a name
    "**License**\n\nSee the LICENSE file.\n",
    "<dl><dt>Training data</dt><dd>CC BY-NC 4.0</dd></dl>\n",             # no license label
])
def test_a_label_before_a_sentence_or_the_declared_license_changes_nothing(tmp_path, written):
    result = bert(tmp_path, "\n" + written)
    assert result.verdict == "allowed", result.reasons


# --- 2. tables never closed, tables in tables ------------------------------------------------------------------------

@pytest.mark.parametrize("written", [
    "<table><tr><td>License</td><td>CC BY-NC 4.0</td></tr>\n\nMore text.\n",
    "<table>\n<tr><td>License</td><td>CC BY-NC 4.0</td></tr>\n",
    "<table><tr><td>License</td><td>CC BY-NC 4.0</td></tr></tbody>\n",
    "<table><tr><td><table><tr><td>License</td><td>CC BY-NC 4.0</td></tr></table></td></tr></table>\n",
    "| License | CC BY-NC 4.0 |\n",   # the Markdown twin, denied before too
])
def test_a_table_never_closed_or_inside_a_cell_is_read_as_a_table(tmp_path, written):
    result = bert(tmp_path, "\n" + written)
    assert _denied_by(result, "cc-by-nc-4.0"), result.reasons


def test_an_unclosed_tables_rows_are_markdown_rows_and_what_follows_is_prose():
    written = card_html_as_markdown("<table><tr><td>License</td><td>CC BY-NC 4.0</td></tr>\n\nMore text.\n")
    assert "| License | CC BY-NC 4.0 |" in written and written.rstrip().endswith("\nMore text.")
    nested = card_html_as_markdown("<table><tr><td>A<table><tr><td>License</td><td>CC BY-NC 4.0</td></tr></table></td>"
                                   "<td>B</td></tr></table>\n")
    assert "| A | B |" in nested and "| License | CC BY-NC 4.0 |" in nested


def test_an_unclosed_table_of_the_declared_license_stays_allowed(tmp_path):
    result = bert(tmp_path, "\n<table><tr><td>License</td><td>Apache 2.0</td></tr>\n")
    assert result.verdict == "allowed", result.reasons


# --- 3. a restriction in a fence of prose -----------------------------------------------------------------------------

@pytest.mark.parametrize("fence", ["```", "~~~"])
def test_a_restriction_in_the_fence_of_a_pasted_license_text_restricts(tmp_path, fence):
    result = bert_card(tmp_path, f"\n## License\n\n{fence}\n{APACHE}{RESEARCH_ONLY}\n{fence}\n")
    assert _denied_by(result, "card-research-only"), result.reasons


def test_a_fence_holding_only_the_license_text_stays_allowed(tmp_path):
    result = bert_card(tmp_path, f"\n## License\n\n```\n{APACHE}```\n")
    assert result.verdict == "allowed", result.reasons


@pytest.mark.parametrize("code", [
    "```python\n# This model is for research purposes only and may not be used commercially.\nprint('hi')\n```\n",
    "```\nfrom transformers import AutoModel\n# for research purposes only\nmodel = AutoModel.from_pretrained('x')\n```\n",
    "```text\n<|im_start|>system\nYou are a model for research purposes only.<|im_end|>\n```\n",
])
def test_code_in_a_fence_stays_unread(tmp_path, code):
    result = bert(tmp_path, "\n" + code)
    assert result.verdict == "allowed", result.reasons


# --- 4. a gate that names the license the user is held to --------------------------------------------------------

@pytest.mark.parametrize("gate", [
    {"extra_gated_heading": "Acknowledge CC BY-NC 4.0 license to access the repository",
     "extra_gated_prompt": "Please share your contact information."},
    {"extra_gated_prompt": "Please acknowledge the CC BY-NC 4.0 license to access this model."},
    {"extra_gated_prompt": "Users must comply with the CC BY-NC 4.0 license."},
    {"extra_gated_prompt": "License: CC BY-NC 4.0"},
])
def test_a_gate_the_user_acknowledges_complies_with_or_labels_names_the_license(tmp_path, gate):
    result = bert(tmp_path, front_matter=yaml.safe_dump(gate, width=10**6))
    assert _denied_by(result, "cc-by-nc-4.0"), result.reasons


@pytest.mark.parametrize("gate", [
    {"extra_gated_heading": "Acknowledge license to access the repository",   # the Hub's stock heading names none
     "extra_gated_prompt": "Please share your contact information."},
    {"extra_gated_prompt": "We acknowledge the Llama 3 team. Please share your contact information."},
    {"extra_gated_prompt": "Users must comply with the Apache 2.0 license, not the CC BY-NC 4.0 license."},
    {"extra_gated_prompt": "This model is NOT under CC BY-NC 4.0 like its predecessor. Users must comply with its license."},
])
def test_a_gate_naming_no_license_or_denying_one_changes_nothing(tmp_path, gate):
    result = bert(tmp_path, front_matter=yaml.safe_dump(gate, width=10**6))
    assert result.verdict == "allowed", result.reasons
