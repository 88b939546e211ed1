"""Review43: three fail-opens read from this session's diff. Each card is the real BERT card of the benchmark with its
`license: apache-2.0` line replaced (tests/test_acc35_declarations.bert_with) and a verbatim license text as LICENSE.

1. `license: other` + a `license_name` of its own words ('acme-noncommercial-license') + `license_link: LICENSE` holding
   the MIT text: the name is not a label for that file; which license applies is unknown (a placeholder name is).
2. `license: [apache-2.0, other]` with the Apache text: the text is the named member's and says nothing of what the bare
   `other` is, as for `[apache-2.0, unknown]` (`license: other` alone is the text's license).
3. A gate "You agree not to share your access and to abide by the CC BY-NC 4.0 license": the "not" denies the sharing.
"""

from __future__ import annotations

import pytest

from tests.test_acc35_declarations import BERT_LICENSE, bert_with
from tests.test_real_card_gaps import _local as judge_folder
from tests.test_real_card_gaps import license_text

MIT = license_text("mit.txt")


@pytest.mark.parametrize(("name", "verdict"), [("acme-noncommercial-license", "unknown"), ("license", "allowed")])
def test_a_license_name_of_its_own_words_is_no_label_for_the_linked_text(tmp_path, name, verdict):
    card = bert_with(f"license: other\nlicense_name: {name}\nlicense_link: LICENSE\n")
    assert judge_folder(tmp_path, {"README.md": card, "LICENSE": MIT}).verdict == verdict


@pytest.mark.parametrize(("lines", "verdict"), [("license:\n- apache-2.0\n- other\n", "unknown"), ("license: other\n", "allowed")])
def test_a_bare_other_beside_a_named_license_is_not_settled_by_that_licenses_text(tmp_path, lines, verdict):
    result = judge_folder(tmp_path, {"README.md": bert_with(lines), "LICENSE": BERT_LICENSE})
    assert result.verdict == verdict, result.reasons


@pytest.mark.parametrize(("gate", "verdict"), [
    ("You agree not to share your access and to abide by the CC BY-NC 4.0 license when using this model.", "denied"),
    ("You will not share the weights and you will comply with the CC BY-NC 4.0 license.", "denied"),
    ("You agree not to share your access and to keep your token safe.", "allowed"),
])
def test_a_gates_denial_of_one_undertaking_leaves_the_license_of_the_next(tmp_path, gate, verdict):
    card = bert_with(f"license: apache-2.0\nextra_gated_prompt: \"{gate}\"\n")
    result = judge_folder(tmp_path, {"README.md": card, "LICENSE": BERT_LICENSE})
    assert result.verdict == verdict, result.reasons
