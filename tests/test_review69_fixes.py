"""review69: acc77 kept "the Terms and Conditions of X" whole to catch "... of Acme AI", and so read a platform's terms said
in that order as terms of their own ("you agree to the Terms and Conditions of the Hugging Face Hub"): an Apache card went
unknown. A host's terms are no terms of the model's, in either order; another party's stay unknown."""

from __future__ import annotations

import pytest

from tests.test_acc57_review55 import APACHE_CARD
from tests.test_review55_fixes import _verdict


@pytest.mark.parametrize("tail", [
    "By downloading, you agree to the Terms and Conditions of the Hugging Face Hub.",
    "Users agree to the Terms and Conditions of Hugging Face.",
    "You agree to the Terms of Service of Hugging Face.",
    "You must comply with the Terms and Conditions of GitHub.",
])
def test_a_hosts_terms_in_either_order_are_none_of_the_models(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "allowed"


def test_another_partys_terms_and_conditions_stay_unknown(tmp_path):
    assert _verdict(tmp_path, APACHE_CARD + "You agree to be bound by the Terms and Conditions of Acme AI.\n") == "unknown"
