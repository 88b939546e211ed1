"""A license key spelt the British way ('licence: cc-by-nc-4.0', review25) or in the plural ('licenses:'): the Hub does not read it, but its author
wrote it as the checkpoint's license; licscan reads it beside the card's other license keys, and says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_real_card_gaps import _local

APACHE = (Path(__file__).resolve().parents[1] / "license_texts" / "apache-2.0.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("key,value", [("licence", "cc-by-nc-4.0"), ("Licence", "cc-by-nc-4.0"),
                                       # csebuetnlp/mT5_multilingual_XLSum (round 23): the plural key of 2021's cards
                                       ("licenses", "\n- cc-by-nc-sa-4.0")])
def test_a_licence_key_is_read_as_the_license_key(tmp_path, key, value):
    card = f"---\n{key}: {value}\n---\n\n# A model\n\nA fine-tuned summariser.\n"
    result = _local(tmp_path, {"README.md": card, "LICENSE": APACHE})
    assert result.verdict == "denied", result.reasons
    assert any("the Hub does not read" in reason and f"'{key}'" in reason for reason in result.reasons), result.reasons


def test_a_licence_key_in_a_long_front_matter_is_kept(tmp_path):
    # a front matter over licscan's whole-read limit is read in part, its license keys kept: 'licence' among them
    index = "".join(f"  - name: run-{i}\n    results:\n    - metrics:\n      - value: 0.{i:04d}\n" for i in range(9000))
    card = f"---\nlicence: cc-by-nc-4.0\nmodel-index:\n{index}---\n\n# A model\n"
    assert len(card) > 256_000
    result = _local(tmp_path, {"README.md": card, "LICENSE": APACHE})
    assert result.verdict == "denied", result.reasons


def test_trl_s_template_licence_placeholder_is_no_license(tmp_path):
    # TRL writes 'licence: license' on the cards it makes (SteveHong1901/dpo-clean in benchmarks/real_cards): no license
    card = "---\nlicense: apache-2.0\nlicence: license\n---\n\n# A model\n\nA fine-tuned summariser.\n"
    result = _local(tmp_path, {"README.md": card, "LICENSE": APACHE})
    assert result.verdict == "allowed", result.reasons


def test_the_license_key_alone_is_read_as_before(tmp_path):
    card = "---\nlicense: apache-2.0\n---\n\n# A model\n\nA fine-tuned summariser.\n"
    result = _local(tmp_path, {"README.md": card, "LICENSE": APACHE})
    assert result.verdict == "allowed", result.reasons
