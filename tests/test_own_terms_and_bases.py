"""A derivative that declares no license takes on its bases' licenses, unless its card gives terms of its own that
licscan does not know ("## License\n\nAcme Model License", "**License:** TBD"): then those terms decide, and they are
unknown (round 16's ushikado/yuyuyui-chatbot: "## Licence\n\nTBD." over a base under MIT). On the real card of that
case, whose base rinna/japanese-gpt2-medium is under MIT (a case of its own)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from licscan.evaluate import Evaluator
from licscan.model import Ancestor, Project, Result
from tests.test_real_card_gaps import CLASSIFIER, KB, case_evidence

FOLDER = "ushikado__yuyuyui-chatbot"
BASE = (Ancestor("rinna/japanese-gpt2-medium", "base", 1, "mit", "permissive", via="ushikado/yuyuyui-chatbot"),)


def with_license_section(text: str | None) -> Result:
    evidence = case_evidence(FOLDER)
    assert "## Licence\n\nTBD." in evidence.card_body
    body = evidence.card_body.replace("## Licence\n\nTBD.", text) if text is not None else evidence.card_body
    evidence = replace(evidence, card_body=body)
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), BASE)


@pytest.mark.parametrize("section", [
    "## Licence\n\nTBD.",   # the card as it is
    "## Licence\n\nProprietary",
    "## Licence\n\nAcme Model License",
    "**License:** Acme Model License",
    "**License:** TBD",
    "**License:** To be determined",
    "**License:** Proprietary",
])
def test_terms_of_its_own_licscan_does_not_know_keep_a_derivative_from_its_bases_license(section):
    result = with_license_section(section)
    assert result.verdict == "unknown", result.reasons
    assert result.classification.own_terms and not any("applies through" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize("section", ["## Licence\n\nSee the base model.", "**License:** [More Information Needed]", ""])
def test_words_that_give_no_terms_leave_it_under_its_bases_license(section):
    result = with_license_section(section)
    assert result.verdict == "allowed" and not result.classification.own_terms, result.reasons
    assert any("declares no license of its own" in r for r in result.reasons), result.reasons


def test_a_known_license_on_its_own_line_is_its_own():
    result = with_license_section("**License:** CC BY-NC 4.0")
    assert result.verdict == "denied", result.reasons


@pytest.mark.parametrize("section", ["## Licence\n\nPersonal and academic use only.", "## Licence\n\nAcademic and personal use only."])
def test_a_license_line_restricting_use_is_read_over_a_permissive_base(section):
    # review22 P2: allowed through the MIT base before
    assert with_license_section(section).verdict == "denied"
