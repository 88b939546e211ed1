"""acc68: review62's remaining FAIL-OPEN gaps in terms and license lines. Each card below is `license: apache-2.0` with the
verbatim Apache LICENSE (the corpus's text, tests/test_review55_fixes.py's helper) and one line review62 wrote; main
allowed them all.

1. Terms licscan does not know named beside a known license leave the terms open (unknown): joined by "+", "plus", "as
   well as", "with the X Rider/Addendum/Supplement" (a capitalised name ending in the word for terms), or said in a
   sentence of their own ("Use is also governed by the Acme Model Terms.").
2. "non-commercial" as the predicate of "this release", "all files in this repo", "these weights" restricts, also in a
   list item a "Code:" label opens (the sentence after the label's is not the code's).
3. A "Model:" / "Weights:" part of a "|"-separated line beside the code's part names the weights' license.
Guards (same verdict before and after): both licenses known, a known or a conduct policy, "the same terms as the base
model", "non-commercial-friendly", the model's part Apache while the code's is CC BY-NC, a dataset's "non-commercial",
"with attribution", "with the LICENSE file", a "Model:" part with no code part beside it.
"""

from __future__ import annotations

import pytest

from tests.test_review55_fixes import APACHE_CARD, _verdict

OPEN_TERMS = [
    "The model is licensed under Apache 2.0 plus the Acme addendum.",                         # review62 c057
    "The model is released under Apache 2.0 with the Acme Commercial Rider.",                 # c060
    "**License:** Apache 2.0 + Acme Model License Agreement",                                 # c063
    "The model is released under Apache 2.0 as well as the Acme Research Policy.",            # c064
    "The model is licensed under Apache 2.0. Use is also governed by the Acme Model Terms.",  # c065
    "The model is released under Apache 2.0 with the Acme Model Supplement.",
    "The model is licensed under Apache 2.0. Use is also subject to the Acme Model License.",
    "The model is licensed under Apache 2.0 and Acme Model License Agreement.",   # "Acme" is no "a" description
    "**Code**: MIT | **Model**: Acme Model License",
]
NON_COMMERCIAL = [
    "**Code**: Apache | **Model**: CC BY-NC 4.0",                       # review62 c037
    "- **Code:** MIT. All files in this repo are non-commercial.",      # c047
    "- **Code:** MIT. This release is non-commercial.",                 # c091
    "This release is non-commercial.", "These weights are non-commercial.", "All files in this repo are non-commercial.",
    "**Model Weights**: CC BY-NC 4.0 | **Code**: Apache", "**Code**: Apache 2.0 | **Weights**: CC BY-NC 4.0",
    "Model: CC BY-NC 4.0 | Code: MIT",
]
GUARDS = [
    ("The model is licensed under Apache 2.0 plus the Llama 3.1 Community License", "conditional"),   # both known: both apply
    ("The model is released under Apache 2.0 with the Llama 3.1 Acceptable Use Policy.", "allowed"),
    ("The model is released under Apache 2.0 and our Acceptable Use Policy.", "allowed"),
    ("The model is released under Apache 2.0 with our Acceptable Use Policy.", "allowed"),
    ("The model is licensed under Apache 2.0. Use is also subject to our Acceptable Use Policy.", "allowed"),
    ("The model is released under Apache 2.0 with the Llama 3.1 Acceptable Use Policy and our Privacy Policy.", "allowed"),
    ("The model is licensed under Apache 2.0, subject to the same terms as the base model.", "allowed"),
    ("The model is licensed under Apache 2.0 and the Apache License 2.0.", "allowed"),
    ("This release is non-commercial-friendly.", "allowed"),
    ("**Code**: CC BY-NC 4.0 | **Model**: Apache 2.0", "allowed"),
    ("The dataset is non-commercial.", "allowed"),
    ("The model is released under Apache 2.0 with attribution to the authors.", "allowed"),
    ("The model is released under Apache 2.0 with the LICENSE file in this repo.", "allowed"),
    ("**License:** Apache 2.0 + MIT", "allowed"),
    ("**Model**: Acme-7B | **Params**: 7B", "allowed"),
]


@pytest.mark.parametrize("line", OPEN_TERMS)
def test_unknown_terms_beside_a_known_license_leave_the_terms_open(tmp_path, line):
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == "unknown"


@pytest.mark.parametrize("line", NON_COMMERCIAL)
def test_the_release_or_the_models_part_non_commercial_restricts(tmp_path, line):
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == "denied"


@pytest.mark.parametrize(("line", "verdict"), GUARDS)
def test_guards(tmp_path, line, verdict):
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == verdict


def test_a_known_licenses_terms_said_also_to_apply_are_no_unknown_terms():
    # TheBloke's real card (the set's copy): "it is also subject to the Meta Llama 2 license terms, and the license files
    # for that are additionally included" names Llama 2's terms, which licscan knows
    from licscan.classify.strategies.unknown_terms import unknown_terms_beside
    from tests.test_real_card_gaps import CASES, KB
    card = (CASES / "TheBloke__MythoMax-L2-13B-GPTQ" / "files" / "README.md").read_text(encoding="utf-8")
    assert "also subject to the Meta Llama 2 license terms" in card
    assert unknown_terms_beside(KB, card) == []
