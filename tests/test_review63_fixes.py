"""review63: acc66's license-line qualifiers read four lines that do not qualify the license as restricting it. What
was modified ("modified files are marked"), the license's own terms ("with its standard terms and conditions"), research
beside production ("for research and production") and what the model is good for ("ideal for research prototypes")
leave the license as named; the qualifiers acc66 reads still restrict or leave the terms open."""

from __future__ import annotations

import pytest

from tests.test_acc57_review55 import APACHE_CARD
from tests.test_review55_fixes import _verdict


@pytest.mark.parametrize("line", [
    "License: Apache 2.0 (modified files are marked)",
    "Released under the Apache 2.0 license with its standard terms and conditions.",
    "Acme-7B is an Apache-2.0 licensed model for research and production.",
    "Released under the Apache 2.0 license, ideal for research prototypes.",
])
def test_words_that_do_not_qualify_the_license_leave_it_as_named(tmp_path, line):
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == "allowed"


@pytest.mark.parametrize("line, verdict", [
    ("**License:** Apache-2.0 (non-commercial)", "denied"),
    ("License: Apache-2.0 for research", "denied"),
    ("Licensed under a modified Apache-2.0.", "unknown"),
    ("License: Apache-2.0 (modified)", "unknown"),
    ("Released under Apache 2.0 with additional use restrictions.", "unknown"),
    ("Released under the Apache 2.0 license with the following terms: no military use.", "unknown"),
])
def test_qualifiers_still_restrict_or_leave_the_terms_open(tmp_path, line, verdict):
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == verdict
