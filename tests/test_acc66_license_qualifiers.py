"""acc66: a license line that qualifies the license it names ("**License:** Apache-2.0 (non-commercial)", "License:
Apache-2.0 (academic use)", "This model is released under Apache-2.0 with additional use restrictions.", "Licensed under a
modified Apache-2.0.") was allowed beside `license: apache-2.0` and the verbatim Apache LICENSE (FAIL-OPEN): the words
after the license's name restrict the model, or leave its terms open. Guards: qualifiers that restrict nothing, or
restrictions that are the license's own kind (an OpenRAIL license "with use-based restrictions"). Cards are reviewer-
style lines; the LICENSE file is the corpus's Apache 2.0 text (tests/test_review55_fixes.py's helper)."""

from __future__ import annotations

import pytest

from tests.test_review55_fixes import APACHE_CARD, _verdict

NON_COMMERCIAL = [
    "**License:** MIT (non-commercial)", "**License:** Apache-2.0 (non-commercial)", "License: Apache-2.0 (non commercial)",
    "License: Apache-2.0, non-commercial", "**License**: Apache 2.0 — non-commercial", "**License:** Apache-2.0 (NC)",
    "License: Apache-2.0 + non-commercial clause", "License: Apache-2.0 for non-commercial purposes",
    "This model is Apache-2.0 licensed, excluding commercial use.",
]
RESEARCH = ["License: Apache-2.0 (academic use)", "## License\n\nApache 2.0, for academic use"]
OPEN = [
    "## License\n\nApache 2.0, with the addition of the following use restrictions", "License: Apache-2.0 (custom)",
    "License: Apache-2.0 (with restrictions)", "License: Apache-2.0 with the following restrictions: no military use.",
    "This model is released under Apache-2.0 with additional use restrictions.", "Licensed under a modified Apache-2.0.",
]


@pytest.mark.parametrize("line", NON_COMMERCIAL + RESEARCH)
def test_a_non_commercial_or_academic_qualifier_is_that_restriction(tmp_path, line):
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == "denied"


@pytest.mark.parametrize("line", OPEN)
def test_added_restrictions_or_a_modified_license_leave_the_terms_open(tmp_path, line):
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == "unknown"


@pytest.mark.parametrize("line", ["License: Apache 2.0 (non-commercial use only)", "**License:** Apache-2.0 (research only)",
                                  "## License\n\nApache-2.0.\nNon-commercial.", "License: CC BY-NC 4.0 (non-commercial)"])
def test_guards_already_denied(tmp_path, line):
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == "denied"


@pytest.mark.parametrize("line", [
    "License: Apache-2.0 (commercial use allowed)", "Apache-2.0 (see LICENSE)", "**License:** Apache-2.0 (see LICENSE)",
    "Apache-2.0 (permissive)", "License: Apache-2.0 (permissive)", "MIT (c) 2024 Acme", "License: Apache-2.0 (inherited from the base model)",
    "Non-commercial datasets were not used.", "License: Apache-2.0 (free for commercial and non-commercial use)",
    "License: Apache-2.0 (for research and commercial use)",
    "This model is licensed under Apache 2.0 with no restrictions.", "Released under Apache 2.0 without any additional restrictions.",
    "This model is licensed under Apache 2.0 and can be used for research and commercial purposes.",
    "This model was developed for research purposes and is released under Apache 2.0.",   # before the verb: not the name's
    # the words after the name's clause say what the weights are, not which license (real cards' shapes: Kolors, InternLM)
    "## License\n\nAcme-7B weights are fully open for academic research.",
    "The code is licensed under Apache-2.0, while model weights are fully open for academic research and also allow free commercial usage.",
])
def test_guards_allowed(tmp_path, line):
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == "allowed"


def test_a_qualifier_of_the_codes_license_is_not_the_models(tmp_path):
    # the AGPL code part makes it conditional, as before; its "for research/academia" is the code's (a table cell's bar ends it)
    line = "- **Model weights:** Apache 2.0 | **Code:** AGPL-3.0 for research/academia - commercial licenses available"
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == "conditional"


def test_data_scoped_part_stays_a_note(tmp_path):
    # the data's CC BY-NC part is set aside (lines_for_the_weights): a note, at best conditional, as before
    assert _verdict(tmp_path, APACHE_CARD + "License: Apache-2.0 (code), CC BY-NC 4.0 (data)\n") != "denied"


def test_openrail_with_use_based_restrictions_is_that_license(tmp_path):
    card = "---\nlicense: openrail\n---\n\n# Acme-7B\n\nA 7B text model.\n\nLicense: OpenRAIL-M (with use-based restrictions)\n"
    (tmp_path / "b").mkdir()
    assert _verdict(tmp_path, card, "mit.txt") == _verdict(tmp_path / "b", card.replace(" (with use-based restrictions)", ""), "mit.txt")
