"""review61: false allows and false blocks in the session's first fixes (acc63, acc64, the round-37 dead link).

- "X-compatible" after a family name read as no base hid a real one: "The base model is Mistral-compatible org/nc",
  "fine-tuned from Llama-3-compatible org/nc" (the id after it was not followed), "fine-tuned from Command-R compatible
  weights released by Cohere" (weights said to be the family's kind are its weights).
- "derivative of" in other words: "is derivative of", "a derivative work from", "a derivation of", "a derived version of",
  "Acme-7B, a derivative of [X]", a "Derivative of: [X]" label line.
- False blocks: "based on the following training data: acme/sft" / "... paper: acme/paper" (a bare id after the colon is
  followed only when what is before it may be a model), and a Hub API address ("huggingface.co/api/models/gpt2").
Each sentence is put into a real card of the set (facebook/bart-base, apache-2.0, naming no base) whose base is then a
CC BY-NC 4.0 case (facebook/nllb-200-1.3B) on the fake Hub (tests/test_acc64_review_gaps.py's builder).
"""

from __future__ import annotations

import pytest

from tests.test_acc57_review55 import APACHE_CARD
from tests.test_acc64_review_gaps import LINK, SID, _judged
from tests.test_review55_fixes import _verdict


@pytest.mark.parametrize("sentence", [
    f"The base model is Mistral-compatible {SID}.",
    f"Acme-7B is fine-tuned from Llama-3-compatible {SID}.",
    f"Acme-7B is fine-tuned from Llama-3-compatible {LINK}.",
    f"Acme-7B is derivative of {LINK}.",
    f"Acme-7B is a derivative work from {LINK}.",
    f"Acme-7B is a derivation of {LINK}.",
    f"Acme-7B is a derived version of {LINK}.",
    f"We release Acme-7B, a derivative of {LINK}.",
    f"Derivative of: {LINK}",
])
def test_a_base_so_named_is_followed_and_a_non_commercial_one_does_not_pass(tmp_path, sentence):
    result = _judged(tmp_path, sentence)
    assert result.verdict == "denied", result.reasons
    assert any(a.repo_id == SID for a in result.ancestors), result.reasons


def test_a_familys_compatible_weights_are_its_weights(tmp_path):
    # Command R is CC BY-NC 4.0 by its family's name
    line = "Acme-7B is fine-tuned from Command-R compatible weights released by Cohere.\n"
    assert _verdict(tmp_path, APACHE_CARD + line) == "denied"


@pytest.mark.parametrize("sentence", [
    "Acme-7B is based on the following training data: acme/acme-sft",
    "Acme-7B is based on the following paper: acme/acme-paper",
    "Acme-7B is fine-tuned from GPT-2 (see huggingface.co/api/models/gpt2).",
    "Acme-7B is trained from scratch and is not a derivative of acme/secret-nc-7b.",
    "Any derivative of Acme-7B must keep this notice.",
])
def test_words_that_name_no_model_repo_are_not_followed(tmp_path, sentence):
    result = _judged(tmp_path, sentence)
    assert SID not in [a.repo_id for a in result.ancestors] and not any("acme/acme-" in a.repo_id or a.repo_id.startswith("api/")
                                                                       for a in result.ancestors), result.reasons
