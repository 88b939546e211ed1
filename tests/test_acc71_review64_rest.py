"""acc71: review64's remaining false allows. Terms put on the use without "also" ("Use is subject to the Acme Model Terms.",
"Your use must comply with ..."), a rider beside the license ("with a commercial rider", "with the Acme Rider applying to
commercial use"), a weights part of a line whose labels end in a dash or whose parts "·" separates, "demo use only" (the
"demo" is the use the qualifier allows, not another thing the line licenses) and the non-commercial words in Dutch, Polish,
Russian, Korean and Spanish beside a license line's name. Guards: terms a license licscan knows or its vendor names (Llama 2's
"Use of this model is governed by the Meta license"), a use policy, another thing's use, a code part, demo words that
restrict nothing and the foreign words granting commercial use too. The cards carry the real Apache 2.0, MIT and Llama 2
texts (license_texts)."""

from __future__ import annotations

import pytest

from tests.test_acc57_review55 import APACHE_CARD
from tests.test_review55_fixes import _verdict

MIT_CARD = APACHE_CARD.replace("license: apache-2.0", "license: mit")
LLAMA2_CARD = APACHE_CARD.replace("license: apache-2.0", "license: llama2")


@pytest.mark.parametrize("tail", [
    "This model is licensed under Apache 2.0. Use is subject to the Acme Model Terms.",
    "This model is licensed under Apache 2.0. Your use must comply with the Acme Model Terms.",
    "**License:** Apache-2.0 with a commercial rider (see RIDER.md)",
    "Released under Apache 2.0 with the Acme Rider applying to commercial use.",
    "Released under Apache 2.0 with an addendum for hosted services.",
])
def test_terms_put_on_the_use_beside_the_license_leave_it_unknown(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "unknown"


@pytest.mark.parametrize("tail", [
    "Code — MIT | Weights — CC BY-NC 4.0",
    "**Code**: MIT · **Weights**: CC BY-NC 4.0",
    "**Code** — MIT • **Model** — CC BY-NC 4.0",
])
def test_a_weights_part_beside_the_code_part_gives_the_weights_license(tmp_path, tail):
    assert _verdict(tmp_path, MIT_CARD + tail + "\n", "mit.txt") == "denied"


@pytest.mark.parametrize("tail", [
    "**License:** Apache-2.0 (demo use only)",
    "**License:** Apache-2.0 (niet-commercieel)",
    "**License:** Apache-2.0 (użytek niekomercyjny)",
    "**License:** Apache-2.0 (некоммерческое использование)",
    "**License:** Apache-2.0 (비상업적 용도)",
    "**License:** Apache-2.0 (sin fines comerciales)",
    "**License:** Apache-2.0 (sin fines de lucro)",
])
def test_a_license_line_qualified_as_demo_only_or_non_commercial_restricts(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "denied"


@pytest.mark.parametrize("tail", [
    "This model is licensed under Apache 2.0. Use is subject to the terms of the Apache License.",
    "This model is licensed under Apache 2.0. Use of the hosted API is subject to the Acme Cloud Terms.",
    # Microsoft's Phi cards' trademark notice
    "This model is licensed under Apache 2.0. Any use of third-party trademarks or logos are subject to those third-party's policies.",
    "This model is licensed under Apache 2.0. Your use must comply with the Apache License, Version 2.0.",
    "**License:** Apache-2.0 | Code — see GitHub",
    "**License:** Apache-2.0 (for demo purposes, see the Space)",
    "**License:** Apache-2.0\n\n## Training data\n\nA non-commercial research corpus of Dutch news (niet-commercieel).",
    "**License:** Apache-2.0 (commercieel en niet-commercieel gebruik)",
    "**License:** Apache-2.0 (коммерческое и некоммерческое использование)",
    "**License:** Apache-2.0 (상업적 및 비상업적 용도)",
    "**License:** Apache-2.0 (con o sin fines de lucro)",
    "Released under Apache 2.0 with the standard terms and conditions.",
])
def test_words_that_add_no_terms_leave_the_license_as_named(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "allowed"


def test_a_use_policy_licscan_knows_is_that_policy_not_unknown_terms(tmp_path):
    # the policy's conduct terms apply (use_policy_licenses): a condition, not terms licscan cannot read
    card = APACHE_CARD + "This model is licensed under Apache 2.0. Use is subject to the Llama 3.1 Acceptable Use Policy.\n"
    assert _verdict(tmp_path, card) == "conditional"


def test_the_meta_license_of_a_llama_2_card_is_llama_2(tmp_path):
    # Llama 2's cards: "Use of this model is governed by the Meta license." beside its LICENSE.txt
    card = LLAMA2_CARD + "Use of this model is governed by the Meta license. Your use must comply with the Meta license.\n"
    (tmp_path / "plain").mkdir()
    assert _verdict(tmp_path, card, "llama2.txt") == _verdict(tmp_path / "plain", LLAMA2_CARD, "llama2.txt")
