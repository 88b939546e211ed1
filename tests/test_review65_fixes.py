"""review65: acc71 read a use put under terms without "also" as terms of their own when the words only refer to the license
the card already names ("Use of this model is governed by the license in LICENSE.", "Use is subject to the terms and
conditions of the Apache License.", "... its license.", "... the model's license."): nine Apache cards went unknown. Without
"also", only a name with a word of its own names other terms ("the Acme Model Terms", "the Agreement in AGREEMENT.md").
weights_terms read "the license found in LICENSE" / "the license specified in this model card" as a license named "license
found" / "license specified" (before acc71 too)."""

from __future__ import annotations

import pytest

from tests.test_acc57_review55 import APACHE_CARD
from tests.test_review55_fixes import _verdict


@pytest.mark.parametrize("tail", [
    "Use of this model is governed by the license in LICENSE.",
    "Use is subject to the license at the root of this repository.",
    "Use is subject to the license terms in LICENSE.md.",
    "Use of this model is governed by the license below.",
    "Use of this model is subject to its license.",
    "Use is subject to the model's license.",
    "Use is subject to the terms and conditions of the Apache License.",
    "Use is subject to the conditions of the Apache License 2.0.",
    "Use of the model is subject to the license agreement (Apache 2.0).",
    "Use of this model is subject to the license found in LICENSE.",
    "Use is subject to the license specified in this model card.",
])
def test_a_use_put_under_the_license_already_named_is_allowed(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "allowed"


@pytest.mark.parametrize("tail", [
    "Use is subject to the Acme Model Terms.",
    "Your use must comply with the Acme Model License.",
    "Use of the model is subject to the Agreement in AGREEMENT.md.",
    "Use is subject to the Research Terms.",
    "Use is also subject to the license of Acme Corp.",
])
def test_a_use_put_under_terms_of_their_own_is_unknown(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "unknown"
